import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { BacktestResultSchema } from '../contract/index.js';
import type { ServerMessage } from '../contract/index.js';
import { Engine } from './engine.js';
import { acFrontier, remainingOnGrid } from './backtest-handler.js';

const samplesDir = fileURLToPath(new URL('../../assets/sample', import.meta.url));

function harness() {
  const events: Array<{ name: string; payload: any }> = [];
  const pending = new Map<number, (m: ServerMessage) => void>();
  const engine = new Engine({ host: 'in-process', engineThread: 'in-process', samplesDir, dataDir: tmpdir() }, (m) => {
    if (m.kind === 'response') pending.get(m.id)?.(m);
    else events.push({ name: m.name, payload: m.payload });
  });
  let id = 0;
  const request = (command: string, args: unknown): Promise<any> =>
    new Promise((resolve) => {
      const rid = ++id;
      pending.set(rid, resolve);
      engine.handle({ kind: 'request', id: rid, command, args });
    });
  return { engine, events, request };
}

const CALM = { strategies: ['twap', 'immediate'], source: { kind: 'scenario', name: 'calm', durationSec: 60 }, seeds: { from: 1, to: 3 }, side: 'buy', quantity: 2000, startSec: 30, horizonSec: 20 };

describe('backtest.run', () => {
  it('runs twap vs immediate on a calm 60 s scenario, seeds 1-3: a 4-metric table × 2 strategies, with progress', async () => {
    const h = harness();
    const r = await h.request('backtest.run', CALM);
    expect(r.error).toBeUndefined();
    expect(r.ok).toBe(true);
    const res = BacktestResultSchema.parse(r.result);
    expect(res.table.columns).toEqual(['twap', 'immediate']);
    const core = res.table.rows.filter((x) => /^(Implementation shortfall|Market impact|Timing risk|Adaptability)/.test(x.metric));
    expect(core).toHaveLength(4);
    for (const row of core) expect(row.cells).toHaveLength(2);
    expect(res.paths).toBe(3);
    expect(res.outcomes).toHaveLength(6);
    expect(res.stats.map((s) => s.strategy)).toEqual(['twap', 'immediate']);
    expect(res.stats[0]!.vsBaseline).toBeNull();
    expect(res.stats[1]!.vsBaseline?.pValue).not.toBeUndefined();
    expect(res.inventory.series).toHaveLength(2);
    for (const s of res.inventory.series) {
      expect(s.remaining).toHaveLength(res.inventory.tFrac.length);
      expect(s.remaining[0]).toBeLessThanOrEqual(1);
      expect(s.remaining.at(-1)!).toBeLessThanOrEqual(s.remaining[0]!);
    }
    // immediate trades everything at the start; twap is still holding at mid-horizon.
    const imm = res.inventory.series.find((s) => s.strategy === 'immediate')!;
    const twap = res.inventory.series.find((s) => s.strategy === 'twap')!;
    expect(imm.remaining[25]!).toBeLessThan(twap.remaining[25]!);
    expect(res.frontier.points.length).toBeGreaterThan(5);
    const p = h.events.filter((e) => e.name === 'job.progress').map((e) => e.payload);
    expect(p.at(-1)).toMatchObject({ done: true, fraction: 1 });
  });

  it('names the field of a bad argument', async () => {
    const h = harness();
    const one = await h.request('backtest.run', { ...CALM, strategies: ['twap'] });
    expect(one.error).toMatchObject({ code: 'validation', field: 'strategies' });
    const many = await h.request('backtest.run', { ...CALM, seeds: { from: 1, to: 80 } });
    expect(many.error).toMatchObject({ code: 'validation', field: 'seeds.to' });
    const long = await h.request('backtest.run', { ...CALM, horizonSec: 40 });
    expect(long.error).toMatchObject({ code: 'validation', field: 'horizonSec' });
    const unknown = await h.request('backtest.run', { ...CALM, source: { kind: 'scenario', name: 'nope', durationSec: 60 } });
    expect(unknown.error).toMatchObject({ code: 'validation', field: 'source.name' });
  });

  it('cancels through job.cancel', async () => {
    const h = harness();
    const pending = h.request('backtest.run', { ...CALM, seeds: { from: 1, to: 20 } });
    const t0 = Date.now();
    while (!h.events.some((e) => e.name === 'job.progress') && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 5));
    const jobId = h.events.find((e) => e.name === 'job.progress')!.payload.jobId;
    expect((await h.request('job.cancel', { jobId })).result).toEqual({ cancelled: true });
    const r = await pending;
    expect(r.error).toMatchObject({ code: 'cancelled' });
  });
});

describe('backtest mappings', () => {
  it('remainingOnGrid steps down at the fills', () => {
    const r = remainingOnGrid({ startNs: 0, endNs: 100, fills: [{ ts: 50, qty: 5, price: 1, fee: 0, passive: false }] }, 10, 3);
    expect(r).toEqual([1, 0.5, 0.5]);
  });
  it('the AC frontier trades expected cost for risk as urgency rises', () => {
    const f = acFrontier([], { sigmaUnits: 5, tickUnits: 1 }, 10_000, 10_000, 60, 10);
    expect(f.points.length).toBeGreaterThan(5);
    for (let i = 1; i < f.points.length; i++) {
      expect(f.points[i]!.expectedBps).toBeGreaterThanOrEqual(f.points[i - 1]!.expectedBps - 1e-9);
      expect(f.points[i]!.stdBps).toBeLessThanOrEqual(f.points[i - 1]!.stdBps + 1e-9);
    }
  });
});
