import path from 'node:path';

/**
 * Longest stored file name, in UTF-8 bytes. Most file systems allow 255 bytes per name (not 255
 * characters: a 200-character Japanese name is 600 bytes), eCryptfs home folders only 143; this
 * leaves room for the host's own temporary prefix.
 */
export const MAX_NAME_BYTES = 128;
/** Longest extension kept when a name is shortened (readers detect formats by it: `.csv.gz`, `.jsonl`). */
const MAX_EXT_BYTES = 24;

const utf8Bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** The longest prefix of `s` (whole code points) that fits in `maxBytes` of UTF-8. */
function cutToBytes(s: string, maxBytes: number): string {
  let out = '';
  let bytes = 0;
  for (const ch of s) {
    const n = utf8Bytes(ch);
    if (bytes + n > maxBytes) break;
    out += ch;
    bytes += n;
  }
  return out;
}

/**
 * Keeps a browser-supplied file name usable and harmless: no directories, no control or shell
 * characters, no leading dots, at most `MAX_NAME_BYTES` of UTF-8 (cut at a character boundary);
 * the extension survives shortening because the readers detect formats by it.
 */
export function sanitizeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(/[^\p{L}\p{M}\p{N}._+@=,() -]/gu, '_')
    .replace(/^[.\s]+/, '')
    .trim();
  if (!cleaned) return 'upload.bin';
  if (utf8Bytes(cleaned) <= MAX_NAME_BYTES) return cleaned;
  // Keep a double extension such as .csv.gz when it is short.
  const m = /(\.[^.]{1,10}){1,2}$/u.exec(cleaned);
  const ext = m && utf8Bytes(m[0]) <= MAX_EXT_BYTES ? m[0] : cutToBytes(path.extname(cleaned), MAX_EXT_BYTES);
  const stem = cleaned.slice(0, cleaned.length - ext.length);
  return cutToBytes(stem, MAX_NAME_BYTES - utf8Bytes(ext)).replace(/[.\s]+$/, '') + ext;
}
