import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EngineError } from './engine-error.js';
import { FileAccess } from './file-access.js';

const root = mkdtempSync(join(tmpdir(), 'slip-access-'));
const samplesDir = join(root, 'samples');
const dataDir = join(root, 'data');
const uploadsDir = join(dataDir, 'uploads');
const folder = join(root, 'my-data');
const outside = join(root, 'outside');
for (const d of [samplesDir, join(uploadsDir, 'b1'), folder, outside]) mkdirSync(d, { recursive: true });
writeFileSync(join(uploadsDir, 'b1', 'day.csv'), 'x');
writeFileSync(join(folder, 'bars.csv'), 'x');
writeFileSync(join(outside, 'secret.csv'), 'secret');
writeFileSync(join(dataDir, 'orders.duckdb'), 'db');
symlinkSync(join(outside, 'secret.csv'), join(uploadsDir, 'b1', 'link.csv'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const access = () => new FileAccess({ samplesDir, uploadsDir, dataFolders: [folder] });

function failure(fn: () => unknown): EngineError {
  try {
    fn();
  } catch (e) {
    if (e instanceof EngineError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

describe('FileAccess', () => {
  it('opens uploads, files in a configured data folder and samples (their real paths)', () => {
    const a = access();
    expect(a.check([join(uploadsDir, 'b1', 'day.csv'), join(folder, 'bars.csv')], 'files')).toEqual([join(uploadsDir, 'b1', 'day.csv'), join(folder, 'bars.csv')]);
  });

  it('refuses any other path with the same message whether it exists or not (no probing)', () => {
    const a = access();
    const messages = ['/etc/passwd', '/etc/shadow', '/no/such/file.csv', join(outside, 'secret.csv'), join(outside, 'missing.csv'), join(dataDir, 'orders.duckdb')].map((p) => {
      const e = failure(() => a.check([p], 'files'));
      expect(e.code, p).toBe('validation');
      expect(e.field, p).toBe('files.0');
      return e.message;
    });
    expect(new Set(messages).size).toBe(1);
    expect(messages[0]).toBe('files.0: not a file you chose; open data files with the file dialog or upload them');
  });

  it('refuses traversal, relative paths, NUL bytes and a symlink in the uploads that leads outside', () => {
    const a = access();
    for (const p of [join(uploadsDir, '..', 'orders.duckdb'), `${uploadsDir}/b1/../../orders.duckdb`, 'b1/day.csv', '../data/uploads/b1/day.csv', `${uploadsDir}/b1/day.csv\0.png`, join(uploadsDir, 'b1', 'link.csv'), uploadsDir + '-evil/x.csv']) {
      expect(failure(() => a.check([p], 'source.files')).message, p).toMatch(/^source\.files\.0: not a file you chose/);
    }
  });

  it('checks every path before touching any: a bad second path refuses the whole list', () => {
    const e = failure(() => access().check([join(uploadsDir, 'b1', 'missing.csv'), '/etc/passwd'], 'files'));
    expect(e.field).toBe('files.1');
  });

  it('says not found only inside the allowed folders, and refuses a folder', () => {
    const a = access();
    expect(failure(() => a.check([join(uploadsDir, 'b1', 'gone.csv')], 'files'))).toMatchObject({ code: 'not-found', field: 'files.0', message: expect.stringContaining('"gone.csv" was not found') });
    expect(failure(() => a.check([join(uploadsDir, 'b1')], 'files'))).toMatchObject({ code: 'validation', message: expect.stringContaining('not a file') });
  });

  it('opens a file the user picked in the dialog, and only that one', () => {
    const a = access();
    a.grant([join(outside, 'secret.csv')]);
    expect(a.check([join(outside, 'secret.csv')], 'files')).toEqual([join(outside, 'secret.csv')]);
    expect(failure(() => a.check([join(outside, 'missing.csv')], 'files')).code).toBe('validation');
  });
});
