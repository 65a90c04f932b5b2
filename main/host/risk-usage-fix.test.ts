import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { PaperVenue } from '../live/paper-venue.js';
import { UPLOADS_FOLDER } from './file-access.js';
import { RiskUsageMeter, workedParents, type LiveWorkedParent, type WorkedParent } from './risk-usage.js';
import { engineTestHarness } from './engine-test-harness.js';

const shippedAgent = fileURLToPath(new URL('../../native-models/execution-default', import.meta.url));
const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()!();
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Two price decimals, whole shares; one working child of `size` (nothing filled).
const worked = (size: number, side: 'buy' | 'sell' = 'buy'): WorkedParent => ({
  ticket: { side }, instrument: { sizeDecimals: 0, priceDecimals: 2 }, nowNs: 10e9, midNow: 1000,
  snapshot: () => ({ children: [{ clientOrderId: 'c1', side: side === 'buy' ? 1 : -1, type: 'limit DAY', size, filled: 0, priceUnits: 1000, avgPriceUnits: null, status: 'Working', createdNs: 9.5e9, reason: null }], fills: [] }),
});

describe('risk usage counts FIX parents like simulated ones', () => {
  it('a working FIX parent uses the limits (and is named as the highest user); an ended one no longer counts', () => {
    const sim = new Map([['PO-1', worked(100)]]);
    const live = new Map<string, LiveWorkedParent>([
      ['F1-abc', { run: { ...worked(700, 'sell'), ended: false } }],
      ['F2-def', { run: { ...worked(5_000), ended: true } }],
    ]);
    expect([...workedParents(sim, live).keys()]).toEqual(['PO-1', 'F1-abc']);
    const u = new RiskUsageMeter().measure(sim, { maxPosition: 1_000, maxOpenOrders: 10 }, live);
    expect(u.workingParents).toBe(2);
    const pos = u.items.find((i) => i.limit === 'maxPosition')!;
    expect(pos).toMatchObject({ used: 700, parentId: 'F1-abc', fraction: 0.7 });
    expect(u.highest).toBeCloseTo(0.7, 12);
    // Without the FIX parents (the engine before this change) the sell of 700 was invisible.
    expect(new RiskUsageMeter().measure(sim, { maxPosition: 1_000 }).items.find((i) => i.limit === 'maxPosition')).toMatchObject({ used: 100, parentId: 'PO-1' });
  });
});

const harness = engineTestHarness;

describe('FIX parents in risk.usage and the agent model of a FIX parent (engine, paper venue)', () => {
  it('risk.usage sees a working FIX parent; an agent parent on a chosen (uploaded) folder names its model; a folder outside is refused naming agentModel', async () => {
    const venue = new PaperVenue({ port: 0, scenario: 'calm', seed: 31, durationSec: 600, storeDir: null, senderCompId: 'PAPER', targetCompId: 'DESK' });
    const port = await venue.listen();
    cleanup.push(() => venue.close());
    const dataDir = mkdtempSync(join(tmpdir(), 'risk-fix-'));
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const h = harness(dataDir);
    cleanup.push(() => h.engine.dispose());
    const start = { id: 'paper-r', name: 'Paper', host: '127.0.0.1', port, senderCompId: 'DESK', targetCompId: 'PAPER', heartBtIntSec: 30, resetOnLogon: true };
    const instrument = { symbol: venue.instrument.symbol, priceDecimals: venue.instrument.priceDecimals, sizeDecimals: venue.instrument.sizeDecimals };
    expect((await h.request('fix.connect', { sessionId: 'paper-r', instrument, start })).error).toBeUndefined();

    const w = await h.request('fix.work', { sessionId: 'paper-r', side: 'buy', quantity: 900, horizonSec: 20, strategy: 'twap', slices: 3, md: { kind: 'fix' } });
    expect(w.error).toBeUndefined();
    const id = w.result.parentId;
    let usage: any;
    for (let t = 0; t < 10_000; t += 50) {
      usage = (await h.request('risk.usage', {})).result;
      if (usage.items.some((i: any) => i.parentId === id && i.used > 0)) break;
      await sleep(50);
    }
    expect(usage.workingParents).toBe(1);
    const pos = usage.items.find((i: any) => i.limit === 'maxPosition');
    expect(pos.parentId).toBe(id);
    expect(pos.used).toBeGreaterThan(0);
    expect(pos.used).toBeLessThanOrEqual(900);

    // A model folder the user uploaded (not in models.list): accepted, and supervision names it.
    const chosen = join(dataDir, UPLOADS_FOLDER, 'my-agent-1a2b');
    mkdirSync(chosen, { recursive: true });
    cpSync(shippedAgent, chosen, { recursive: true });
    const a = await h.request('fix.work', { sessionId: 'paper-r', side: 'sell', quantity: 300, horizonSec: 20, strategy: 'agent', agentModel: chosen, md: { kind: 'fix' } });
    expect(a.error).toBeUndefined();
    const sup = (await h.request('supervision.state', {})).result;
    const ap = sup.find((p: any) => p.parentId === a.result.parentId);
    expect(ap.model).toMatchObject({ name: 'my-agent-1a2b', path: expect.stringContaining('my-agent-1a2b') });
    expect(ap.model.weightsSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(sup.find((p: any) => p.parentId === id).model).toBeNull();

    // A folder the user never chose is refused before anything is sent, naming the field.
    const outside = mkdtempSync(join(tmpdir(), 'not-chosen-'));
    cleanup.push(() => rmSync(outside, { recursive: true, force: true }));
    expect(await h.request('fix.work', { sessionId: 'paper-r', side: 'buy', quantity: 100, horizonSec: 5, strategy: 'agent', agentModel: outside, md: { kind: 'fix' } })).toMatchObject({ ok: false, error: { field: 'agentModel' } });
    for (const pid of [id, a.result.parentId]) await h.request('supervision.kill', { parentId: pid });
  }, 60_000);
});
