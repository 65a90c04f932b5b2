import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ParentOrderRecord } from '../contract/orders.js';
import { OrderStore, OrderStoreError } from './order-store.js';

const dir = mkdtempSync(join(tmpdir(), 'order-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function parent(id: string, patch: Partial<ParentOrderRecord> = {}): ParentOrderRecord {
  return {
    parentId: id, created: `2026-01-01T00:00:0${id.length % 10}.000Z`, updated: '2026-01-01T00:01:00.000Z',
    ticket: { source: { kind: 'scenario', name: 'calm', durationSec: 60, seed: 1 }, side: 'sell', quantity: 1000, algorithm: 'almgren-chriss', startSec: 5, horizonSec: 30, urgency: 2, maxParticipation: 0.5, limitPriceUnits: 9990 },
    status: 'done', filled: 1000, avgPriceUnits: 9995.5, arrivalPriceUnits: 10000, isBps: 4.5, sourceLabel: 'scenario calm (60 s, seed 1)',
    instrument: { symbol: 'SIM', venue: 'ABM', priceDecimals: 2, sizeDecimals: 0, tickSizeUnits: 1 }, baseEpochNs: '34200000000000', clock: 'utc', startNs: 5e9, error: null,
    children: [
      { clientOrderId: 'P1', side: -1, type: 'limit day', size: 600, filled: 600, priceUnits: 9996, avgPriceUnits: 9996, status: 'Filled', createdNs: 5e9, reason: null },
      { clientOrderId: 'P2', side: -1, type: 'market ioc', size: 400, filled: 400, priceUnits: null, avgPriceUnits: 9994.75, status: 'Filled', createdNs: 6e9, reason: null },
    ],
    fills: [
      { tsNs: 5.5e9, clientOrderId: 'P1', side: -1, priceUnits: 9996, size: 600, aggressor: false },
      { tsNs: 6.1e9, clientOrderId: 'P2', side: -1, priceUnits: 9994.75, size: 400, aggressor: true },
    ],
    ...patch,
  };
}

describe('OrderStore', () => {
  it('round-trips parents with children and fills across reopening; a save replaces the previous state', async () => {
    const file = join(dir, 'round-trip.duckdb');
    const a = await OrderStore.open(file);
    await a.saveParent(parent('A', { status: 'working', filled: 600, children: [parent('A').children[0]!], fills: [parent('A').fills[0]!] }));
    await a.saveParent(parent('A'));
    await a.saveParent(parent('BB', { status: 'cancelled', filled: 0, avgPriceUnits: null, isBps: null, children: [], fills: [], instrument: null, error: 'x' }));
    a.close();
    const b = await OrderStore.open(file);
    expect(await b.listParents()).toEqual([parent('A'), parent('BB', { status: 'cancelled', filled: 0, avgPriceUnits: null, isBps: null, children: [], fills: [], instrument: null, error: 'x' })]);
    b.close();
  });

  it("marks parents left 'working' as 'interrupted' on open, keeping their last saved state", async () => {
    const file = join(dir, 'interrupted.duckdb');
    const a = await OrderStore.open(file);
    await a.saveParent(parent('W', { status: 'working', filled: 600 }));
    a.close();
    const b = await OrderStore.open(file, { now: () => new Date('2026-02-02T00:00:00.000Z') });
    const [p] = await b.listParents();
    expect(p).toEqual(parent('W', { status: 'interrupted', filled: 600, updated: '2026-02-02T00:00:00.000Z' }));
    b.close();
  });

  it('rolls a failed save back, keeping the previous state', async () => {
    const file = join(dir, 'rollback.duckdb');
    const a = await OrderStore.open(file);
    await a.saveParent(parent('R'));
    const dup = parent('R', { status: 'working', children: [parent('R').children[0]!, parent('R').children[0]!] });
    await expect(a.saveParent(dup)).rejects.toThrow(`order store ${file}: saving parent order R failed and was rolled back`);
    expect(await a.listParents()).toEqual([parent('R')]);
    a.close();
  });

  it('saves issued together run one transaction at a time, and close() while they run lets them finish, then refuses new work', async () => {
    const file = join(dir, 'concurrent.duckdb');
    const a = await OrderStore.open(file);
    // Not awaited: the host fires saves from fill events and may close while they are in flight.
    const saves = ['C1', 'C22', 'C333'].map((id) => a.saveParent(parent(id)));
    a.close();
    await Promise.all(saves);
    await expect(a.saveParent(parent('late'))).rejects.toThrow(`order store ${file}: saving parent order late: the order store is closed`);
    await new Promise((r) => setTimeout(r, 0));
    const b = await OrderStore.open(file); // the lock was released once the queued saves finished
    expect((await b.listParents()).map((p) => p.parentId)).toEqual(['C1', 'C22', 'C333']);
    b.close();
  });

  it('refuses a corrupt file naming it, without touching it', async () => {
    const file = join(dir, 'junk.duckdb');
    const junk = 'not a database\n'.repeat(500);
    writeFileSync(file, junk);
    const e = await OrderStore.open(file).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(OrderStoreError);
    expect((e as OrderStoreError).reason).toBe('corrupt');
    expect((e as Error).message).toContain(`order store ${file}: the file is corrupt or not a DuckDB database`);
    expect(readFileSync(file, 'utf8')).toBe(junk);
  });
});
