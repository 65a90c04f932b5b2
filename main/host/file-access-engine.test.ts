/**
 * The engine opens only files the user chose, for every command that takes file paths, and its
 * data errors quote a short, delimited excerpt (issue #7, item 2).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Commands, type ServerMessage } from '../contract/index.js';
import { Engine } from './engine.js';
import { EXCERPT_CHARS } from './file-access-excerpt.js';

const samplesDir = fileURLToPath(new URL('../../assets/sample', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'slip-engine-access-'));
const dataDir = join(root, 'data');
const uploads = join(dataDir, 'uploads', 'batch1');
const outside = join(root, 'elsewhere');
mkdirSync(uploads, { recursive: true });
mkdirSync(outside, { recursive: true });
afterAll(() => rmSync(root, { recursive: true, force: true }));

function harness() {
  const pending = new Map<number, (m: ServerMessage) => void>();
  const engine = new Engine({ host: 'in-process', engineThread: 'in-process', samplesDir, dataDir }, (m) => {
    if (m.kind === 'response') pending.get(m.id)?.(m);
  });
  let id = 0;
  const request = (command: string, args: unknown): Promise<any> =>
    new Promise((resolve) => {
      const rid = ++id;
      pending.set(rid, resolve);
      engine.handle({ kind: 'request', id: rid, command, args });
    });
  return { engine, request };
}

const order = { side: 'buy', quantity: 100, algorithm: 'twap', startSec: 0, horizonSec: 60 };
const backtest = (files: string[]) => ({ strategies: ['twap', 'vwap'], source: { kind: 'files', files }, seeds: { from: 1, to: 1 }, side: 'buy', quantity: 100, startSec: 0, horizonSec: 60 });

/** The commands that take file paths, and where (the request for a list of paths). */
const FILE_COMMANDS: Record<string, { field: string; args: (files: string[]) => unknown }> = {
  'market.open': { field: 'files.0', args: (files) => ({ files, format: 'bars' }) },
  'whatif.run': { field: 'source.files.0', args: (files) => ({ source: { kind: 'files', files }, order, seed: 1 }) },
  'backtest.run': { field: 'source.files.0', args: backtest },
  'signals.train': { field: 'source.files.0', args: (files) => ({ source: { kind: 'files', files }, model: 'logreg', horizon: 50 }) },
  'fix.work': { field: 'md.files.0', args: (files) => ({ sessionId: 'paper', side: 'buy', quantity: 100, horizonSec: 60, strategy: 'vwap', md: { kind: 'file', files } }) },
  // A model folder (checkFolder); the agent's model fields of backtest/whatif/orders are pinned in model-choice.test.ts.
  'models.inspect': { field: 'path', args: (files) => ({ path: files[0] }) },
};

describe('engine file access', () => {
  it('lists every command of the contract whose arguments name a file, path or folder (a new one must be guarded and added here)', () => {
    const pathLike = /file|path|dir|folder|^out$/i;
    // Names that match but hold no file-system path: a market path's index in a backtest.
    const notPaths = new Set(['pathId']);
    const keysOf = (schema: unknown): string[] => {
      if (typeof schema !== 'object' || schema === null) return [];
      const here = Object.keys((schema as { properties?: object }).properties ?? {});
      return [...here, ...Object.values(schema).flatMap(keysOf)];
    };
    const takesPaths = Object.entries(Commands)
      .map(([name, c]) => [name, keysOf(z.toJSONSchema(c.args as z.ZodType, { unrepresentable: 'any', io: 'input' })).filter((k) => pathLike.test(k) && !notPaths.has(k))] as const)
      .filter(([, keys]) => keys.length > 0);
    expect(Object.fromEntries(takesPaths)).toEqual({ 'market.open': ['files'], 'whatif.run': ['files'], 'backtest.run': ['files'], 'signals.train': ['files'], 'fix.work': ['files'], 'models.inspect': ['path'] });
    expect(takesPaths.map(([name]) => name).sort()).toEqual(Object.keys(FILE_COMMANDS).sort());
  });

  for (const [command, { field, args }] of Object.entries(FILE_COMMANDS)) {
    it(`${command}: /etc/passwd and a missing path get the same refusal, quoting nothing of either`, async () => {
      const h = harness();
      const real = await h.request(command, args(['/etc/passwd']));
      const missing = await h.request(command, args(['/etc/no-such-file-here']));
      const secret = join(outside, 'secret.csv');
      writeFileSync(secret, 'timestamp,open,high,low,close,volume\nTOPSECRET\n');
      const chosenNot = await h.request(command, args([secret]));
      for (const r of [real, missing, chosenNot]) {
        expect(r).toMatchObject({ ok: false, error: { code: 'validation', field } });
        expect(r.error.message).not.toMatch(/root|TOPSECRET|no-such|passwd|not found|ENOENT/);
      }
      expect(missing.error.message).toBe(real.error.message);
      h.engine.dispose();
    });
  }

  it('opens a file the user picked in the dialog once it is granted', async () => {
    const h = harness();
    const file = join(outside, 'picked.csv');
    writeFileSync(file, 'timestamp,open,high,low,close,volume\n2024-01-02T14:30:00Z,10,11,9,10.5,100\n2024-01-02T14:31:00Z,10.5,11,10,10.8,50\n');
    expect((await h.request('market.open', { files: [file] })).ok).toBe(false);
    h.engine.grantFiles([file]);
    const opened = await h.request('market.open', { files: [file] });
    expect(opened.error).toBeUndefined();
    expect(opened).toMatchObject({ ok: true, result: { format: 'bars' } });
    h.engine.dispose();
  });

  it('a parse error in an upload names the file only and quotes a short, delimited excerpt', async () => {
    const h = harness();
    const file = join(uploads, 'bars_day.csv');
    const junk = 'Z'.repeat(500);
    writeFileSync(file, `timestamp,open,high,low,close,volume\n2024-01-02T14:30:00Z,${junk},11,9,10.5,100\n`);
    const r = await h.request('market.open', { files: [file] });
    expect(r).toMatchObject({ ok: false, error: { code: 'data-format' } });
    expect(r.error.message).toMatch(/^bars_day\.csv:2: /);
    expect(r.error.message).not.toContain(dataDir);
    const quoted = /found (".*?")(\.\.\. \(shortened\))?$/.exec(r.error.message);
    expect(quoted, r.error.message).not.toBeNull();
    expect((JSON.parse(quoted![1]!) as string).length).toBeLessThanOrEqual(EXCERPT_CHARS);
    expect(r.error.details).toBeUndefined();
    h.engine.dispose();
  });
});
