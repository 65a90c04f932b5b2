import { describe, expect, it } from 'vitest';
import { hostAllowed, originAllowed, urlHost } from './request-guard.js';
import { newToken, tokenFrom, tokenMatches } from './token.js';
import { MAX_NAME_BYTES, sanitizeFileName } from './upload-name.js';

describe('token', () => {
  it('is 48 hex chars, fresh each time, and compared exactly', () => {
    const t = newToken();
    expect(t).toMatch(/^[0-9a-f]{48}$/);
    expect(newToken()).not.toBe(t);
    expect(tokenMatches(t, t)).toBe(true);
    for (const bad of [null, undefined, '', t.slice(1), t + '0', t.toUpperCase()]) expect(tokenMatches(t, bad)).toBe(false);
  });

  it('comes from ?token= or a Bearer header', () => {
    expect(tokenFrom(new URL('http://x/ws?token=abc'), undefined)).toBe('abc');
    expect(tokenFrom(new URL('http://x/api'), 'Bearer def')).toBe('def');
    expect(tokenFrom(new URL('http://x/api'), 'Basic def')).toBeNull();
  });
});

describe('request guards', () => {
  it('accepts loopback Host names only when bound to loopback', () => {
    for (const h of ['127.0.0.1:7341', 'localhost:5173', '[::1]:7341']) expect(hostAllowed(h, '127.0.0.1'), h).toBe(true);
    for (const h of ['evil.example:7341', 'evil.example', undefined]) expect(hostAllowed(h, '127.0.0.1'), String(h)).toBe(false);
    expect(hostAllowed('192.168.1.5:7341', '0.0.0.0')).toBe(true);
  });

  it('accepts no Origin or exactly the host\'s own origin (scheme, host, port); refuses everything else', () => {
    expect(originAllowed(undefined, '127.0.0.1:7341', '127.0.0.1', 7341)).toBe(true);
    expect(originAllowed('http://127.0.0.1:7341', '127.0.0.1:7341', '127.0.0.1', 7341)).toBe(true);
    expect(originAllowed('http://localhost:7341', 'localhost:7341', '127.0.0.1', 7341)).toBe(true);
    expect(originAllowed('http://[::1]:7341', '[::1]:7341', '::1', 7341)).toBe(true);
    const refused: Array<[string, string]> = [
      ['http://localhost:5173', '127.0.0.1:7341'], // another program's page on this machine
      ['http://127.0.0.1:8080', '127.0.0.1:7341'], // same host name, another port
      ['http://localhost:7341', '127.0.0.1:7341'], // another name for the same address is another origin
      ['https://127.0.0.1:7341', '127.0.0.1:7341'], // another scheme
      ['http://127.0.0.1:7341/x', '127.0.0.1:7341'], // not an Origin header a browser sends
      ['https://evil.example', '127.0.0.1:7341'],
      ['http://evil.example:7341', 'evil.example:7341'], // DNS rebinding: the Host is refused first
      ['http://localhost:5173', 'localhost:5173'], // a page proxied from another port
      ['null', '127.0.0.1:7341'],
      ['', '127.0.0.1:7341'],
    ];
    for (const [origin, host] of refused) expect(originAllowed(origin, host, '127.0.0.1', 7341), `${origin} → ${host}`).toBe(false);
  });

  it('accepts an origin listed by hand exactly (the vite dev proxy), and nothing near it', () => {
    const extra = ['http://localhost:5173'];
    expect(originAllowed('http://localhost:5173', 'localhost:5173', '127.0.0.1', 7341, extra)).toBe(true);
    expect(originAllowed('http://localhost:5174', 'localhost:5174', '127.0.0.1', 7341, extra)).toBe(false);
    expect(originAllowed('https://localhost:5173', 'localhost:5173', '127.0.0.1', 7341, extra)).toBe(false);
    expect(originAllowed('http://localhost:5173', 'evil.example', '127.0.0.1', 7341, extra)).toBe(false);
  });

  it('writes IPv6 hosts in brackets and wildcards as loopback', () => {
    expect(urlHost('::1')).toBe('[::1]');
    expect(urlHost('0.0.0.0')).toBe('127.0.0.1');
  });
});

describe('sanitizeFileName', () => {
  it('keeps a usable name with its extension and drops paths and odd characters', () => {
    expect(sanitizeFileName('AMZN_2012-06-21_message_10.csv')).toBe('AMZN_2012-06-21_message_10.csv');
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('..\\..\\x.csv.gz')).toBe('x.csv.gz');
    expect(sanitizeFileName('.hidden')).toBe('hidden');
    expect(sanitizeFileName('a;rm -rf $HOME|.csv')).toBe('a_rm -rf _HOME_.csv');
    expect(sanitizeFileName('')).toBe('upload.bin');
    const long = sanitizeFileName('x'.repeat(500) + '.jsonl');
    expect(Buffer.byteLength(long)).toBe(MAX_NAME_BYTES);
    expect(long.endsWith('.jsonl')).toBe(true);
    // Bytes, not characters: 200 three-byte characters would be 600 bytes (ENAMETOOLONG).
    const cjk = sanitizeFileName('板'.repeat(200) + '.csv');
    expect(Buffer.byteLength(cjk)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(cjk).toBe('板'.repeat(41) + '.csv');
    // A cut never splits a character (no U+FFFD), even a four-byte one.
    expect(sanitizeFileName('𠀀'.repeat(100) + '.gz')).toBe('𠀀'.repeat(31) + '.gz');
  });
});
