import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from './index.js';

const dataPath = (rel: string) => fileURLToPath(new URL(`../../../shared/data/${rel}`, import.meta.url));
const AMZN = dataPath('lobster/AMZN_2012-06-21_34200000_57600000_message_1.csv');

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, (s) => (out += `${s}\n`), (s) => (err += `${s}\n`));
  return { code, out, err };
}

describe('slipstream signals (end to end on the real AMZN LOBSTER day)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'slipstream-signals-'));
  const modelDir = join(dir, 'logreg-h50');

  it('train saves a model folder with its manifest and out-of-sample metrics; evaluate scores it', async () => {
    const t = await run(['signals', 'train', '--model', 'logreg', '--horizon', '50', '--data', AMZN, '--out', modelDir, '--json']);
    expect(t.err).toBe('');
    expect(t.code).toBe(0);
    const trained = JSON.parse(t.out) as { rows: number; folds: unknown[]; metrics: { n: number; accuracy: number; naive: { accuracy: number } } };
    expect(trained.folds).toHaveLength(4);
    expect(trained.rows).toBeGreaterThan(5000);
    expect(trained.metrics.n).toBeLessThan(trained.rows);
    const manifest = JSON.parse(readFileSync(join(modelDir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest.kind).toBe('logreg');
    expect(manifest.horizon).toBe(50);
    expect(manifest.seed).toBe(1);
    expect(manifest.dataHash).toMatch(/^[0-9a-f]{64}$/);
    expect((manifest.featureNames as string[])).toContain('ofiNorm');
    expect(manifest.metrics).toEqual(trained.metrics);

    const e = await run(['signals', 'evaluate', '--model', modelDir, '--data', AMZN, '--json']);
    expect(e.code).toBe(0);
    const m = JSON.parse(e.out) as Record<string, unknown> & { naive: Record<string, unknown> };
    for (const k of ['accuracy', 'macroF1', 'auc', 'ic', 'n']) expect(typeof m[k]).toBe('number');
    expect(typeof m.naive.accuracy).toBe('number');
    expect(typeof m.naive.macroF1).toBe('number');
    expect(m.n).toBe(trained.rows);
    // Book features carry information about the next 50 events' mid on this day (in sample here).
    expect(m.ic as number).toBeGreaterThan(0.05);
    const text = await run(['signals', 'evaluate', '--model', modelDir, '--data', AMZN]);
    expect(text.out).toMatch(/accuracy \d\.\d{4} {2}macroF1 .* n \d+\nnaive \(training majority class\): accuracy/);
  }, 120_000);

  it('an unknown model gives a usage error naming the choices', async () => {
    const r = await run(['signals', 'train', '--model', 'xgb', '--horizon', '10', '--data', AMZN, '--out', join(dir, 'xgb')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--model.*logreg, gbdt, mlp, lstm/);
  });

  it('usage errors name the option and its limit', async () => {
    expect((await run(['signals', 'train', '--model', 'logreg', '--horizon', '0', '--data', AMZN, '--out', dir])).err).toMatch(/--horizon 0 is outside \[1, /);
    expect((await run(['signals', 'train', '--model', 'logreg', '--horizon', '5', '--data', `${AMZN},`, '--out', dir])).err).toMatch(/--data: an empty day/);
    expect((await run(['signals', 'train', '--model', 'logreg', '--horizon', '5', '--data', '/no/such.csv', '--out', dir])).err).toMatch(/--data: no such file \/no\/such\.csv/);
    expect((await run(['signals', 'evaluate', '--model', join(dir, 'nothing'), '--data', AMZN])).err).toMatch(/--model: no such folder/);
    expect((await run(['signals', 'train', '--model', 'logreg', '--horizon', '5', '--data', AMZN, '--out', dir, '--cv', 'kfold'])).err).toMatch(/--cv must be one of walk-forward, purged-kfold/);
    expect((await run(['signals', 'fit'])).code).toBe(2);
  });

  it('bars (no order book) and data too short for the folds are refused, naming the file or the option', async () => {
    const bars = dataPath('bars/btc-perp-20211231-20220201_1m.csv');
    const r = await run(['signals', 'train', '--model', 'logreg', '--horizon', '5', '--data', bars, '--out', join(dir, 'bars')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${bars}: bars have no order book`);
    const short = join(dir, 'SHORT_2012-06-21_34200000_57600000_message_1.csv');
    writeFileSync(short, `${readFileSync(AMZN, 'utf8').split('\n').slice(0, 60).join('\n')}\n`);
    const s = await run(['signals', 'train', '--model', 'logreg', '--horizon', '5', '--data', short, '--out', join(dir, 'short'), '--folds', '10']);
    expect(s.code).toBe(2);
    expect(s.err).toMatch(/--folds: rows: \d+ rows cannot make 10 folds/);
  });

  it('malformed data: the error names the file, line and field', async () => {
    const bad = join(dir, 'BAD_2012-06-21_34200000_57600000_message_1.csv');
    const lines = readFileSync(AMZN, 'utf8').split('\n').slice(0, 200);
    lines[120] = '34300.5,1,12345,100,abc,1';
    writeFileSync(bad, `${lines.join('\n')}\n`);
    const r = await run(['signals', 'train', '--model', 'logreg', '--horizon', '5', '--data', bad, '--out', join(dir, 'bad')]);
    expect(r.code).toBe(1);
    // The reader names the file (by its name), the line and the column's field.
    expect(r.err).toContain('BAD_2012-06-21_34200000_57600000_message_1.csv:121: column 5 (Price)');
  });
});
