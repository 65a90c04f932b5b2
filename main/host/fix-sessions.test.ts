import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PaperVenue } from '../live/paper-venue.js';
import { engineTestHarness } from './engine-test-harness.js';

const PASSWORD = 'Pw-7f3k-never-shown';
const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()!();
});

const harness = engineTestHarness;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The venue's mid once its book is two-sided (a fresh scenario fills its book over the first moments). */
async function midOf(venue: PaperVenue): Promise<number> {
  const book = venue.sim.venue.book;
  for (let i = 0; i < 200 && !(Number.isFinite(book.bestBid()) && Number.isFinite(book.bestAsk())); i++) await sleep(25);
  return Math.round((book.bestBid() + book.bestAsk()) / 2);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('fix.* — the engine on a paper FIX venue from a stored session', () => {
  it('connects, works a TWAP parent to completion through the gateway, reports session state and drift; the password appears nowhere', async () => {
    const venue = new PaperVenue({ port: 0, scenario: 'calm', seed: 11, durationSec: 600, storeDir: null, senderCompId: 'PAPER', targetCompId: 'DESK' });
    const port = await venue.listen();
    cleanup.push(() => venue.close());
    const dataDir = mkdtempSync(join(tmpdir(), 'fix-engine-'));
    const h = harness(dataDir);
    cleanup.push(() => h.engine.dispose());
    const start = { id: 'paper-1', name: 'Paper', host: '127.0.0.1', port, senderCompId: 'DESK', targetCompId: 'PAPER', heartBtIntSec: 1, resetOnLogon: true, username: 'desk', password: PASSWORD };

    // A client cannot connect without the host's stored session.
    const instrument = { symbol: venue.instrument.symbol, priceDecimals: venue.instrument.priceDecimals, sizeDecimals: venue.instrument.sizeDecimals };
    const bare = await h.request('fix.connect', { sessionId: 'paper-1', instrument });
    expect(bare.ok).toBe(false);
    expect(bare.error.field).toBe('sessionId');

    const c = await h.request('fix.connect', { sessionId: 'paper-1', instrument, start });
    expect(c.ok).toBe(true);
    expect(c.result).toMatchObject({ sessionId: 'paper-1', state: 'logged-on', senderCompId: 'DESK', targetCompId: 'PAPER' });
    expect(c.result.nextOut).toBeGreaterThan(1);
    const states = () => h.events('fix.session').map((s) => s.state);
    expect(states()).toContain('connecting');
    expect(states()).toContain('logged-on');

    const ref = await midOf(venue);
    const w = await h.request('fix.work', { sessionId: 'paper-1', side: 'buy', quantity: 300, horizonSec: 1.5, slices: 3, refPriceUnits: ref });
    expect(w.ok).toBe(true);
    const parentId = w.result.parentId;
    // A priced strategy without market data is refused, naming the field; a TWAP without a feed needs the reference price.
    const vwapBare = await h.request('fix.work', { sessionId: 'paper-1', side: 'buy', quantity: 10, horizonSec: 1, strategy: 'vwap', refPriceUnits: ref });
    expect(vwapBare).toMatchObject({ ok: false, error: { code: 'validation', field: 'md' } });
    const noRef = await h.request('fix.work', { sessionId: 'paper-1', side: 'buy', quantity: 10, horizonSec: 1, slices: 1 });
    expect(noRef).toMatchObject({ ok: false, error: { code: 'validation', field: 'refPriceUnits' } });

    let drift: any = null;
    for (let i = 0; i < 300; i++) {
      const d = await h.request('fix.drift', {});
      drift = d.result.find((x: any) => x.parentId === parentId);
      if (drift?.state === 'ended') break;
      await sleep(50);
    }
    expect(drift.state).toBe('ended');
    expect(drift.filled).toBe(300);
    expect(drift.children).toBeGreaterThanOrEqual(3);
    expect(drift.acks).toBe(drift.children);
    expect(drift.actualFillRate).toBeGreaterThan(0);
    expect(drift.actualAckMsMedian).toBeGreaterThanOrEqual(0);
    expect(h.events('fix.drift').length).toBeGreaterThan(0);

    // Heartbeats (1 s) move the sequence numbers; the panel's traffic times follow.
    await sleep(2300);
    const list = (await h.request('fix.sessions', {})).result;
    expect(list).toHaveLength(1);
    expect(list[0].lastInMs).not.toBeNull();
    expect(list[0].lastOutMs).not.toBeNull();
    expect(list[0].nextIn).toBeGreaterThan(c.result.nextIn);
    // Logon, every child's NewOrderSingle and our heartbeats were numbered.
    expect(list[0].nextOut).toBeGreaterThan(1 + drift.children);

    const d = await h.request('fix.disconnect', { sessionId: 'paper-1' });
    expect(d.result.changed).toBe(true);
    expect(states().at(-1)).toBe('disconnected');
    expect((await h.request('fix.disconnect', { sessionId: 'paper-1' })).result.changed).toBe(false);

    // The audit log holds the children and fills; neither it, the session store, nor any message carries the password.
    const files = filesUnder(join(dataDir, 'fix'));
    expect(files.map((f) => f.slice(dataDir.length))).toEqual(expect.arrayContaining([join('/fix/paper-1/audit.log'), join('/fix/paper-1/session.log')]));
    const audit = readFileSync(join(dataDir, 'fix/paper-1/audit.log'), 'latin1');
    expect(audit).toContain('OrderFilled');
    for (const f of files) expect(readFileSync(f, 'latin1')).not.toContain(PASSWORD);
    const wire = JSON.stringify(h.messages.slice(0));
    expect(wire).not.toContain(PASSWORD);
    expect(wire).toContain('fix.session'); // the check above looked at the events, not an empty log
  }, 30_000);

  it('a restarted engine logs the same session on without a reset: sequence numbers continue, nothing booked twice', async () => {
    const venue = new PaperVenue({ port: 0, scenario: 'calm', seed: 12, durationSec: 600, storeDir: null, senderCompId: 'PAPER', targetCompId: 'DESK' });
    const port = await venue.listen();
    cleanup.push(() => venue.close());
    const dataDir = mkdtempSync(join(tmpdir(), 'fix-restart-'));
    const start = { id: 'paper-2', name: 'Paper', host: '127.0.0.1', port, senderCompId: 'DESK', targetCompId: 'PAPER', heartBtIntSec: 30, resetOnLogon: false };
    const instrument = { symbol: venue.instrument.symbol, priceDecimals: venue.instrument.priceDecimals, sizeDecimals: venue.instrument.sizeDecimals };
    const ref = await midOf(venue);
    const workToEnd = async (h: ReturnType<typeof harness>) => {
      const w = await h.request('fix.work', { sessionId: 'paper-2', side: 'sell', quantity: 200, horizonSec: 0.6, slices: 2, refPriceUnits: ref });
      expect(w.error).toBeUndefined();
      for (let i = 0; i < 300; i++) {
        const d = (await h.request('fix.drift', {})).result.find((x: any) => x.parentId === w.result.parentId);
        if (d?.state === 'ended') return d;
        await sleep(50);
      }
      throw new Error('parent did not end');
    };
    const a = harness(dataDir);
    expect((await a.request('fix.connect', { sessionId: 'paper-2', instrument, start })).ok).toBe(true);
    expect((await workToEnd(a)).filled).toBe(200);
    const before = (await a.request('fix.sessions', {})).result[0];
    await a.request('fix.disconnect', { sessionId: 'paper-2' });
    a.engine.dispose();
    await sleep(100);

    const b = harness(dataDir);
    cleanup.push(() => b.engine.dispose());
    const c = await b.request('fix.connect', { sessionId: 'paper-2', instrument, start });
    expect(c.error).toBeUndefined();
    expect(c.result.nextOut).toBeGreaterThan(before.nextOut); // continued from the session store, not reset to 1
    expect((await workToEnd(b)).filled).toBe(200);
    const execIds = readFileSync(join(dataDir, 'fix/paper-2/audit.log'), 'latin1')
      .split('\n')
      .flatMap((l) => [...l.matchAll(/"type":"OrderFilled"[^\n]*?"execId":"([^"]+)"/g)].map((m) => m[1]));
    expect(execIds.length).toBeGreaterThanOrEqual(2);
    expect(new Set(execIds).size).toBe(execIds.length);
  }, 30_000);

  it("the engine's global kill switch stops a FIX parent: no child filled after it, the parent ends short", async () => {
    const venue = new PaperVenue({ port: 0, scenario: 'calm', seed: 13, durationSec: 600, storeDir: null, senderCompId: 'PAPER', targetCompId: 'DESK' });
    const port = await venue.listen();
    cleanup.push(() => venue.close());
    const h = harness(mkdtempSync(join(tmpdir(), 'fix-kill-')));
    cleanup.push(() => h.engine.dispose());
    const start = { id: 'paper-3', name: 'Paper', host: '127.0.0.1', port, senderCompId: 'DESK', targetCompId: 'PAPER', heartBtIntSec: 30, resetOnLogon: true };
    const instrument = { symbol: venue.instrument.symbol, priceDecimals: venue.instrument.priceDecimals, sizeDecimals: venue.instrument.sizeDecimals };
    expect((await h.request('fix.connect', { sessionId: 'paper-3', instrument, start })).error).toBeUndefined();
    const w = await h.request('fix.work', { sessionId: 'paper-3', side: 'buy', quantity: 400, horizonSec: 4, slices: 4, refPriceUnits: await midOf(venue) });
    const drift = async () => (await h.request('fix.drift', {})).result.find((x: any) => x.parentId === w.result.parentId);
    for (let i = 0; i < 100 && (await drift()).filled === 0; i++) await sleep(20);
    expect((await drift()).filled).toBe(100); // the first slice, at once
    await h.request('risk.setKillSwitch', { scope: 'global', on: true });
    let d: any;
    for (let i = 0; i < 200; i++) {
      d = await drift();
      if (d.state === 'ended') break;
      await sleep(50);
    }
    expect(d.state).toBe('ended');
    expect(d.filled).toBe(100);
  }, 30_000);
});
