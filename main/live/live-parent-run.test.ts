import { describe, expect, it } from 'vitest';
import { TERMINAL_STATUSES } from '../domain/order-status.js';
import { OrderPath } from '../execution/order-path.js';
import { scenarioPath } from '../execution/what-if/scenario-path.js';
import { DEFAULT_RISK_LIMITS } from '../risk/risk-limits.js';
import { LiveParentRun, MIN_FALLBACK_SEC, type LiveParentOptions } from './live-parent-run.js';

/**
 * LiveParentRun on the simulated agent-based market (the same run a FIX session drives with the
 * wall clock, here driven by `advanceTo`): deterministic, so every control can be checked exactly.
 */
function setup(over: Partial<LiveParentOptions> = {}) {
  const sim = scenarioPath('calm', 600, 7, false);
  sim.advanceTo(sim.startNs + 20e9); // a book with both sides
  const path = new OrderPath(sim.venue, sim.scheduler, sim.instrument, DEFAULT_RISK_LIMITS, 'T');
  let ended = 0;
  const run = new LiveParentRun({
    parentId: 'T', label: 'sim', instrument: sim.instrument, scheduler: sim.scheduler, path, book: sim.venue.book, priced: true, tape: sim.trades ?? null,
    side: 'buy', quantity: 3_000, horizonSec: 60, strategy: { name: 'vwap', slices: 6 }, refPriceUnits: null, onEnded: () => ended++, ...over,
  });
  const step = (sec: number) => sim.advanceTo(sim.scheduler.now + sec * 1e9);
  const working = () => path.oms.working().length;
  return { sim, path, run, step, working, endedCalls: () => ended };
}

describe('LiveParentRun', () => {
  it('works the strategy through its window and ends once, with every child done and no more than the quantity filled', () => {
    const { run, step, path, endedCalls } = setup();
    expect(run.working).toBe(true);
    expect(run.snapshot().arrivalPriceUnits).toBeGreaterThan(0);
    step(90);
    expect(run.ended).toBe(true);
    expect(endedCalls()).toBe(1);
    expect(path.oms.all().every((c) => TERMINAL_STATUSES.has(c.status))).toBe(true);
    expect(run.filled).toBeGreaterThan(0);
    expect(run.filled).toBeLessThanOrEqual(3_000);
    expect(run.snapshot().fills.reduce((s, f) => s + f.size, 0)).toBe(run.filled);
    step(10);
    expect(endedCalls()).toBe(1);
  });

  it('is reproducible bit for bit on the same path', () => {
    const a = setup();
    const b = setup();
    a.step(30);
    b.step(30);
    expect(JSON.stringify(a.run.snapshot())).toBe(JSON.stringify(b.run.snapshot()));
    expect(a.run.snapshot().children.length).toBeGreaterThan(0);
  });

  it('pause cancels the working children and sends nothing while the window runs; resume works only what is left', () => {
    const { run, step, path, working } = setup();
    step(15);
    expect(path.oms.all().length).toBeGreaterThan(0);
    expect(run.pause()).toBe(true);
    expect(run.pause()).toBe(false);
    step(1);
    expect(working()).toBe(0);
    const n = path.oms.all().length;
    step(15);
    expect(path.oms.all().length).toBe(n);
    expect(run.resume()).toBe(true);
    step(2);
    expect(path.oms.all().length).toBeGreaterThan(n);
    const sentAfter = path.oms.all().slice(n).reduce((s, c) => s + c.order.size, 0);
    expect(sentAfter).toBeLessThanOrEqual(3_000 - path.oms.all().slice(0, n).reduce((s, c) => s + c.filled, 0));
  });

  it('rest to TWAP: the working children are cancelled, TWAP takes the rest (algorithm changes, what it started with does not) and fills the parent', () => {
    const { run, step } = setup();
    step(10);
    expect(run.fallback()).toBe(true);
    expect(run.ticket.algorithm).toBe('twap');
    expect(run.fallback()).toBe(false); // already TWAP
    step(80);
    expect(run.ended).toBe(true);
    expect(run.filled).toBe(3_000);
  });

  it('a fallback at the very end of the window still gets MIN_FALLBACK_SEC to work the rest', () => {
    const { run, step, path } = setup({ horizonSec: 10, quantity: 2_000, strategy: { name: 'vwap', slices: 2 } });
    step(1);
    expect(run.pause()).toBe(true);
    step(8.9); // 0.1 s of the window left
    const before = path.oms.all().length;
    expect(run.fallback()).toBe(true);
    step(1);
    expect(run.ended).toBe(false); // still working 0.9 s past the original window
    expect(path.oms.all().length).toBeGreaterThan(before);
    step(MIN_FALLBACK_SEC + 1);
    expect(run.ended).toBe(true);
  });

  it('kill cancels the working children, refuses every later control, and ends the run; a paused run is killed too', () => {
    const { run, step, working } = setup();
    step(15);
    expect(run.kill()).toBe(true);
    expect(run.kill()).toBe(false);
    expect(run.resume()).toBe(false);
    expect(run.fallback()).toBe(false);
    step(1);
    expect(working()).toBe(0);
    expect(run.ended).toBe(true);
    const p = setup();
    p.step(5);
    p.run.pause();
    expect(p.run.kill()).toBe(true);
    p.step(1);
    expect(p.run.ended).toBe(true);
  });

  it('endNow ends a working run at once, once (its session is going away)', () => {
    const { run, step, endedCalls } = setup();
    step(5);
    expect(run.kill()).toBe(true);
    run.endNow();
    expect(run.ended).toBe(true);
    run.endNow();
    step(5);
    expect(endedCalls()).toBe(1);
  });

  it('TWAP without prices sends market IOCs and marks the arrival at the reference price', () => {
    const { run, step, path } = setup({ priced: false, strategy: { name: 'twap', slices: 3 }, refPriceUnits: 10_000, quantity: 300, horizonSec: 3 });
    expect(run.snapshot().arrivalPriceUnits).toBe(10_000);
    step(6);
    expect(path.oms.all().every((c) => c.order.type === 'market' && c.order.tif === 'ioc')).toBe(true);
    expect(run.ended).toBe(true);
    expect(run.filled).toBe(300);
    expect(run.midNow).toBe(run.snapshot().fills.at(-1)!.priceUnits); // no feed: the last fill is the only price seen
  });
});
