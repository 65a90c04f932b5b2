import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BacktestOrderDetailSchema, BacktestResultSchema, type BacktestResult } from '../contract/index.js';
import type { ServerMessage } from '../contract/index.js';
import { Engine } from './engine.js';

// What the UI needs of issue #8 through `backtest.run`: drawn starts on a recorded day, the path
// check (copies), fill rate / partial flags and the VWAP = TWAP note.

const samplesDir = fileURLToPath(new URL('../../assets/sample', import.meta.url));
const SAMPLE = 'AMZN_2012-06-21_34200000_57600000';

function harness() {
  const pending = new Map<number, (m: ServerMessage) => void>();
  const engine = new Engine({ host: 'in-process', engineThread: 'in-process', samplesDir, dataDir: mkdtempSync(join(tmpdir(), 'slip-btp-')) }, (m) => {
    if (m.kind === 'response') pending.get(m.id)?.(m);
  });
  let id = 0;
  const request = (command: string, args: unknown): Promise<any> =>
    new Promise((resolve) => {
      const rid = ++id;
      pending.set(rid, resolve);
      engine.handle({ kind: 'request', id: rid, command, args });
    });
  return { request };
}

async function run(h: ReturnType<typeof harness>, args: Record<string, unknown>): Promise<BacktestResult> {
  const r = await h.request('backtest.run', args);
  expect(r.error).toBeUndefined();
  return BacktestResultSchema.parse(r.result);
}

describe('backtest.run on a recorded day: starts, copies, partial fills, VWAP = TWAP', () => {
  it('startDrawn: each seed draws its own start, so the paths differ; the drill-down re-runs at that start', async () => {
    const h = harness();
    const res = await run(h, {
      strategies: ['twap', 'vwap'], source: { kind: 'sample', id: SAMPLE }, seeds: { from: 1, to: 3 }, side: 'buy', quantity: 2000,
      startSec: 600, startDrawn: true, horizonSec: 60,
    });
    expect(res.config.startDrawn).toBe(true);
    const starts = [...new Set(res.outcomes.map((o) => o.startSec))];
    expect(starts.length).toBeGreaterThan(1);
    expect(starts).not.toContain(600);
    for (const o of res.outcomes) expect(o.pathId).toMatch(/@drawn\/seed\d+$/);
    expect(res.pathCheck).toEqual({ paths: 3, distinct: 3, duplicates: [], note: null });
    for (const o of res.outcomes) {
      expect(o.fillRate).toBeCloseTo(o.filled / o.quantity, 12);
      expect(o.partiallyFilled).toBe(o.filled < o.quantity);
      if (o.strategy === 'vwap') expect(o.scheduleVsTwap).toBeGreaterThanOrEqual(0);
      else expect(o.scheduleVsTwap).toBeNull();
    }
    // VWAP's 30-minute-bin curve is flat over a 60 s order: the engine says so and the note comes through.
    expect(res.vwapSchedule).toMatch(/^vwap's schedule coincides with twap's on \d of 3 paths/);

    const o = res.outcomes.find((x) => x.strategy === 'vwap' && x.seed === 2)!;
    const d = await h.request('backtest.orderDetail', { runId: res.runId, strategy: 'vwap', seed: 2, pathId: o.pathId });
    expect(d.error).toBeUndefined();
    const detail = BacktestOrderDetailSchema.parse(d.result);
    expect(detail.startSec).toBe(o.startSec);
    expect(detail.isBps).toBeCloseTo(o.isBps, 9);
  }, 120_000);

  it('a fixed start: seeds that only move latency are copies, flagged with a note and no paired test (p = n/a)', async () => {
    const h = harness();
    const res = await run(h, {
      strategies: ['twap', 'immediate'], source: { kind: 'sample', id: SAMPLE }, seeds: { from: 1, to: 3 }, side: 'buy', quantity: 100,
      startSec: 600, horizonSec: 10,
    });
    expect(res.config.startDrawn).toBeUndefined();
    for (const o of res.outcomes) expect(o.startSec).toBe(600);
    expect(res.pathCheck!.paths).toBe(3);
    expect(res.pathCheck!.distinct).toBe(1);
    expect(res.pathCheck!.duplicates).toHaveLength(2);
    expect(res.pathCheck!.note).toContain('no paired test is possible with fewer than 2 distinct paths');
    expect(res.stats.find((s) => s.strategy === 'immediate')!.vsBaseline!.pValue).toBeNull();
    expect(res.vwapSchedule).toBeNull();
  }, 120_000);

  it('a passive submit-and-leave order is flagged partially filled with its fill rate', async () => {
    const h = harness();
    const res = await run(h, {
      strategies: ['twap', 'submit-and-leave'], source: { kind: 'scenario', name: 'calm', durationSec: 60 }, seeds: { from: 1, to: 3 }, side: 'buy',
      quantity: 2000, startSec: 30, horizonSec: 20, params: { limitOffsetBps: -50 },
    });
    const sl = res.outcomes.filter((o) => o.strategy === 'submit-and-leave');
    expect(sl).toHaveLength(3);
    for (const o of sl) {
      expect(o.partiallyFilled).toBe(true);
      expect(o.fillRate!).toBeLessThan(1);
      expect(o.fillRate).toBeCloseTo(o.filled / o.quantity, 12);
    }
  }, 120_000);
});
