import { describe, expect, it } from 'vitest';
import type { SlipstreamApi } from '../../../main/contract/client-api.js';
import type { OrderPreview, ParentOrderRecord } from '../../../main/contract/orders.js';
import { applyProgress, createAppStore } from '../store/app-state.js';
import { TicketController } from './ticket-controller.js';

const PREVIEW: OrderPreview = {
  arrivalPriceUnits: 10006, expectedCostBps: 1.5, stdBps: 3.2, holdings: [1, 0.5, 0], periodSec: 20, urgencyUsed: 2, sigmaBpsPerSqrtSec: 1.5, model: null,
  instrument: { symbol: 'SIM', venue: 'ABM', priceDecimals: 2, sizeDecimals: 0, tickSizeUnits: 1 },
  limits: { maxOrderSize: 100_000, maxPosition: 1_000_000, maxOrderNotional: 1e7, priceBandBps: 500 }, issues: [],
};

function fakeApi() {
  const calls: Array<[string, unknown]> = [];
  let parents: ParentOrderRecord[] = [];
  const api = {
    platform: 'browser',
    onEvent: () => () => undefined,
    request: async (command: string, args: unknown) => {
      calls.push([command, args]);
      if (command === 'orders.preview') return PREVIEW;
      if (command === 'orders.submit') {
        parents = [{ parentId: 'PO-1', status: 'working' } as ParentOrderRecord];
        return { parentId: 'PO-1', jobId: 'job-1' };
      }
      if (command === 'orders.list') return parents;
      if (command === 'whatif.listScenarios') return [{ name: 'calm', description: '' }];
      return { cancelled: true };
    },
  } as unknown as SlipstreamApi;
  return { api, calls };
}

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe('TicketController', () => {
  it('previews, asks to confirm a large order, submits, and refreshes the blotter when the job ends', async () => {
    const { api, calls } = fakeApi();
    const app = createAppStore();
    const t = new TicketController(api, app, 1);
    await t.open();
    await tick(20);
    expect(t.store.getState().preview).toEqual(PREVIEW);

    t.setForm({ quantity: '30,000' });
    await t.submit();
    expect(t.store.getState().confirming).toBe(true);
    expect(calls.some(([c]) => c === 'orders.submit')).toBe(false);
    t.escape();
    expect(t.store.getState().confirming).toBe(false);
    expect(t.store.getState().form.quantity).toBe('30,000');

    await t.submit();
    await t.submit(true);
    expect(t.store.getState().active).toEqual({ parentId: 'PO-1', jobId: 'job-1' });
    expect(t.store.getState().parents.map((p) => p.parentId)).toEqual(['PO-1']);

    await t.cancel();
    expect(calls.filter(([c]) => c === 'orders.cancel')).toEqual([['orders.cancel', { parentId: 'PO-1' }]]);
    const done = { jobId: 'job-1', label: 'Order', fraction: 0.4, rate: 1, rateUnit: 'steps/s', etaSec: 0, done: true, cancelled: true };
    app.setState((s) => applyProgress(s, done));
    expect(t.store.getState().active).toBeNull();
    expect(t.store.getState().notice).toBe('Parent order cancelled.');
    t.dispose();
  });
});
