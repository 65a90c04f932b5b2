/**
 * Pre-trade risk checks per second on one core (#12 item 10; the goal is over 5 million a second).
 *
 * A seeded stream of `orders` orders over 4 symbols (one every 100 µs of simulated time, sizes and
 * prices around a moving reference, about one in six refused by some limit) runs through the gate
 * with EVERY limit set — restricted list, order quantity, notional, price collar, duplicate window,
 * order rate, position and daily loss — exactly as `slipstream risk check` drives it: mark the
 * reference, check, and for a passing order record it and fill it. Two figures:
 *   - `checksPerSec`: the whole loop (mark + check + record/fill), orders / wall second;
 *   - `checkOnlyPerSec`: `check` alone over the same stream against the gate's final state;
 *   - `checksPerCpuSec` / `checkOnlyPerCpuSec`: the same per second of this process's CPU time,
 *     the figure to read on a machine shared with other work (one thread: one core).
 * Each is the median of `reps` runs of a fresh gate; the accepted count must be identical in every
 * run (the stream is deterministic) or the bench throws, so a fast wrong gate cannot pass.
 */
import { Rng } from '../main/kernel/rng.js';
import type { RiskLimits } from '../main/contract/risk.js';
import { PreTradeGate, type GateOrder, type GateUnits } from '../main/risk/pre-trade-gate.js';

const UNITS: GateUnits = { sizeDecimals: 0, priceDecimals: 4, tickUnits: 100, timeUnitsPerSec: 1e9 };
const LIMITS: RiskLimits = {
  restricted: ['XYZ'], maxOrderQty: 5_000, maxNotional: 1_000_000, priceCollarBps: 50, duplicateWindowSec: 0.05,
  maxOrdersPerSec: 9_000, maxPosition: 200_000, dailyLossLimit: 1e9,
};

interface Stream {
  sym: string[];
  side: Int8Array;
  qty: Float64Array;
  price: Float64Array;
  ref: Float64Array;
  ts: Float64Array;
}

function makeStream(n: number, seed: number): Stream {
  const rng = new Rng(seed);
  const names = ['AMZN', 'MSFT', 'AAPL', 'XYZ'];
  const refs = [2_230_000, 3_100_000, 1_900_000, 500_000];
  const s: Stream = { sym: new Array(n), side: new Int8Array(n), qty: new Float64Array(n), price: new Float64Array(n), ref: new Float64Array(n), ts: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const k = rng.float() < 0.02 ? 3 : Math.floor(rng.float() * 3);
    refs[k] = Math.max(10_000, refs[k]! + Math.round((rng.float() - 0.5) * 4) * 100);
    s.sym[i] = names[k]!;
    s.side[i] = rng.float() < 0.5 ? 1 : -1;
    s.qty[i] = rng.float() < 0.03 ? 6_000 : 100 * (1 + Math.floor(rng.float() * 20));
    s.ref[i] = refs[k]!;
    s.price[i] = refs[k]! + (Math.round((rng.float() - 0.5) * 30) + (rng.float() < 0.03 ? 200 : 0)) * 100;
    s.ts[i] = i * 100_000;
  }
  return s;
}

/** Process CPU time in ms (user + system): on a shared, loaded machine it moves far less than wall time. */
function cpuMs(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}

function runFull(s: Stream, n: number): { ms: number; cpu: number; accepted: number; gate: PreTradeGate } {
  const gate = new PreTradeGate(LIMITS, UNITS);
  const o: GateOrder = { symbol: '', side: 1, qty: 0, market: false, price: 0, ts: 0, replace: false, filled: 0, workingSameSide: 0, openOrders: 0 };
  let accepted = 0;
  const c0 = cpuMs();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const sym = s.sym[i]!;
    o.symbol = sym;
    o.side = s.side[i] as 1 | -1;
    o.qty = s.qty[i]!;
    o.price = s.price[i]!;
    o.ts = s.ts[i]!;
    gate.mark(sym, s.ref[i]!);
    if (gate.check(o) === null) {
      gate.accepted(o);
      gate.filled(sym, o.side, o.qty, o.price);
      accepted++;
    }
  }
  return { ms: performance.now() - t0, cpu: cpuMs() - c0, accepted, gate };
}

function runCheckOnly(s: Stream, n: number, gate: PreTradeGate): { ms: number; cpu: number; passed: number } {
  const o: GateOrder = { symbol: '', side: 1, qty: 0, market: false, price: 0, ts: 0, replace: false, filled: 0, workingSameSide: 0, openOrders: 0 };
  let passed = 0;
  const tEnd = s.ts[n - 1]!;
  const c0 = cpuMs();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    o.symbol = s.sym[i]!;
    o.side = s.side[i] as 1 | -1;
    o.qty = s.qty[i]!;
    o.price = s.price[i]!;
    o.ts = tEnd + s.ts[i]!;
    if (gate.check(o) === null) passed++;
  }
  return { ms: performance.now() - t0, cpu: cpuMs() - c0, passed };
}

function median(xs: number[]): number {
  const v = [...xs].sort((a, b) => a - b);
  return v[Math.floor(v.length / 2)]!;
}

/** Options: orders per run (default 2,000,000), runs (default 5). */
export async function runRiskBench(opts: { orders?: number; reps?: number } = {}): Promise<object> {
  const n = opts.orders ?? 2_000_000;
  const reps = opts.reps ?? 5;
  const stream = makeStream(n, 20261203);
  runFull(stream, Math.min(n, 200_000)); // warm-up: let the JIT settle
  const full: number[] = [];
  const only: number[] = [];
  const fullCpu: number[] = [];
  const onlyCpu: number[] = [];
  let accepted = -1;
  let passed = -1;
  const reasons: Record<string, number> = {};
  for (let r = 0; r < reps; r++) {
    const f = runFull(stream, n);
    if (accepted >= 0 && f.accepted !== accepted) throw new Error(`risk bench: run ${r} accepted ${f.accepted}, an earlier run ${accepted}`);
    accepted = f.accepted;
    full.push(f.ms);
    fullCpu.push(f.cpu);
    const c = runCheckOnly(stream, n, f.gate);
    if (passed >= 0 && c.passed !== passed) throw new Error(`risk bench: check-only run ${r} passed ${c.passed}, an earlier run ${passed}`);
    passed = c.passed;
    only.push(c.ms);
    onlyCpu.push(c.cpu);
  }
  // Which limits the stream exercises (counted once, outside the timed loops).
  const g = new PreTradeGate(LIMITS, UNITS);
  const o: GateOrder = { symbol: '', side: 1, qty: 0, market: false, price: 0, ts: 0, replace: false, filled: 0, workingSameSide: 0, openOrders: 0 };
  for (let i = 0; i < Math.min(n, 500_000); i++) {
    o.symbol = stream.sym[i]!; o.side = stream.side[i] as 1 | -1; o.qty = stream.qty[i]!; o.price = stream.price[i]!; o.ts = stream.ts[i]!;
    g.mark(o.symbol, stream.ref[i]!);
    const why = g.check(o);
    reasons[why ?? 'accepted'] = (reasons[why ?? 'accepted'] ?? 0) + 1;
    if (why === null) {
      g.accepted(o);
      g.filled(o.symbol, o.side, o.qty, o.price);
    }
  }
  const perSec = (ms: number) => Math.round(n / (ms / 1000));
  return {
    orders: n,
    reps,
    limits: Object.keys(LIMITS),
    accepted,
    checksPerSec: perSec(median(full)),
    checkOnlyPerSec: perSec(median(only)),
    checksPerCpuSec: perSec(median(fullCpu)),
    checkOnlyPerCpuSec: perSec(median(onlyCpu)),
    nsPerCheck: Math.round((median(full) * 1e6) / n),
    goalPerSec: 5_000_000,
    reasonsFirst500k: reasons,
  };
}
