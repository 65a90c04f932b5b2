import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import type { EventPayload, ServerMessage } from '../contract/index.js';
import { Engine } from './engine.js';

const samplesDir = fileURLToPath(new URL('../../assets/sample', import.meta.url));

/** An in-process engine with a promise-based request helper and a log of events. */
function harness() {
  const events: Array<{ name: string; payload: any }> = [];
  const pending = new Map<number, (m: ServerMessage) => void>();
  const engine = new Engine({ host: 'in-process', engineThread: 'in-process', samplesDir, dataDir: tmpdir() }, (m) => {
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
  const waitFor = async (pred: () => boolean, ms = 20_000) => {
    const t0 = Date.now();
    while (!pred()) {
      if (Date.now() - t0 > ms) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return { engine, events, request, waitFor };
}

describe('Engine', () => {
  it('answers validation errors that name the field, and survives bad messages', async () => {
    const h = harness();
    const r1 = await h.request('market.open', { files: [] });
    expect(r1.ok).toBe(false);
    expect(r1.error.code).toBe('validation');
    expect(r1.error.field).toBe('files');
    const r2 = await h.request('replay.play', { speed: -3 });
    expect(r2.error.field).toBe('speed');
    const r3 = await h.request('no.such', {});
    expect(r3.error.message).toBe('Unknown command "no.such"');
    const sent: ServerMessage[] = [];
    const e2 = new Engine({ host: 'in-process', engineThread: 'in-process', samplesDir, dataDir: tmpdir() }, (m) => sent.push(m));
    e2.handle('not an object');
    e2.handle({ kind: 'request', id: 'x' });
    expect(sent.map((m) => m.kind === 'response' && !m.ok && m.error.code)).toEqual(['validation', 'validation']);
    const r4 = await h.request('replay.play', {});
    expect(r4.error).toMatchObject({ code: 'state', message: 'No market data is open: open a file or the sample first' });
    const hello = await h.request('engine.hello', {});
    expect(hello.ok).toBe(true);
    expect(hello.result.engineThread).toBe('in-process');
  });

  it('opens the bundled AMZN sample with progress, plays to the end and seeks deterministically', async () => {
    const h = harness();
    const samples = (await h.request('market.listSamples', {})).result;
    expect(samples).toHaveLength(1);
    expect(samples[0].files).toHaveLength(2);
    const open = await h.request('market.openSample', { id: samples[0].id });
    expect(open.ok).toBe(true);
    expect(open.result).toMatchObject({ format: 'lobster', events: 57_515, checkedRows: 57_515, mismatches: 0, clock: 'exchange-local' });
    const progress = h.events.filter((e) => e.name === 'job.progress').map((e) => e.payload as EventPayload<'job.progress'>);
    expect(progress.at(-1)).toMatchObject({ done: true, fraction: 1 });
    expect(progress.length).toBeGreaterThan(1);

    const step = await h.request('replay.step', { events: 1_000 });
    expect(step.result.eventIndex).toBe(1_000);
    const frameAt1000 = h.events.filter((e) => e.name === 'market.frame').at(-1)!.payload;
    expect(frameAt1000.eventIndex).toBe(1_000);
    expect(frameAt1000.bids.length).toBeGreaterThan(0);
    expect(frameAt1000.asks[0][0]).toBeGreaterThan(frameAt1000.bids[0][0]);

    expect((await h.request('replay.play', { speed: 'max' })).ok).toBe(true);
    await h.waitFor(() => h.events.some((e) => e.name === 'replay.state' && e.payload.state === 'ended'));
    const frames = h.events.filter((e) => e.name === 'market.frame').map((e) => e.payload);
    expect(frames.at(-1).eventIndex).toBe(57_515);
    const trades = frames.reduce((n, f) => n + f.trades.length, 0);
    expect(trades).toBeGreaterThan(0);

    const back = await h.request('replay.seek', { eventIndex: 1_000 });
    expect(back.result.eventIndex).toBe(1_000);
    const again = h.events.filter((e) => e.name === 'market.frame').at(-1)!.payload;
    expect(again.reset).toBe(true);
    expect(again.bids).toEqual(frameAt1000.bids);
    expect(again.asks).toEqual(frameAt1000.asks);
    h.engine.dispose();
  });

  it('reports a malformed file in the engine\'s words, naming file and line', async () => {
    const { mkdirSync, mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    // An upload (dataDir/uploads): the engine opens only files the user chose (file-access.ts).
    mkdirSync(join(tmpdir(), 'uploads'), { recursive: true });
    const dir = mkdtempSync(join(tmpdir(), 'uploads', 'slip-engine-'));
    const bad = join(dir, 'XYZ_2012-06-21_34200000_57600000_message_1.csv');
    writeFileSync(bad, '34200.1,1,5,100,2238100,1\n34200.2,9,6,100,2238100,1\n');
    const h = harness();
    const r = await h.request('market.open', { files: [bad] });
    expect(r.ok).toBe(false);
    expect(r.error.code).toBe('data-format');
    expect(r.error.message).toContain('XYZ_2012-06-21_34200000_57600000_message_1.csv:2');
  });
});
