import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OrderStore } from '../store/order-store.js';
import { ORDERS_DB_FILE } from './orders-handler.js';
import { engineTestHarness } from './engine-test-harness.js';

const root = mkdtempSync(join(tmpdir(), 'orders-handler-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const harness = engineTestHarness;

const TICKET = {
  source: { kind: 'scenario', name: 'calm', durationSec: 60, seed: 7 },
  side: 'buy', quantity: 2_000, algorithm: 'almgren-chriss', startSec: 15, horizonSec: 30, urgency: 2, maxParticipation: 1,
};

describe('orders.* commands', () => {
  it('previews the Almgren-Chriss cost and risk and names the field and limit of every problem', async () => {
    const h = harness(join(root, 'preview'));
    const r = await h.request('orders.preview', { ticket: TICKET });
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    const p = r.result;
    expect(p.issues).toEqual([]);
    expect(p.arrivalPriceUnits).toBeGreaterThan(0);
    expect(p.stdBps).toBeGreaterThan(0);
    expect(p.expectedCostBps).toBeGreaterThanOrEqual(0);
    expect(p.holdings[0]).toBe(1);
    expect(p.holdings.at(-1)).toBe(0);
    for (let i = 1; i < p.holdings.length; i++) expect(p.holdings[i]).toBeLessThan(p.holdings[i - 1]);
    // More urgency: front-loaded, more expected cost, less risk.
    const fast = (await h.request('orders.preview', { ticket: { ...TICKET, urgency: 6 } })).result;
    expect(fast.expectedCostBps).toBeGreaterThan(p.expectedCostBps);
    expect(fast.stdBps).toBeLessThan(p.stdBps);
    expect(fast.holdings[1]).toBeLessThan(p.holdings[1]);
    // TWAP: the linear schedule (κT = 0), whatever the urgency field says.
    const twap = (await h.request('orders.preview', { ticket: { ...TICKET, algorithm: 'twap', urgency: 6 } })).result;
    expect(twap.urgencyUsed).toBe(0);
    expect(twap.holdings[1]).toBeCloseTo(1 - 1 / (twap.holdings.length - 1), 12);
    expect(twap.stdBps).toBeGreaterThan(p.stdBps);

    const bad = (await h.request('orders.preview', { ticket: { ...TICKET, quantity: 250_000, maxParticipation: 1.5, horizonSec: 50 } })).result;
    expect(bad.issues).toEqual(expect.arrayContaining([
      { field: 'quantity', message: 'Quantity 250,000 exceeds max order quantity 100,000 (Risk settings).' },
      { field: 'maxParticipation', message: 'Max participation 1.5 exceeds 1 (100 %).' },
      { field: 'horizonSec', message: "Start + horizon 65 s exceeds the scenario's duration 60 s." },
    ]));
    const sub = await h.request('orders.submit', { ticket: { ...TICKET, quantity: 250_000 } });
    expect(sub.ok).toBe(false);
    expect(sub.error).toMatchObject({ code: 'validation', field: 'quantity', message: 'Quantity 250,000 exceeds max order quantity 100,000 (Risk settings).' });
    const algo = await h.request('orders.preview', { ticket: { ...TICKET, algorithm: 'nope' } });
    expect(algo.error).toMatchObject({ code: 'validation', field: 'ticket.algorithm' });
    h.engine.dispose();
  });

  it("names a bad limit price in the instrument's display units, never in price units", async () => {
    const h = harness(join(root, 'units'));
    const p = (await h.request('orders.preview', { ticket: { ...TICKET, limitPriceUnits: -500 } })).result;
    expect(p.issues).toContainEqual({ field: 'limitPriceUnits', message: 'Limit price -5.00 must be above 0.' });
    const sub = await h.request('orders.submit', { ticket: { ...TICKET, limitPriceUnits: -500 } });
    expect(sub.error).toMatchObject({ code: 'validation', field: 'limitPriceUnits', message: 'Limit price -5.00 must be above 0.' });
    const samples = (await h.request('market.listSamples', {})).result;
    const amzn = { ...TICKET, source: { kind: 'sample', id: samples[0].id, seed: 1 }, startSec: 5, horizonSec: 20, quantity: 200, limitPriceUnits: 2_200_050 };
    const off = (await h.request('orders.preview', { ticket: amzn })).result;
    expect(off.issues).toContainEqual({ field: 'limitPriceUnits', message: 'Limit price 220.0050 is not on the tick grid (tick 0.0100).' });
    h.engine.dispose();
  });

  it('works a parent as a job, persists it with children and fills, and lists it again after an engine restart', async () => {
    const dataDir = join(root, 'restart');
    const a = harness(dataDir);
    const sub = await a.request('orders.submit', { ticket: TICKET });
    expect(sub.ok, JSON.stringify(sub.error)).toBe(true);
    const { parentId } = sub.result;
    const working = (await a.request('orders.list', {})).result;
    expect(working.map((p: any) => p.parentId)).toEqual([parentId]);
    await a.engine.orders.idle();
    const list = (await a.request('orders.list', {})).result;
    expect(list).toHaveLength(1);
    const p = list[0];
    expect(p.status).toBe('done');
    expect(p.filled).toBeGreaterThan(0);
    expect(p.children.length).toBeGreaterThan(0);
    expect(p.fills.length).toBeGreaterThan(0);
    expect(p.arrivalPriceUnits).toBeGreaterThan(0);
    expect(p.isBps).not.toBeNull();
    expect(p.children.reduce((n: number, c: any) => n + c.filled, 0)).toBe(p.filled);
    a.engine.dispose();

    const b = harness(dataDir);
    const again = (await b.request('orders.list', {})).result;
    expect(again).toEqual(list);
    expect((await b.request('orders.cancel', { parentId })).result).toEqual({ cancelled: false });
    b.engine.dispose();
  });

  it('previews and works a parent on the bundled real day', async () => {
    const h = harness(join(root, 'sample'));
    const samples = (await h.request('market.listSamples', {})).result;
    const ticket = { ...TICKET, source: { kind: 'sample', id: samples[0].id, seed: 1 }, startSec: 5, horizonSec: 20, quantity: 200 };
    const p = (await h.request('orders.preview', { ticket })).result;
    expect(p.issues).toEqual([]);
    expect(p.arrivalPriceUnits).toBeGreaterThan(0);
    expect(p.stdBps).toBeGreaterThan(0);
    const sub = await h.request('orders.submit', { ticket });
    expect(sub.ok, JSON.stringify(sub.error)).toBe(true);
    await h.engine.orders.idle();
    const [parent] = (await h.request('orders.list', {})).result;
    expect(parent.status).toBe('done');
    expect(parent.children.length).toBeGreaterThan(0);
    h.engine.dispose();
  });

  it('cancels a working parent', async () => {
    const h = harness(join(root, 'cancel'));
    const sub = await h.request('orders.submit', { ticket: { ...TICKET, source: { kind: 'scenario', name: 'calm', durationSec: 600, seed: 3 }, startSec: 0, horizonSec: 600 } });
    expect(sub.ok, JSON.stringify(sub.error)).toBe(true);
    expect((await h.request('orders.cancel', { parentId: sub.result.parentId })).result).toEqual({ cancelled: true });
    await h.engine.orders.idle();
    const list = (await h.request('orders.list', {})).result;
    expect(list[0].status).toBe('cancelled');
    h.engine.dispose();
  });

  it('cancels a working parent with its working children, and amends one with the same checks as a new ticket', async () => {
    const h = harness(join(root, 'cancel-amend'));
    // The longest session, bought 1 % under the market: the parent works for many seconds of wall
    // time with resting children, so it is still working while the test acts on it (the re-plan
    // itself is covered deterministically in parent-order-run.test.ts).
    const long = { ...TICKET, algorithm: 'twap', source: { kind: 'scenario', name: 'calm', durationSec: 23_400, seed: 5 }, startSec: 0, horizonSec: 23_400, limitPriceUnits: 9_900 };
    const find = async (id: string) => (await h.request('orders.list', {})).result.find((x: { parentId: string }) => x.parentId === id);
    const withChildren = async (id: string) => {
      for (let i = 0; i < 400; i++) {
        const p = await find(id);
        if (p && p.children.length > 0) return p;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error('no child orders appeared');
    };
    const a = (await h.request('orders.submit', { ticket: long })).result;
    await withChildren(a.parentId);
    expect((await h.request('orders.cancel', { parentId: a.parentId })).result).toEqual({ cancelled: true });
    await h.engine.orders.idle();
    const cancelled = await find(a.parentId);
    expect(cancelled.status).toBe('cancelled');
    // Every child ended: nothing left working at the venue after the parent was cancelled.
    for (const c of cancelled.children) expect(['Filled', 'Cancelled', 'Rejected', 'Denied', 'Expired']).toContain(c.status);
    expect(cancelled.children.some((c: { status: string }) => c.status === 'Cancelled')).toBe(true);
    expect((await h.request('orders.cancel', { parentId: a.parentId })).result).toEqual({ cancelled: false });

    const b = (await h.request('orders.submit', { ticket: long })).result;
    await withChildren(b.parentId);
    const bad = async (changes: object) => (await h.request('orders.amend', { parentId: b.parentId, changes })).error;
    expect(await bad({ quantity: 250_000 })).toMatchObject({ code: 'validation', field: 'quantity', message: expect.stringMatching(/^Quantity 250,000 exceeds max order quantity 100,000 \(Risk settings\)\./) });
    expect(await bad({ limitPriceUnits: -500 })).toMatchObject({ code: 'validation', field: 'limitPriceUnits', message: 'Limit price -5.00 must be above 0.' });
    expect(await bad({ horizonSec: 23_500 })).toMatchObject({ field: 'horizonSec', message: 'Horizon 23,500 s exceeds one session, 23,400 s.' });
    expect(await bad({ horizonSec: 0.5 })).toMatchObject({ field: 'horizonSec', message: expect.stringMatching(/^Horizon 0\.5 s would end at 0\.5 s, already passed/) });
    expect(await bad({ maxParticipation: 1.5 })).toMatchObject({ field: 'maxParticipation' });
    const ok = await h.request('orders.amend', { parentId: b.parentId, changes: { quantity: 3_000, horizonSec: 20_000 } });
    expect(ok.ok, JSON.stringify(ok.error)).toBe(true);
    expect(ok.result.ticket).toMatchObject({ quantity: 3_000, horizonSec: 20_000, algorithm: 'twap', limitPriceUnits: 9_900 });
    // Saved at once: the blotter shows the amended parent, still working.
    expect((await find(b.parentId)).ticket).toMatchObject({ quantity: 3_000, horizonSec: 20_000 });
    h.engine.orders.cancel(b.parentId);
    await h.engine.orders.idle();
    const amended = await find(b.parentId);
    expect(amended.ticket).toMatchObject({ quantity: 3_000, horizonSec: 20_000 });
    expect(amended.filled).toBeLessThanOrEqual(3_000);
    expect((await h.request('orders.amend', { parentId: b.parentId, changes: { quantity: 4_000 } })).error).toMatchObject({ code: 'state', field: 'parentId' });
    h.engine.dispose();
  });

  it("a parent being worked when the engine stops is listed as 'interrupted' by the next engine, with its last saved children", async () => {
    const dataDir = join(root, 'killed');
    const a = harness(dataDir);
    const sub = await a.request('orders.submit', { ticket: { ...TICKET, source: { kind: 'scenario', name: 'calm', durationSec: 23_400, seed: 5 }, startSec: 0, horizonSec: 23_400 } });
    expect(sub.ok, JSON.stringify(sub.error)).toBe(true);
    await new Promise((r) => setTimeout(r, 1_500));
    a.engine.dispose();
    await new Promise((r) => setTimeout(r, 300));
    const b = harness(dataDir);
    const list = (await b.request('orders.list', {})).result;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ parentId: sub.result.parentId, status: 'interrupted' });
    expect(list[0].children.length).toBeGreaterThan(0);
    b.engine.dispose();
  });

  it("marks a parent left 'working' by a dead engine as 'interrupted', keeping its last saved state", async () => {
    const dataDir = join(root, 'interrupted');
    const h0 = harness(dataDir);
    await h0.request('orders.list', {});
    h0.engine.dispose();
    const store = await OrderStore.open(join(dataDir, ORDERS_DB_FILE));
    await store.saveParent({
      parentId: 'PO-dead', created: '2026-01-01T00:00:00.000Z', updated: '2026-01-01T00:00:01.000Z', ticket: { ...TICKET, source: { ...TICKET.source, kind: 'scenario' }, side: 'buy', algorithm: 'twap' } as any,
      status: 'working', filled: 300, avgPriceUnits: 1001, arrivalPriceUnits: 1000, isBps: 10, sourceLabel: 'scenario calm', instrument: null,
      baseEpochNs: '0', clock: 'utc', startNs: null, error: null,
      children: [{ clientOrderId: 'P1', side: 1, type: 'limit day', size: 500, filled: 300, priceUnits: 1001, avgPriceUnits: 1001, status: 'PartiallyFilled', createdNs: 1e9, reason: null }],
      fills: [{ tsNs: 2e9, clientOrderId: 'P1', side: 1, priceUnits: 1001, size: 300, aggressor: false }],
    });
    store.close();
    const h = harness(dataDir);
    const list = (await h.request('orders.list', {})).result;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ parentId: 'PO-dead', status: 'interrupted', filled: 300 });
    expect(list[0].children).toHaveLength(1);
    expect(list[0].fills).toHaveLength(1);
    h.engine.dispose();
  });

  it('answers an error naming a corrupt orders.duckdb, and leaves the file as it was', async () => {
    const dataDir = join(root, 'corrupt');
    const h0 = harness(dataDir);
    await h0.request('orders.list', {});
    h0.engine.dispose();
    const file = join(dataDir, ORDERS_DB_FILE);
    const junk = 'this is not a DuckDB database\n'.repeat(300);
    writeFileSync(file, junk);
    const h = harness(dataDir);
    const r = await h.request('orders.list', {});
    expect(r.ok).toBe(false);
    expect(r.error.message).toContain(`order store ${file}: the file is corrupt or not a DuckDB database`);
    const s = await h.request('orders.submit', { ticket: TICKET });
    expect(s.ok).toBe(false);
    expect(s.error.message).toContain(file);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(file, 'utf8')).toBe(junk);
    h.engine.dispose();
  });
});
