import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { ServerMessage } from '../contract/index.js';
import { DEFAULT_RISK_LIMITS } from '../risk/risk-limits.js';
import { Engine } from './engine.js';
import { KILL_SWITCH_REFUSAL } from './orders-handler.js';

const samplesDir = fileURLToPath(new URL('../../assets/sample', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'risk-commands-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function harness(dataDir: string) {
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
  return { engine, events, request };
}

const TICKET = {
  source: { kind: 'scenario', name: 'calm', durationSec: 60, seed: 7 },
  side: 'buy', quantity: 2_000, algorithm: 'twap', startSec: 10, horizonSec: 30, urgency: 2, maxParticipation: 1,
};

describe('risk.* commands', () => {
  it('turns kill switches on and off, tells every client, and a parent order under the global switch sends nothing', async () => {
    const h = harness(join(root, 'kill'));
    expect((await h.request('risk.getKillSwitch', {})).result).toEqual({ global: false, agents: [] });
    expect((await h.request('risk.getLimits', {})).result).toEqual(DEFAULT_RISK_LIMITS);
    const on = await h.request('risk.setKillSwitch', { scope: 'global', on: true });
    expect(on.result).toEqual({ global: true, agents: [] });
    expect(h.events.filter((e) => e.name === 'risk.killSwitch').map((e) => e.payload)).toEqual([{ global: true, agents: [] }]);
    await h.request('risk.setKillSwitch', { scope: { agent: 'PO-x' }, on: true });
    expect((await h.request('risk.getKillSwitch', {})).result).toEqual({ global: true, agents: ['PO-x'] });

    // Under the global switch a ticket is refused before any parent or child order exists: named in the preview, refused on submit.
    expect((await h.request('orders.preview', { ticket: TICKET })).result.issues[0]).toEqual({ field: 'source', message: KILL_SWITCH_REFUSAL });
    const sub = await h.request('orders.submit', { ticket: TICKET });
    expect(sub.ok).toBe(false);
    expect(sub.error).toMatchObject({ code: 'state', message: KILL_SWITCH_REFUSAL, field: 'source' });
    expect((await h.request('orders.list', {})).result).toEqual([]);
    // A parent already working when the switch turns on: its later child orders are denied (main/host/risk-usage.test.ts).
    h.engine.dispose();
  }, 60_000);

  it('replaces the limits: validated on arrival, used by the ticket and by each new parent order\'s gate', async () => {
    const h = harness(join(root, 'limits'));
    const bad = await h.request('risk.setLimits', { limits: { maxOrderQty: -5 } });
    expect(bad.ok).toBe(false);
    expect(bad.error).toMatchObject({ code: 'validation', field: 'limits.maxOrderQty' });
    expect(bad.error.message).toContain('must be 0 or more (max order quantity)');
    expect((await h.request('risk.setLimits', { limits: { maxOrderQuantity: 5 } })).error.code).toBe('validation');
    expect((await h.request('risk.getLimits', {})).result).toEqual(DEFAULT_RISK_LIMITS);

    const limits = { maxOrderQty: 1000, priceCollarBps: 500, maxOrdersPerSec: 0 };
    expect((await h.request('risk.setLimits', { limits })).result).toEqual(limits);
    expect(h.events.filter((e) => e.name === 'risk.limits').map((e) => e.payload)).toEqual([limits]);
    h.events.length = 0;
    expect((await h.request('risk.getLimits', {})).result).toEqual(limits);
    const preview = (await h.request('orders.preview', { ticket: TICKET })).result;
    expect(preview.limits.maxOrderSize).toBe(1000);
    expect(preview.issues).toContainEqual({ field: 'quantity', message: 'Quantity 2,000 exceeds max order quantity 1,000 (Risk settings).' });
    // The ticket names a restricted symbol before anything is sent.
    await h.request('risk.setLimits', { limits: { restricted: [preview.instrument.symbol] } });
    const restricted = (await h.request('orders.preview', { ticket: TICKET })).result;
    expect(restricted.issues).toContainEqual({ field: 'source', message: `Symbol ${preview.instrument.symbol} is on the restricted list (Risk settings).` });
    expect((await h.request('orders.submit', { ticket: TICKET })).error.message).toContain('is on the restricted list');
    await h.request('risk.setLimits', { limits });
    // A rate of 0 orders a second: the parent's gate refuses every child, with that reason.
    const sub = await h.request('orders.submit', { ticket: { ...TICKET, quantity: 900 } });
    expect(sub.ok, JSON.stringify(sub.error)).toBe(true);
    let rec: any;
    for (let i = 0; i < 2000; i++) {
      rec = (await h.request('orders.list', {})).result.find((p: any) => p.parentId === sub.result.parentId);
      if (rec.status !== 'working') break;
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(rec.children.length).toBeGreaterThan(0);
    for (const c of rec.children) expect(c.reason).toBe('0 orders accepted in the last second reach max orders per second 0 (Risk settings).');
    h.engine.dispose();
  }, 60_000);

  it('refuses a malformed scope, naming the field', async () => {
    const h = harness(join(root, 'bad'));
    const r = await h.request('risk.setKillSwitch', { scope: { agent: '' }, on: true });
    expect(r.ok).toBe(false);
    expect(r.error.code).toBe('validation');
    expect(r.error.field).toMatch(/^scope/);
    expect((await h.request('risk.setKillSwitch', { scope: 'global' })).error.field).toBe('on');
    h.engine.dispose();
  });
});
