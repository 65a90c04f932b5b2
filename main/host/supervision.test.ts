import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TWAP_PACE_ENV } from '../execution/agent/agent-test-support.js';
import { saveRandomAgentModel } from '../execution/agent/random-agent-model.js';
import type { OrderTicketParsed } from '../contract/orders.js';
import { estimatePathModel } from '../execution/parent-order-service.js';
import { ParentOrderRun } from '../execution/parent-order-run.js';
import { scenarioPath } from '../execution/what-if/scenario-path.js';
import { SupervisionService } from './supervision.js';

const TICKET: OrderTicketParsed = {
  source: { kind: 'scenario', name: 'calm', durationSec: 600, seed: 11 }, side: 'buy', quantity: 2_000, algorithm: 'vwap',
  startSec: 0, horizonSec: 600, urgency: 2, maxParticipation: 1,
};
const TERMINAL = ['Filled', 'Cancelled', 'Rejected', 'Denied', 'Expired'];

function setup(t: OrderTicketParsed = TICKET) {
  const path = () => scenarioPath('calm', 600, 11, false);
  const run = new ParentOrderRun(t, path(), estimatePathModel(path(), t.startSec), 'PO-s');
  const runs = new Map<string, ParentOrderRun>([['PO-s', run]]);
  return { run, runs, sup: new SupervisionService(() => runs) };
}
const working = (run: ParentOrderRun) => run.snapshot().children.filter((c) => !TERMINAL.includes(c.status));

describe('SupervisionService', () => {
  it('reports progress against the linear schedule and a mark-to-mid shortfall estimate', () => {
    const { run, sup } = setup();
    run.stepTo(run.nowNs + 150e9);
    const [s] = sup.state();
    expect(s).toMatchObject({ parentId: 'PO-s', state: 'working', algorithm: 'vwap', startedWith: 'vwap', quantity: 2_000 });
    expect(s!.elapsedFraction).toBeCloseTo((run.nowNs - run.orderStartNs) / 600e9, 12);
    expect(s!.scheduleFilled).toBeCloseTo(2_000 * s!.elapsedFraction, 9);
    expect(s!.deviation).toBeCloseTo((s!.filled - s!.scheduleFilled) / 2_000, 12);
    expect(s!.filled).toBeGreaterThan(0);
    // By hand: filled part at its average, the rest at the mid, against the arrival mid.
    const byHand = ((s!.avgPriceUnits! * s!.filled + s!.midUnits! * (2_000 - s!.filled)) / 2_000 - s!.arrivalPriceUnits!) / s!.arrivalPriceUnits! * 1e4;
    expect(s!.estIsBps).toBeCloseTo(byHand, 9);
  });

  it('pause stops new children and cancels the working ones while the window runs on; resume works the rest', () => {
    const { run, sup } = setup({ ...TICKET, limitPriceUnits: 9_900 });
    run.stepTo(run.nowNs + 100e9);
    expect(working(run).length).toBeGreaterThan(0);
    expect(sup.pause('PO-s')).toEqual({ changed: true });
    expect(sup.pause('PO-s')).toEqual({ changed: false });
    run.stepTo(run.nowNs + 100e9);
    const paused = run.snapshot();
    expect(working(run)).toEqual([]);
    expect(sup.state()[0]!.state).toBe('paused');
    // Nothing placed while paused.
    run.stepTo(run.nowNs + 100e9);
    expect(run.snapshot().children).toHaveLength(paused.children.length);
    expect(sup.resume('PO-s')).toEqual({ changed: true });
    run.stepTo(run.nowNs + 50e9);
    expect(run.snapshot().children.length).toBeGreaterThan(paused.children.length);
    expect(sup.state()[0]!.state).toBe('working');
  });

  it('fallback hands the rest to TWAP (remembering what it started with); an ended parent stays listed, its commands refused', () => {
    const { run, runs, sup } = setup();
    run.stepTo(run.nowNs + 200e9);
    sup.state();
    const before = run.snapshot().children.length;
    expect(sup.fallback('PO-s')).toEqual({ changed: true });
    expect(sup.fallback('PO-s')).toEqual({ changed: false });
    run.stepTo(run.nowNs + 100e9);
    const s = sup.state()[0]!;
    expect(s).toMatchObject({ algorithm: 'twap', startedWith: 'vwap', state: 'working' });
    expect(run.snapshot().children.length).toBeGreaterThan(before);
    while (!run.step(1_000));
    expect(run.snapshot().filled).toBeLessThanOrEqual(2_000);
    // Past its window but still held by the OMS (not yet stored): draining, not ended.
    expect(sup.state()[0]!.state).toBe('draining');
    runs.delete('PO-s');
    expect(sup.state()[0]).toMatchObject({ parentId: 'PO-s', state: 'ended', startedWith: 'vwap' });
    expect(() => sup.pause('PO-s')).toThrow(/not being worked any more/);
  });
});

describe('SupervisionService with the learned agent', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'supervision-agent-'));
  const saved = process.env.SLIPSTREAM_NATIVE_MODELS;
  afterAll(() => {
    if (saved === undefined) delete process.env.SLIPSTREAM_NATIVE_MODELS;
    else process.env.SLIPSTREAM_NATIVE_MODELS = saved;
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('reports its latest decisions with features, action labels and probabilities, and keeps them after the rest goes to TWAP', () => {
    // An untrained model (its decisions mean nothing): what is checked is that every decision reaches the screen explained.
    process.env.SLIPSTREAM_NATIVE_MODELS = root;
    saveRandomAgentModel(path.join(root, 'execution-default'), { seed: 3, env: TWAP_PACE_ENV });
    const { run, sup } = setup({ ...TICKET, algorithm: 'agent', horizonSec: 300 });
    run.stepTo(run.nowNs + 120e9);
    const s = sup.state()[0]!;
    expect(s.algorithm).toBe('agent');
    expect(s.decisions.length).toBeGreaterThan(0);
    expect(s.decisions.length).toBeLessThanOrEqual(8);
    expect(s.featureNames.length).toBeGreaterThan(0);
    for (const d of s.decisions) {
      expect(d.obs).toHaveLength(s.featureNames.length);
      expect(d.probs).toHaveLength(s.actionLabels.length);
      expect(d.probs!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
    const last = s.decisions.at(-1)!.decision;
    expect(sup.fallback('PO-s')).toEqual({ changed: true });
    run.stepTo(run.nowNs + 30e9);
    const after = sup.state()[0]!;
    expect(after).toMatchObject({ algorithm: 'twap', startedWith: 'agent' });
    expect(after.decisions.at(-1)!.decision).toBe(last);
  }, 60_000);
});
