import { describe, expect, it } from 'vitest';
import { hostAllowed, originAllowed, urlHost } from './request-guard.js';
import { newToken, tokenFrom, tokenMatches } from './token.js';
import { sanitizeFileName } from './upload-handler.js';

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

  it('accepts no Origin, the same host, or loopback; refuses other sites', () => {
    expect(originAllowed(undefined, '127.0.0.1:1', '127.0.0.1')).toBe(true);
    expect(originAllowed('http://127.0.0.1:1', '127.0.0.1:1', '127.0.0.1')).toBe(true);
    expect(originAllowed('http://localhost:5173', '127.0.0.1:1', '127.0.0.1')).toBe(true);
    expect(originAllowed('https://evil.example', '127.0.0.1:1', '127.0.0.1')).toBe(false);
    expect(originAllowed('null', '127.0.0.1:1', '127.0.0.1')).toBe(false);
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
    expect(long.length).toBe(180);
    expect(long.endsWith('.jsonl')).toBe(true);
  });
});
