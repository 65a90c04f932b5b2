import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Seals short secrets (FIX passwords) for storage in the settings folder. Invariants: `open`
 * returns exactly what `seal` was given with the same `context`, or throws an Error that names
 * the store and never contains the secret; a sealed string carries its scheme prefix so a value
 * sealed by another scheme is recognised and refused in words, not garbled. `context` (e.g. the
 * session id) is bound to the ciphertext where the scheme supports it, so a sealed password
 * copied onto another session does not open.
 */
export interface SecretBox {
  /** 'safe-storage' (Electron: OS keychain / DPAPI / libsecret) or 'file-key' (AES-256-GCM, key file 0600). */
  readonly kind: 'safe-storage' | 'file-key';
  /** Where the key lives, in words, for the Security section and error messages. */
  readonly describe: string;
  seal(plain: string, context: string): string;
  open(sealed: string, context: string): string;
}

const FILE_KEY_PREFIX = 'fk1:';
const SAFE_STORAGE_PREFIX = 'ss1:';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Name of the key file the headless host keeps next to its settings. */
export const SECRET_KEY_FILE = 'secret.key';

/**
 * The headless host's box: AES-256-GCM with a random 256-bit key in `<dir>/secret.key`, created
 * with mode 0600 (exclusive create: an existing key is never overwritten, so a damaged key file
 * costs nothing already sealed until the user decides). Threat model: protects the password from
 * anyone who sees the settings file, a backup of it, logs or a screenshot; it does NOT protect from
 * someone who can read files as the same OS user (they can read the key too) — that is what the OS
 * keychain in the Electron shell adds.
 */
export function openFileKeyBox(dir: string): SecretBox {
  const keyPath = path.join(dir, SECRET_KEY_FILE);
  let key: Buffer | null = null;
  const loadKey = (): Buffer => {
    if (key) return key;
    key = readOrCreateKey(keyPath);
    return key;
  };
  return {
    kind: 'file-key',
    describe: `AES-256-GCM key in ${keyPath} (mode 0600)`,
    seal(plain, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', loadKey(), iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return FILE_KEY_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64');
    },
    open(sealed, context) {
      const raw = unprefix(sealed, FILE_KEY_PREFIX, 'file-key');
      if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('Stored password is damaged (too short to be sealed data); enter it again.');
      const decipher = createDecipheriv('aes-256-gcm', loadKey(), raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      try {
        return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        // GCM's tag check: a different key, an altered value, or a value moved to another session.
        throw new Error(`Stored password cannot be decrypted with ${keyPath} (a different key, or the stored value was altered); enter it again.`);
      }
    },
  };
}

/** The part of Electron's `safeStorage` used here (kept structural so this file does not import electron). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(data: Buffer): string;
  getSelectedStorageBackend?(): string;
}

/**
 * The Electron shell's box: `safeStorage` (macOS Keychain, Windows DPAPI, Linux libsecret/kwallet).
 * Returns null when encryption is unavailable or, on Linux, only the 'basic_text' backend exists
 * (a key hard-coded in Chromium: weaker than the file key), so the caller falls back to the file key.
 * safeStorage has no associated data, so the context is sealed inside and checked on open.
 */
export function safeStorageBox(safe: SafeStorageLike): SecretBox | null {
  if (!safe.isEncryptionAvailable()) return null;
  const backend = safe.getSelectedStorageBackend?.();
  if (backend === 'basic_text') return null;
  return {
    kind: 'safe-storage',
    describe: `Electron safeStorage${backend ? ` (${backend})` : ''}`,
    seal(plain, context) {
      return SAFE_STORAGE_PREFIX + safe.encryptString(JSON.stringify([context, plain])).toString('base64');
    },
    open(sealed, context) {
      const raw = unprefix(sealed, SAFE_STORAGE_PREFIX, 'safe-storage');
      let parsed: unknown;
      try {
        parsed = JSON.parse(safe.decryptString(raw));
      } catch {
        throw new Error('Stored password cannot be decrypted by the OS keychain (another user or machine, or the value was altered); enter it again.');
      }
      if (!Array.isArray(parsed) || parsed.length !== 2 || parsed[0] !== context || typeof parsed[1] !== 'string') {
        throw new Error('Stored password belongs to another session or is damaged; enter it again.');
      }
      return parsed[1];
    },
  };
}

function unprefix(sealed: string, prefix: string, kind: string): Buffer {
  if (!sealed.startsWith(prefix)) {
    const other = sealed.startsWith(FILE_KEY_PREFIX) ? 'file-key' : sealed.startsWith(SAFE_STORAGE_PREFIX) ? 'safe-storage' : 'an unknown scheme';
    throw new Error(`Stored password was sealed by ${other}, this host uses ${kind}; enter it again.`);
  }
  return Buffer.from(sealed.slice(prefix.length), 'base64');
}

function readOrCreateKey(keyPath: string): Buffer {
  fs.mkdirSync(path.dirname(keyPath), { recursive: true });
  try {
    const fd = fs.openSync(keyPath, 'wx', 0o600);
    try {
      const key = randomBytes(KEY_BYTES);
      fs.writeSync(fd, key.toString('base64') + '\n');
      fs.fsyncSync(fd);
      return key;
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  if (process.platform !== 'win32') {
    const mode = fs.statSync(keyPath).mode & 0o777;
    // Refuse rather than use a key others can read: sealing with it would only pretend.
    if ((mode & 0o077) !== 0) throw new Error(`Secret key file ${keyPath} is readable by other users (mode ${mode.toString(8)}); run chmod 600 on it.`);
  }
  const text = fs.readFileSync(keyPath, 'utf8').trim();
  const key = /^[A-Za-z0-9+/]+=*$/.test(text) ? Buffer.from(text, 'base64') : Buffer.alloc(0);
  if (key.length !== KEY_BYTES) {
    throw new Error(`Secret key file ${keyPath} is damaged (expected ${KEY_BYTES} bytes in base64). It was left as it is; move it aside to create a new key, then enter the FIX passwords again.`);
  }
  return key;
}
