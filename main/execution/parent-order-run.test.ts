import { describe, expect, it } from 'vitest';
import type { OrderTicketParsed } from '../contract/orders.js';
import { estimatePathModel } from './parent-order-service.js';
import { ParentOrderRun } from './parent-order-run.js';
import { scenarioPath } from './what-if/scenario-path.js';

const TICKET: OrderTicketParsed = {
  source: { kind: 'scenario', name: 'calm', durationSec: 600, seed: 11 }, side: 'buy', quantity: 2_000, algorithm: 'twap',
  startSec: 0, horizonSec: 600, urgency: 2, maxParticipation: 1,
};
const TERMINAL = ['Filled', 'Cancelled', 'Rejected', 'Denied', 'Expired'];

function open(t: OrderTicketParsed): ParentOrderRun {
  const path = () => scenarioPath('calm', 600, 11, false);
  return new ParentOrderRun(t, path(), estimatePathModel(path(), t.startSec), 'PO-t');
}

/** Works the ticket, amends it 200 s in, and runs to the end. */
function amendedRun() {
  const run = open(TICKET);
  run.stepTo(run.nowNs + 200e9);
  const before = run.snapshot();
  run.amend({ ...TICKET, quantity: 3_000, horizonSec: 400 });
  while (!run.step(1_000));
  return { run, before, after: run.snapshot() };
}

describe('ParentOrderRun: cancel and amend a working parent', () => {
  it('cancel stops new child orders and cancels the working ones', () => {
    const run = open({ ...TICKET, limitPriceUnits: 9_900 });
    run.stepTo(run.nowNs + 100e9);
    const working = run.snapshot().children.filter((c) => !TERMINAL.includes(c.status));
    expect(working.length).toBeGreaterThan(0);
    const n = run.snapshot().children.length;
    expect(run.cancel()).toBe(true);
    expect(run.cancel()).toBe(false);
    while (!run.step(1_000));
    const end = run.snapshot();
    // No child placed after the cancel, and every child ended.
    expect(end.children).toHaveLength(n);
    for (const c of end.children) expect(TERMINAL).toContain(c.status);
    expect(end.children.filter((c) => working.some((w) => w.clientOrderId === c.clientOrderId)).every((c) => c.status === 'Cancelled')).toBe(true);
  });

  it('amend re-plans the rest of the amended quantity until the amended end, never over-filling, the same every time', () => {
    const { run, before, after } = amendedRun();
    expect(run.ticket).toMatchObject({ quantity: 3_000, horizonSec: 400 });
    expect(after.filled).toBeGreaterThan(before.filled);
    expect(after.filled).toBeLessThanOrEqual(3_000);
    const endNs = run.orderStartNs + 400e9;
    for (const c of after.children) expect(c.createdNs).toBeLessThanOrEqual(endNs);
    for (const c of after.children) expect(TERMINAL).toContain(c.status);
    expect(after.children.length).toBeGreaterThan(before.children.length);
    // Deterministic: the same ticket, path and amendment point give the same children and fills.
    expect(JSON.stringify(amendedRun().after)).toBe(JSON.stringify(after));
  });
});
