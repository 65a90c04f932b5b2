import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ChildOrderRecord, FillRecord } from '../contract/orders.js';
import type { ServerMessage } from '../contract/index.js';
import { Engine } from './engine.js';
import { DenialLog, MAX_DENIALS, measureUsage, parentUse, type UsageSource } from './risk-usage.js';

const child = (id: string, status: string, size: number, filled: number, createdNs: number, reason: string | null = null): ChildOrderRecord => ({
  clientOrderId: id, side: 1, type: 'limit DAY', size, filled, priceUnits: 1000, avgPriceUnits: null, status, createdNs, reason,
});
const fill = (side: number, size: number, priceUnits: number): FillRecord => ({ tsNs: 0, clientOrderId: 'x', side, priceUnits, size, aggressor: false });

// Two price decimals (1000 units = 10.00), whole shares.
const source = (over: Partial<UsageSource>): UsageSource => ({
  parentId: 'PO-a', side: 1, sizeDecimals: 0, priceDecimals: 2, nowNs: 10e9, midUnits: 1000, children: [], fills: [], ...over,
});

describe('risk usage', () => {
  it('measures open orders, worst-case position, orders in the last second and the loss at the mid, as the gate counts them', () => {
    const s = source({
      children: [
        child('P1', 'Filled', 100, 100, 8.5e9),
        child('P2', 'Working', 300, 50, 9.2e9),
        child('P3', 'PartiallyFilled', 200, 20, 9.5e9),
        child('P4', 'Denied', 200, 0, 9.8e9, 'Quantity …'),
        child('P5', 'Cancelled', 100, 0, 9.0e9), // exactly t − 1 s: outside (t − 1 s, t]
      ],
      // Bought 170 at 10.10 on average; the mid is 10.00: a loss of 17.00.
      fills: [fill(1, 100, 1010), fill(1, 50, 1010), fill(1, 20, 1010)],
    });
    const use = parentUse(s);
    expect(use.maxOpenOrders).toBe(2);
    expect(use.maxPosition).toBe(170 + 250 + 180);
    expect(use.maxOrdersPerSec).toBe(2); // P2, P3; the denied P4 never counted
    expect(use.dailyLossLimit).toBeCloseTo(17, 9);
    // A sell parent's working size pushes the position the other way.
    expect(parentUse(source({ side: -1, children: [child('P1', 'Working', 300, 0, 1)], fills: [fill(-1, 100, 1000)] })).maxPosition).toBe(400);
    // A profit is no loss.
    expect(parentUse(source({ fills: [fill(1, 100, 900)] })).dailyLossLimit).toBe(0);
  });

  it('reports the highest use among the parents against the limits now, and the highest fraction', () => {
    const a = source({ parentId: 'PO-a', children: [child('P1', 'Working', 10, 0, 1)] });
    const b = source({ parentId: 'PO-b', children: [child('P1', 'Working', 10, 0, 1), child('P2', 'Working', 10, 0, 1)] });
    const u = measureUsage([a, b], { maxOpenOrders: 4, maxPosition: 100, dailyLossLimit: 0 });
    const byLimit = Object.fromEntries(u.items.map((i) => [i.limit, i]));
    expect(byLimit.maxOpenOrders).toEqual({ limit: 'maxOpenOrders', used: 2, limitValue: 4, fraction: 0.5, parentId: 'PO-b' });
    expect(byLimit.maxPosition!.fraction).toBeCloseTo(0.2, 12);
    expect(byLimit.maxOrdersPerSec!.limitValue).toBeNull();
    expect(byLimit.maxOrdersPerSec!.fraction).toBeNull();
    // A limit of 0 allows nothing more: fully used.
    expect(byLimit.dailyLossLimit!.fraction).toBe(1);
    expect(u.highest).toBe(1);
    expect(u.workingParents).toBe(2);
    expect(measureUsage([], {}).highest).toBeNull();
  });

  it('logs each denial once, newest first, at most MAX_DENIALS', () => {
    const log = new DenialLog();
    log.record('PO-a', [child('P1', 'Denied', 1, 0, 1, 'first'), child('P2', 'Working', 1, 0, 2)]);
    log.record('PO-a', [child('P1', 'Denied', 1, 0, 1, 'first'), child('P3', 'Denied', 1, 0, 3, 'second')]);
    expect(log.list().map((d) => d.message)).toEqual(['second', 'first']);
    log.record('PO-b', Array.from({ length: MAX_DENIALS + 5 }, (_, i) => child(`P${i}`, 'Denied', 1, 0, i, `b${i}`)));
    expect(log.list()).toHaveLength(MAX_DENIALS);
    expect(log.list()[0]!.message).toBe(`b${MAX_DENIALS + 4}`);
  });

  it('risk.usage lists the kill switch\'s denials of a working parent\'s later children', async () => {
    const root = mkdtempSync(join(tmpdir(), 'risk-usage-'));
    const samplesDir = fileURLToPath(new URL('../../assets/sample', import.meta.url));
    const pending = new Map<number, (m: any) => void>();
    const engine = new Engine({ host: 'in-process', engineThread: 'in-process', samplesDir, dataDir: root }, (m: ServerMessage) => {
      if (m.kind === 'response') pending.get(m.id)?.(m);
    });
    let id = 0;
    const request = (command: string, args: unknown): Promise<any> => new Promise((resolve) => {
      const rid = ++id;
      pending.set(rid, resolve);
      engine.handle({ kind: 'request', id: rid, command, args });
    });
    try {
      const ticket = { source: { kind: 'scenario', name: 'calm', durationSec: 1800, seed: 7 }, side: 'buy', quantity: 2_000, algorithm: 'twap', startSec: 10, horizonSec: 1700, urgency: 2, maxParticipation: 1 };
      const sub = await request('orders.submit', { ticket });
      expect(sub.ok, JSON.stringify(sub.error)).toBe(true);
      // On while the parent works: its later slices are denied by its gate.
      await request('risk.setKillSwitch', { scope: 'global', on: true });
      let usage: any;
      for (let i = 0; i < 2000; i++) {
        usage = (await request('risk.usage', {})).result;
        if (usage.denials.length > 0) break;
        await new Promise((r) => setTimeout(r, 5));
      }
      expect(usage.denials.length).toBeGreaterThan(0);
      for (const d of usage.denials) {
        expect(d.parentId).toBe(sub.result.parentId);
        expect(d.message).toMatch(/^Kill switch is on/);
      }
      expect(usage.items.map((i: any) => i.limit)).toEqual(['maxOpenOrders', 'maxPosition', 'maxOrdersPerSec', 'dailyLossLimit']);
      expect(usage.items[0]).toMatchObject({ limit: 'maxOpenOrders', limitValue: 200 });
      await request('orders.cancel', { parentId: sub.result.parentId });
    } finally {
      await engine.orders.idle();
      engine.dispose();
      rmSync(root, { recursive: true, force: true });
    }
  }, 60_000);
});
