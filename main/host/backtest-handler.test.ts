import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunStore } from '../store/index.js';
import { BacktestOrderDetailSchema, BacktestResultSchema } from '../contract/index.js';
import type { ServerMessage } from '../contract/index.js';
import { Engine } from './engine.js';
import { acFrontier, failingStrategy, remainingOnGrid } from './backtest-handler.js';

const samplesDir = fileURLToPath(new URL('../../assets/sample', import.meta.url));

function harness(dataDir = mkdtempSync(join(tmpdir(), 'slip-bt-'))) {
  const events: Array<{ name: string; payload: any }> = [];
  const pending = new Map<number, (m: ServerMessage) => void>();
  const engine = new Engine({ host: 'in-process', engineThread: 'in-process', samplesDir, dataDir }, (m) => {
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
  return { engine, events, request, dataDir };
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
    // Stored like the CLI's runs: config, seeds, data hash, versions and one row per parent order.
    const store = await RunStore.open(join(h.dataDir, 'runs.duckdb'));
    try {
      const runs = await store.listRuns();
      expect(runs).toHaveLength(1);
      expect(runs[0]!.dataHash).toBe(res.dataHash);
      expect(await store.getResults(runs[0]!.id)).toHaveLength(6);
    } finally {
      store.close();
    }
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

  it('reports a strategy that cannot run on its own while the others complete, and uses each strategy\'s parameters', async () => {
    const h = harness();
    const r = await h.request('backtest.run', { ...CALM, strategies: ['twap', 'immediate', 'submit-and-leave'], params: { slices: 4 } });
    expect(r.error).toBeUndefined();
    const res = BacktestResultSchema.parse(r.result);
    expect(res.table.columns).toEqual(['twap', 'immediate']);
    expect(res.failed).toEqual([{ strategy: 'submit-and-leave', message: 'Submit & leave needs a price: set its limit offset (bps from the mid at the start).' }]);
    expect(res.config.slices).toBe(4);
    // With a limit offset it has its price and runs next to the others.
    const ok = BacktestResultSchema.parse((await h.request('backtest.run', { ...CALM, strategies: ['twap', 'submit-and-leave', 'pov'], params: { limitOffsetBps: 5, povRate: 0.2 } })).result);
    expect(ok.failed).toEqual([]);
    expect(ok.table.columns).toEqual(['twap', 'submit-and-leave', 'pov']);
    expect(ok.config).toMatchObject({ povRate: 0.2, limitOffsetBps: 5 });
    expect(ok.outcomes.filter((o) => o.strategy === 'submit-and-leave')).toHaveLength(3);
    // A failure the engine only finds while running (here: a job error) drops that strategy alone.
    expect(failingStrategy('job 4 (calm@30s/seed2, pov): boom', [{ index: 4, strategy: 'pov' } as never])).toBe('pov');
    expect(failingStrategy('no job named', [])).toBeNull();
    h.engine.dispose();
  });

  it('exports a stored backtest as CSV, JSON and Parquet with the same rows as the run registry', async () => {
    const h = harness();
    const res = BacktestResultSchema.parse((await h.request('backtest.run', CALM)).result);
    const csv = (await h.request('backtest.export', { runId: res.runId, format: 'csv' })).result;
    const text = Buffer.from(csv.base64, 'base64').toString();
    expect(csv).toMatchObject({ mime: 'text/csv', rows: 6 });
    expect(text.split('\n')[0]).toMatch(/^run_id,job_index,strategy,path_id,/);
    expect(text.trim().split('\n')).toHaveLength(7);
    const json = JSON.parse(Buffer.from((await h.request('backtest.export', { runId: res.runId, format: 'json' })).result.base64, 'base64').toString());
    expect(json.results).toHaveLength(6);
    const pq = (await h.request('backtest.export', { runId: res.runId, format: 'parquet' })).result;
    const bytes = Buffer.from(pq.base64, 'base64');
    expect(bytes.subarray(0, 4).toString()).toBe('PAR1');
    const file = join(h.dataDir, pq.fileName);
    writeFileSync(file, bytes);
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    const rows = (await conn.runAndReadAll(`SELECT strategy, is_bps FROM read_parquet('${file}') ORDER BY job_index`)).getRowObjectsJS();
    conn.closeSync();
    db.closeSync();
    expect(rows.map((x) => x.strategy)).toEqual(json.results.map((x: { strategy: string }) => x.strategy));
    expect(rows.map((x) => x.is_bps)).toEqual(json.results.map((x: { isBps: number | null }) => x.isBps));
    const gone = await h.request('backtest.export', { runId: 'b999', format: 'csv' });
    expect(gone.error).toMatchObject({ code: 'not-found', field: 'runId' });
    h.engine.dispose();
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

describe('backtest.orderDetail', () => {
  it('re-runs one parent order deterministically: same filled quantity and IS as the outcome, with its child orders and fills', async () => {
    const h = harness();
    const r = await h.request('backtest.run', { ...CALM, seeds: { from: 1, to: 2 } });
    expect(r.ok).toBe(true);
    const res = BacktestResultSchema.parse(r.result);
    for (const o of res.outcomes) {
      const d = await h.request('backtest.orderDetail', { runId: res.runId, strategy: o.strategy, seed: o.seed, pathId: o.pathId });
      expect(d.error).toBeUndefined();
      const det = BacktestOrderDetailSchema.parse(d.result);
      expect(det.isBps).toBe(o.isBps);
      expect(det.filled).toBe(o.filled);
      expect(det.impactBps).toBe(o.impactBps);
      expect(det.fills.reduce((n, f) => n + f.size, 0) / 10 ** det.instrument.sizeDecimals).toBe(o.filled);
      expect(det.orders.length).toBeGreaterThan(0);
      expect(det.orders.reduce((n, c) => n + c.filled, 0)).toBe(det.fills.reduce((n, f) => n + f.size, 0));
      expect(det.fills.every((f) => f.side === 1)).toBe(true);
      expect(det.endNs - det.startNs).toBe(CALM.horizonSec * 1e9);
      // The look-back (with = without) then the order window, on one ascending grid.
      expect(det.path.length).toBeGreaterThan(100);
      expect(det.path.every((p, i) => i === 0 || p[0] > det.path[i - 1]![0])).toBe(true);
      expect(det.path.filter((p) => p[0] < det.startNs).every((p) => p[1] === p[2])).toBe(true);
    }
    // Same seed ⇒ same result: a second drill-down is identical (but for the wall time).
    const o = res.outcomes[0]!;
    const a = (await h.request('backtest.orderDetail', { runId: res.runId, strategy: o.strategy, seed: o.seed, pathId: o.pathId })).result;
    const b = (await h.request('backtest.orderDetail', { runId: res.runId, strategy: o.strategy, seed: o.seed, pathId: o.pathId })).result;
    expect({ ...a, elapsedMs: 0 }).toEqual({ ...b, elapsedMs: 0 });
  }, 60_000);

  it('names the field when the order cannot be found', async () => {
    const h = harness();
    const gone = await h.request('backtest.orderDetail', { runId: 'b99', strategy: 'twap', seed: 1, pathId: 'calm@30s/seed1' });
    expect(gone.error).toMatchObject({ code: 'not-found', field: 'runId' });
    const r = await h.request('backtest.run', { ...CALM, seeds: { from: 1, to: 1 } });
    const runId = r.result.runId;
    const strat = await h.request('backtest.orderDetail', { runId, strategy: 'vwap', seed: 1, pathId: 'calm@30s/seed1' });
    expect(strat.error).toMatchObject({ code: 'validation', field: 'strategy' });
    const path = await h.request('backtest.orderDetail', { runId, strategy: 'twap', seed: 1, pathId: 'calm@31s/seed1' });
    expect(path.error).toMatchObject({ code: 'not-found', field: 'pathId' });
    const seed = await h.request('backtest.orderDetail', { runId, strategy: 'twap', seed: 2, pathId: r.result.outcomes[0].pathId });
    expect(seed.error).toMatchObject({ code: 'validation', field: 'seed' });
  }, 30_000);
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
