import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { PaperVenue } from '../live/paper-venue.js';
import { engineTestHarness } from './engine-test-harness.js';

const samplesDir = fileURLToPath(new URL('../../assets/sample', import.meta.url));
const TERMINAL = ['Filled', 'Cancelled', 'Rejected', 'Denied', 'Expired'];
const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()!();
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const harness = engineTestHarness;

/** A paper venue (agent-based market, FIX orders and FIX market data) and an engine logged on to it as session `sid`. */
async function connected(seed: number, sid: string) {
  const venue = new PaperVenue({ port: 0, scenario: 'calm', seed, durationSec: 600, storeDir: null, senderCompId: 'PAPER', targetCompId: 'DESK' });
  const port = await venue.listen();
  cleanup.push(() => venue.close());
  const dataDir = mkdtempSync(join(tmpdir(), 'fix-strat-'));
  const h = harness(dataDir);
  cleanup.push(() => h.engine.dispose());
  const start = { id: sid, name: 'Paper', host: '127.0.0.1', port, senderCompId: 'DESK', targetCompId: 'PAPER', heartBtIntSec: 30, resetOnLogon: true };
  const instrument = { symbol: venue.instrument.symbol, priceDecimals: venue.instrument.priceDecimals, sizeDecimals: venue.instrument.sizeDecimals };
  const c = await h.request('fix.connect', { sessionId: sid, instrument, start });
  expect(c.error).toBeUndefined();
  const parent = async (parentId: string) => (await h.request('supervision.state', {})).result.find((p: any) => p.parentId === parentId);
  const until = async (parentId: string, ok: (p: any) => boolean, ms: number) => {
    let p: any;
    for (let t = 0; t < ms; t += 50) {
      p = await parent(parentId);
      if (p && ok(p)) return p;
      await sleep(50);
    }
    throw new Error(`parent ${parentId} never reached the state wanted; last: ${JSON.stringify({ state: p?.state, filled: p?.filled, children: p?.children?.length })}`);
  };
  const audited = () => readFileSync(join(dataDir, 'fix', sid, 'audit.log'), 'latin1');
  return { venue, h, parent, until, audited };
}

describe('fix.work — every strategy on a paper FIX venue with FIX market data, supervised like a simulated parent', () => {
  it('VWAP on FIX market data: children priced off the feed, fills audited, shown in supervision with the session as venue; ends', async () => {
    const { h, until, audited } = await connected(21, 'paper-v');
    const w = await h.request('fix.work', { sessionId: 'paper-v', side: 'buy', quantity: 400, horizonSec: 4, strategy: 'vwap', slices: 4, md: { kind: 'fix' } });
    expect(w.error).toBeUndefined();
    const id = w.result.parentId;
    const seen = await until(id, (p) => p.children.length > 0, 5_000);
    expect(seen).toMatchObject({ sessionId: 'paper-v', algorithm: 'vwap', startedWith: 'vwap', side: 'buy', quantity: 400 });
    expect(seen.venue).toContain('Paper');
    // Priced children: VWAP rests limits at the feed's touch (not market orders).
    expect(seen.children.some((c: any) => c.priceUnits !== null)).toBe(true);
    expect(seen.arrivalPriceUnits).toBeGreaterThan(0);
    const end = await until(id, (p) => p.state === 'ended', 20_000);
    expect(end.filled).toBeGreaterThan(0);
    expect(end.fills.length).toBeGreaterThan(0);
    expect(end.children.every((c: any) => TERMINAL.includes(c.status))).toBe(true);
    expect(end.fills.reduce((s: number, f: any) => s + f.size, 0)).toBe(end.filled);
    // Every fill shown was in the write-ahead audit log (one OrderFilled line per fill of our children).
    const log = audited();
    for (const c of end.children.filter((c: any) => c.filled > 0)) expect(log).toContain(`"clientOrderId":"${c.clientOrderId}"`);
    expect(log.match(/"type":"OrderFilled"/g)!.length).toBeGreaterThanOrEqual(end.fills.length);
  }, 40_000);

  it('the shipped agent on FIX market data: decisions explained (features, action, probabilities), fills; kill cancels its working children', async () => {
    const { h, until } = await connected(22, 'paper-a');
    const w = await h.request('fix.work', { sessionId: 'paper-a', side: 'sell', quantity: 600, horizonSec: 6, strategy: 'agent', md: { kind: 'fix' } });
    expect(w.error).toBeUndefined();
    const id = w.result.parentId;
    const first = await until(id, (p) => p.decisions.length >= 2, 8_000);
    expect(first).toMatchObject({ algorithm: 'agent', sessionId: 'paper-a' });
    expect(first.featureNames.length).toBeGreaterThan(0);
    expect(first.decisions[0].obs).toHaveLength(first.featureNames.length);
    expect(first.decisions[0].probs ?? first.decisions[0].qValues).toBeTruthy();
    const end = await until(id, (p) => p.state === 'ended', 25_000);
    expect(end.filled).toBeGreaterThan(0);

    // A second agent parent, killed while it works: its working children are cancelled, nothing new is sent.
    const k = await h.request('fix.work', { sessionId: 'paper-a', side: 'buy', quantity: 600, horizonSec: 30, strategy: 'agent', md: { kind: 'fix' } });
    expect(k.error).toBeUndefined();
    await until(k.result.parentId, (p) => p.children.length > 0, 8_000);
    expect((await h.request('supervision.kill', { parentId: k.result.parentId })).result).toEqual({ changed: true });
    const killed = await until(k.result.parentId, (p) => p.state === 'ended', 5_000);
    expect(killed.children.every((c: any) => TERMINAL.includes(c.status))).toBe(true);
    await sleep(1_500);
    expect((await until(k.result.parentId, () => true, 100)).children).toHaveLength(killed.children.length);
    expect((await h.request('supervision.kill', { parentId: k.result.parentId })).result).toEqual({ changed: false });
  }, 60_000);

  it('pause, resume and "rest to TWAP" on a FIX parent: paused sends nothing; the fallback cancels the children and TWAP on the same session finishes the parent', async () => {
    const { h, until, venue } = await connected(23, 'paper-f');
    const w = await h.request('fix.work', { sessionId: 'paper-f', side: 'buy', quantity: 300, horizonSec: 6, strategy: 'vwap', slices: 3, md: { kind: 'fix' } });
    expect(w.error).toBeUndefined();
    const id = w.result.parentId;
    await until(id, (p) => p.children.length > 0, 5_000);
    expect((await h.request('supervision.pause', { parentId: id })).result).toEqual({ changed: true });
    const paused = await until(id, (p) => p.state === 'paused' && p.children.every((c: any) => TERMINAL.includes(c.status)), 5_000);
    await sleep(1_000);
    expect((await until(id, () => true, 100)).children).toHaveLength(paused.children.length);
    expect((await h.request('supervision.resume', { parentId: id })).result).toEqual({ changed: true });
    await until(id, (p) => p.state === 'working', 2_000);
    expect((await h.request('supervision.fallback', { parentId: id })).result).toEqual({ changed: true });
    const fell = await until(id, (p) => p.algorithm === 'twap', 2_000);
    expect(fell.startedWith).toBe('vwap');
    const end = await until(id, (p) => p.state === 'ended', 25_000);
    expect(end.filled).toBe(300);
    expect(end.venue).toContain('Paper');
    expect(venue.instrument.symbol).toBeTruthy();
  }, 60_000);

  it('POV on FIX market data follows the trades the venue prints (MDEntryType 2): children, fills, well short of the whole order', async () => {
    const { h, until } = await connected(25, 'paper-p');
    const w = await h.request('fix.work', { sessionId: 'paper-p', side: 'sell', quantity: 100_000, horizonSec: 4, strategy: 'pov', povRate: 0.2, md: { kind: 'fix' } });
    expect(w.error).toBeUndefined();
    const end = await until(w.result.parentId, (p) => p.state === 'ended', 20_000);
    expect(end.algorithm).toBe('pov');
    expect(end.children.length).toBeGreaterThan(0); // POV places nothing without a tape
    expect(end.filled).toBeGreaterThan(0);
    expect(end.filled).toBeLessThan(100_000);
  }, 40_000);

  it('POV on a recorded day (md file, its trades as the tape) against the paper venue replaying the same day; a day with other decimals is refused', async () => {
    const files = ['AMZN_2012-06-21_34200000_57600000_message_1.csv', 'AMZN_2012-06-21_34200000_57600000_orderbook_1.csv'].map((f) => join(samplesDir, f));
    const venue = new PaperVenue({ port: 0, scenario: 'calm', data: files, seed: 1, durationSec: 1, storeDir: null, senderCompId: 'PAPER', targetCompId: 'DESK' });
    const port = await venue.listen();
    cleanup.push(() => venue.close());
    const h = harness(mkdtempSync(join(tmpdir(), 'fix-file-')));
    cleanup.push(() => h.engine.dispose());
    const start = { id: 'paper-d', name: 'Paper day', host: '127.0.0.1', port, senderCompId: 'DESK', targetCompId: 'PAPER', heartBtIntSec: 30, resetOnLogon: true };
    const inst = venue.instrument;
    expect((await h.request('fix.connect', { sessionId: 'paper-d', instrument: { symbol: inst.symbol, priceDecimals: inst.priceDecimals, sizeDecimals: inst.sizeDecimals }, start })).error).toBeUndefined();
    const w = await h.request('fix.work', { sessionId: 'paper-d', side: 'buy', quantity: 500, horizonSec: 3, strategy: 'pov', povRate: 0.5, md: { kind: 'file', files } });
    expect(w.error).toBeUndefined();
    let p: any;
    for (let i = 0; i < 300 && p?.state !== 'ended'; i++) {
      await sleep(50);
      p = (await h.request('supervision.state', {})).result.find((x: any) => x.parentId === w.result.parentId);
    }
    expect(p.state).toBe('ended');
    expect(p.children.length).toBeGreaterThan(0);
    expect(p.filled).toBeGreaterThan(0);
    // At the day's prices: within 2 % of the opening touch of the orderbook file.
    const [ask, , bid] = readFileSync(files[1]!, 'utf8').split('\n', 1)[0]!.split(',').map(Number) as [number, number, number];
    expect(p.avgPriceUnits).toBeGreaterThan(bid * 0.98);
    expect(p.avgPriceUnits).toBeLessThan(ask * 1.02);

    // The same session connected with 2 price decimals cannot read a 4-decimal day as its prices.
    await h.request('fix.disconnect', { sessionId: 'paper-d' });
    expect((await h.request('fix.connect', { sessionId: 'paper-d', instrument: { symbol: inst.symbol, priceDecimals: 2, sizeDecimals: 0 }, start })).error).toBeUndefined();
    const bad = await h.request('fix.work', { sessionId: 'paper-d', side: 'buy', quantity: 500, horizonSec: 3, strategy: 'vwap', md: { kind: 'file', files } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation', field: 'md.files' } });
    expect(bad.error.message).toMatch(/4 price and 0 size decimals, the session's instrument 2 and 0/);
  }, 60_000);

  it('logging the session out kills its working parents first: their children are cancelled before the Logout, the parents end', async () => {
    const { h, until } = await connected(26, 'paper-x');
    const a = await h.request('fix.work', { sessionId: 'paper-x', side: 'buy', quantity: 2_000, horizonSec: 60, strategy: 'vwap', slices: 6, md: { kind: 'fix' } });
    const b = await h.request('fix.work', { sessionId: 'paper-x', side: 'sell', quantity: 2_000, horizonSec: 60, strategy: 'vwap', slices: 6, md: { kind: 'fix' } });
    await until(a.result.parentId, (p) => p.children.some((c: any) => !TERMINAL.includes(c.status)), 5_000);
    await until(b.result.parentId, (p) => p.children.some((c: any) => !TERMINAL.includes(c.status)), 5_000);
    expect((await h.request('fix.disconnect', { sessionId: 'paper-x' })).result).toEqual({ changed: true });
    for (const id of [a.result.parentId, b.result.parentId]) {
      const p = await until(id, (x) => x.state === 'ended', 1_000);
      expect(p.children.every((c: any) => TERMINAL.includes(c.status))).toBe(true);
    }
  }, 30_000);

  it('refuses what it cannot run, naming the field: pov without trades, ac without its model, an unknown agent model', async () => {
    const { h } = await connected(24, 'paper-e');
    const base = { sessionId: 'paper-e', side: 'buy', quantity: 100, horizonSec: 5 };
    expect(await h.request('fix.work', { ...base, strategy: 'pov', povRate: 0.1, md: { kind: 'binance', snapshotUrl: 'http://127.0.0.1:1/s', streamUrl: 'ws://127.0.0.1:1/d' } })).toMatchObject({ ok: false, error: { field: 'md' } });
    expect(await h.request('fix.work', { ...base, strategy: 'pov', md: { kind: 'fix' } })).toMatchObject({ ok: false, error: { field: 'povRate' } });
    expect(await h.request('fix.work', { ...base, strategy: 'almgren-chriss', md: { kind: 'fix' } })).toMatchObject({ ok: false, error: { field: 'ac' } });
    expect(await h.request('fix.work', { ...base, strategy: 'agent', agentModel: 'user:nope', md: { kind: 'fix' } })).toMatchObject({ ok: false, error: { field: 'agentModel' } });
    expect(await h.request('fix.work', { ...base, strategy: 'vwap', md: { kind: 'binance', snapshotUrl: 'ftp://x', streamUrl: 'ws://x' } })).toMatchObject({ ok: false, error: { field: 'md.snapshotUrl' } });
    expect((await h.request('supervision.state', {})).result).toEqual([]);
  }, 30_000);
});
