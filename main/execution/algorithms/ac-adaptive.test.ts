import { describe, expect, it } from 'vitest';
import { AdaptiveShortfallExecutor, adaptiveLambda } from './adaptive-shortfall.js';
import { AlmgrenChrissExecutor, acCumulativeFractions, type ACModel } from './almgren-chriss-executor.js';
import { abmRig, watch } from './test-support.js';
import { TwapExecutor } from './twap.js';

const model: ACModel = { sigmaUnitsPerSqrtSec: 1, etaUnitsPerRate: 0.01 };
const START = 10;
const END = 130;

function runAc(seed: number, lambda: number, slices = 10) {
  const rig = abmRig(seed, 150);
  const ex = new AlmgrenChrissExecutor(rig.ctx, rig.parent({ quantity: 10_000, startSec: START, endSec: END, riskAversion: lambda }), { slices, model });
  ex.start();
  const w = watch(rig, ex, 1e9);
  rig.runTo(150);
  return { rig, ex, w };
}

describe('Almgren-Chriss schedule', () => {
  it('is linear (TWAP) exactly at λ = 0, and more front-loaded the larger λ', () => {
    expect(acCumulativeFractions(model, 120, 10, 0)).toEqual(Array.from({ length: 10 }, (_, k) => (k + 1) / 10));
    const tiny = acCumulativeFractions(model, 120, 10, 1e-12);
    tiny.forEach((f, k) => expect(f).toBeCloseTo((k + 1) / 10, 6));
    const lambdas = [1e-7, 1e-6, 1e-5, 1e-4];
    const fs = lambdas.map((l) => acCumulativeFractions(model, 120, 10, l));
    for (const f of fs) {
      expect(f[9]).toBe(1);
      for (let k = 1; k < 10; k++) expect(f[k]!).toBeGreaterThan(f[k - 1]!);
    }
    for (let i = 1; i < fs.length; i++) for (let k = 0; k < 9; k++) expect(fs[i]![k]!).toBeGreaterThan(fs[i - 1]![k]!);
    expect(() => acCumulativeFractions({ ...model, etaUnitsPerRate: 0 }, 120, 10, 1e-6)).toThrow();
  });

  it('on the market: completes without overfilling; larger λ fills more by mid-horizon', () => {
    const lo = runAc(21, 1e-7);
    const hi = runAc(21, 1e-4);
    for (const r of [lo, hi]) {
      expect(r.ex.parent.filled).toBe(10_000);
      expect(r.w.violations).toEqual([]);
      expect(r.ex.parent.refusals).toEqual([]);
    }
    const mid = (r: typeof lo) => r.w.samples.find((s) => s.tNs >= 70e9)!.filled;
    expect(mid(hi)).toBeGreaterThan(mid(lo) + 2_000);
    const hiPlan = hi.ex.plans.map((p) => p.cumulativeTarget);
    const loPlan = lo.ex.plans.map((p) => p.cumulativeTarget);
    for (let k = 0; k < 9; k++) expect(hiPlan[k]!).toBeGreaterThan(loPlan[k]!);
  });

  it('λ = 0 sends exactly the TWAP child orders on the same seed', () => {
    const ac = runAc(22, 0);
    const rig = abmRig(22, 150);
    const twap = new TwapExecutor(rig.ctx, rig.parent({ quantity: 10_000, startSec: START, endSec: END }), { slices: 10 });
    twap.start();
    rig.runTo(150);
    const rows = (cs: ReturnType<typeof twap.parent.children>) => cs.map((c) => [c.createdNs, c.order.type, c.order.tif, c.order.size, c.order.priceUnits, c.filled, c.status]);
    expect(rows(ac.ex.parent.children())).toEqual(rows(twap.parent.children()));
  });
});

describe('adaptive implementation shortfall', () => {
  it('the λ rule: ×2 per standard deviation in our favour, ÷2 against, clamped at ±2', () => {
    expect(adaptiveLambda(1e-6, 0)).toBe(1e-6);
    expect(adaptiveLambda(1e-6, 1)).toBeCloseTo(2e-6, 18);
    expect(adaptiveLambda(1e-6, -1)).toBeCloseTo(0.5e-6, 18);
    expect(adaptiveLambda(1e-6, 10)).toBeCloseTo(4e-6, 18);
    expect(adaptiveLambda(1e-6, -10)).toBeCloseTo(0.25e-6, 18);
    expect(adaptiveLambda(0, 3)).toBe(0);
    expect(adaptiveLambda(1e-6, NaN)).toBe(1e-6);
  });

  it('re-optimises each slice from the remaining quantity, σ̂ and the move; completes within the limit price', () => {
    const rig = abmRig(23, 150);
    rig.runTo(START);
    const limit = Math.round(rig.ctx.book.mid()) + 30;
    const lambda = 1e-5;
    const ex = new AdaptiveShortfallExecutor(rig.ctx, rig.parent({ quantity: 10_000, startSec: START, endSec: END, riskAversion: lambda, limitPriceUnits: limit }), { slices: 10, model });
    ex.start();
    const w = watch(rig, ex, 1e9);
    rig.runTo(150);
    expect(w.violations).toEqual([]);
    expect(ex.parent.refusals).toEqual([]);
    expect(ex.parent.filled).toBe(10_000);
    for (const c of ex.parent.children()) expect(c.order.type === 'limit' && c.order.priceUnits! <= limit).toBe(true);
    const d = ex.decisions;
    expect(d).toHaveLength(9); // the last slice's target is the whole quantity, nothing to decide
    // Slice 0 is the static AC plan; later slices use σ̂ from the sampled mids and the move rule.
    const static0 = Math.round(10_000 * acCumulativeFractions(model, 120, 10, lambda)[0]!);
    expect(d[0]!.cumulativeTarget).toBe(static0);
    expect(d.slice(1).some((x) => x.sigma !== model.sigmaUnitsPerSqrtSec)).toBe(true);
    for (const x of d) {
      expect(x.lambda).toBeCloseTo(adaptiveLambda(lambda, x.z), 20);
      if (x.z > 0) expect(x.lambda).toBeGreaterThan(lambda);
      if (x.z < 0) expect(x.lambda).toBeLessThan(lambda);
    }
    const plan = ex.plans.map((p) => p.cumulativeTarget);
    for (let k = 1; k < plan.length; k++) expect(plan[k]!).toBeGreaterThanOrEqual(plan[k - 1]!);
    expect(plan[plan.length - 1]).toBe(10_000);
  });

  it('with λ = 0 stays on the linear schedule (within rounding)', () => {
    const rig = abmRig(24, 150);
    const ex = new AdaptiveShortfallExecutor(rig.ctx, rig.parent({ quantity: 10_000, startSec: START, endSec: END }), { slices: 10, model });
    ex.start();
    rig.runTo(150);
    ex.plans.forEach((p, k) => expect(Math.abs(p.cumulativeTarget - 1_000 * (k + 1))).toBeLessThanOrEqual(1));
    expect(ex.parent.filled).toBe(10_000);
  });
});
