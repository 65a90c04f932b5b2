import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SECRET_KEY_FILE, openFileKeyBox, safeStorageBox, type SafeStorageLike } from './secret-box.js';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'secret-box-'));
const PW = 'S3cret-pässword!';

describe('file-key secret box (headless host)', () => {
  it('round-trips, with a fresh IV each time, and creates the key file with mode 0600', () => {
    const dir = tmp();
    const box = openFileKeyBox(dir);
    const a = box.seal(PW, 'sess-1');
    const b = box.seal(PW, 'sess-1');
    expect(a).not.toBe(b);
    expect(a).not.toContain(PW);
    expect(Buffer.from(a.slice(4), 'base64').toString('latin1')).not.toContain('S3cret');
    expect(box.open(a, 'sess-1')).toBe(PW);
    // A second box on the same folder (the next start) reads the same key.
    expect(openFileKeyBox(dir).open(b, 'sess-1')).toBe(PW);
    if (process.platform !== 'win32') expect(fs.statSync(path.join(dir, SECRET_KEY_FILE)).mode & 0o777).toBe(0o600);
  });

  it('refuses a value sealed with another key, for another session, or altered — in words, without the password', () => {
    const box = openFileKeyBox(tmp());
    const sealed = box.seal(PW, 'sess-1');
    const other = openFileKeyBox(tmp());
    expect(() => other.open(sealed, 'sess-1')).toThrow(/cannot be decrypted with .*secret\.key/);
    expect(() => box.open(sealed, 'sess-2')).toThrow(/cannot be decrypted/);
    const raw = Buffer.from(sealed.slice(4), 'base64');
    raw[raw.length - 1] ^= 1;
    expect(() => box.open('fk1:' + raw.toString('base64'), 'sess-1')).toThrow(/altered/);
    expect(() => box.open('fk1:AAAA', 'sess-1')).toThrow(/damaged/);
    expect(() => box.open('ss1:AAAA', 'sess-1')).toThrow(/sealed by safe-storage, this host uses file-key/);
    for (const f of [() => other.open(sealed, 'sess-1'), () => box.open(sealed, 'sess-2')]) {
      try {
        f();
      } catch (e) {
        expect((e as Error).message).not.toContain(PW);
      }
    }
  });

  it('a damaged key file is a clear error and is left as it is (never replaced by a new key)', () => {
    const dir = tmp();
    const keyPath = path.join(dir, SECRET_KEY_FILE);
    fs.writeFileSync(keyPath, 'not a key\n', { mode: 0o600 });
    const box = openFileKeyBox(dir);
    expect(() => box.seal(PW, 's')).toThrow(/secret\.key is damaged \(expected 32 bytes in base64\)\. It was left as it is/);
    expect(fs.readFileSync(keyPath, 'utf8')).toBe('not a key\n');
  });

  it.skipIf(process.platform === 'win32')('refuses a key file other users can read', () => {
    const dir = tmp();
    openFileKeyBox(dir).seal(PW, 's');
    fs.chmodSync(path.join(dir, SECRET_KEY_FILE), 0o644);
    expect(() => openFileKeyBox(dir).seal(PW, 's')).toThrow(/readable by other users \(mode 644\)/);
  });
});

/** A stand-in for Electron's safeStorage: XOR with a per-"user" byte, so another user cannot decrypt. */
function fakeSafeStorage(userByte: number, backend = 'gnome_libsecret'): SafeStorageLike {
  const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ userByte));
  return {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => backend,
    encryptString: (s) => Buffer.concat([Buffer.from('v10'), xor(Buffer.from(s, 'utf8'))]),
    decryptString: (b) => {
      if (b.subarray(0, 3).toString() !== 'v10') throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return xor(b.subarray(3)).toString('utf8');
    },
  };
}

describe('safeStorage secret box (Electron shell)', () => {
  it('round-trips and binds the session', () => {
    const box = safeStorageBox(fakeSafeStorage(0x5a))!;
    expect(box.kind).toBe('safe-storage');
    const sealed = box.seal(PW, 'sess-1');
    expect(sealed.startsWith('ss1:')).toBe(true);
    expect(sealed).not.toContain(PW);
    expect(box.open(sealed, 'sess-1')).toBe(PW);
    expect(() => box.open(sealed, 'sess-2')).toThrow(/another session/);
    expect(() => safeStorageBox(fakeSafeStorage(0x33))!.open(sealed, 'sess-1')).toThrow(/cannot be decrypted by the OS keychain/);
    expect(() => box.open('ss1:' + Buffer.from('junk').toString('base64'), 'sess-1')).toThrow(/cannot be decrypted/);
  });

  it('is not used when encryption is unavailable or only the hard-coded basic_text key exists', () => {
    expect(safeStorageBox({ ...fakeSafeStorage(1), isEncryptionAvailable: () => false })).toBeNull();
    expect(safeStorageBox(fakeSafeStorage(1, 'basic_text'))).toBeNull();
  });
});
