import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataPath } from '../market/readers/test-support.js';
import { datasetFromDays, evaluateSignalModel, hashFiles, trainSignalModel } from './pipeline.js';
import { checkDataset } from './dataset.js';
import { normalizeFeatureConfig } from './features/feature-config.js';

const MSFT = dataPath('lobster/MSFT_2012-06-21_34200000_37800000_message_50.csv');
const AMZN_BOOK = dataPath('lobster/AMZN_2012-06-21_34200000_57600000_orderbook_1.csv');

describe('signals pipeline (real MSFT level-50 slice)', () => {
  const features = { everyEvents: 2, levels: 10 };

  it('builds a valid dataset; two days stacked keep their label windows apart', () => {
    const one = datasetFromDays([[MSFT]], normalizeFeatureConfig(features), 5);
    checkDataset(one);
    expect(one.t.length).toBeGreaterThan(400);
    const two = datasetFromDays([[MSFT], [MSFT]], normalizeFeatureConfig(features), 5);
    checkDataset(two);
    expect(two.t.length).toBe(2 * one.t.length);
    expect(two.eventIndex[one.t.length]!).toBeGreaterThan(one.eventIndex[one.t.length - 1]! + 5);
  });

  it('trains deterministically: the same seed writes the same model bytes and metrics; purging is reported', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slipstream-pipeline-'));
    const train = (seed: number, out: string) => trainSignalModel({
      kind: 'logreg', days: [[MSFT]], horizon: 5, features, seed, outDir: join(dir, out),
      validation: { mode: 'purged-kfold', folds: 3, embargoRows: 4 },
    });
    const a = await train(1, 'a');
    const b = await train(1, 'b');
    await train(2, 'c');
    expect(readFileSync(join(dir, 'b', 'logreg.json'), 'utf8')).toBe(readFileSync(join(dir, 'a', 'logreg.json'), 'utf8'));
    expect(readFileSync(join(dir, 'c', 'logreg.json'), 'utf8')).not.toBe(readFileSync(join(dir, 'a', 'logreg.json'), 'utf8'));
    expect(b.manifest.metrics).toEqual(a.manifest.metrics);
    // Purged k-fold: every test fold has rows on both sides except at the ends; the middle one purges on both sides and embargoes.
    expect(a.folds).toHaveLength(3);
    expect(a.folds[1]!.purged).toBeGreaterThan(0);
    expect(a.folds[1]!.embargoed).toBeGreaterThan(0);
    expect(a.folds.reduce((s, f) => s + f.test, 0)).toBe(a.rows);
    expect(a.manifest.dataHash).toBe(await hashFiles([MSFT]));
    expect(a.manifest.trainRows).toBe(a.rows);
    const e = await evaluateSignalModel(join(dir, 'a'), [[MSFT]]);
    expect(e.n).toBe(a.rows);
  });

  it('hashFiles depends on the bytes and the order of the files', async () => {
    const h1 = await hashFiles([MSFT, AMZN_BOOK]);
    expect(h1).toMatch(/^[0-9a-f]{64}$/);
    expect(await hashFiles([AMZN_BOOK, MSFT])).not.toBe(h1);
    expect(await hashFiles([MSFT, AMZN_BOOK])).toBe(h1);
  });
});
