/**
 * Seeded, bounded fuzzing of the headless host's WebSocket: thousands of malformed messages
 * (invalid JSON, binary frames, deep nesting, huge strings, wrong types, unknown commands, bad
 * arguments, prototype keys) against the real host with its engine in a worker thread. Every
 * message must get exactly one answer, the engine must never die (same engine, no restart), and
 * the host must still answer a valid request at the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MESSAGE_LIMITS } from '../relay/message-limits.js';
import { startHeadlessHost, type HeadlessHost } from './headless-host.js';
import { fuzzRng } from '../test-support/fuzz-rng.js';

const SEED = 20260703;
const MESSAGES = 3000;

const rng = fuzzRng;

type R = ReturnType<typeof rng>;
/** A frame to send, and the id its answer must carry. */
interface Case {
  data: string | Buffer;
  binary: boolean;
  id: number;
}

const CHEAP_COMMANDS = ['engine.hello', 'replay.pause', 'replay.step', 'replay.seek', 'job.cancel', 'market.open', 'market.openSample', 'orders.cancel', 'nope', '', '__proto__', 'constructor'];

function randomValue(r: R, depth = 0): unknown {
  switch (r.int(depth > 3 ? 5 : 8)) {
    case 0: return r.int(2) ? r.next() * 1e12 : -r.int(1000);
    case 1: return r.pick(['', 'x', '../../etc/passwd', '/etc/shadow', '\u0000', '\ud800', 'é'.repeat(r.int(300))]);
    case 2: return r.pick([true, false, null]);
    case 3: return r.pick([1e308, -0, 2 ** 53 + 1, 0.5]);
    case 4: return String.fromCharCode(...Array.from({ length: r.int(40) }, () => r.int(0xffff)));
    case 5: return Array.from({ length: r.int(5) }, () => randomValue(r, depth + 1));
    default: return Object.fromEntries(Array.from({ length: r.int(5) }, () => [r.pick(['files', 'speed', 'events', 'jobId', '__proto__', 'constructor', 'a']), randomValue(r, depth + 1)]));
  }
}

function deep(depth: number, open: string, close: string, inner = '1'): string {
  return open.repeat(depth) + inner + close.repeat(depth);
}

function makeCase(r: R, n: number): Case {
  const id = n; // unique per message
  const text = (data: string, answerId = -1): Case => ({ data, binary: false, id: answerId });
  switch (r.int(10)) {
    case 0: {
      // Invalid JSON: truncated or garbled valid requests, random bytes as text.
      const good = JSON.stringify({ kind: 'request', id, command: 'engine.hello', args: {} });
      return text(r.int(2) ? good.slice(0, r.int(good.length)) : Buffer.from(Array.from({ length: 1 + r.int(200) }, () => r.int(256))).toString('latin1'));
    }
    case 1:
      return { data: Buffer.from(Array.from({ length: r.int(2000) }, () => r.int(256))), binary: true, id: -1 };
    case 2: {
      // Deep nesting, in the args (answer names the id) or as the whole message.
      const d = MESSAGE_LIMITS.maxDepth + 1 + r.int(20_000);
      const [o, c] = r.pick([['{"a":', '}'], ['[', ']']] as const);
      return r.int(2) ? text(`{"kind":"request","id":${id},"command":"engine.hello","args":${deep(d, o, c)}}`, -1) : text(deep(d, o, c));
    }
    case 3: {
      // Huge strings (below the frame limit), in the command or in a file path.
      const big = 'é'.repeat(MESSAGE_LIMITS.maxStringLength + r.int(200_000));
      return r.int(2)
        ? text(JSON.stringify({ kind: 'request', id, command: big, args: {} }))
        : text(JSON.stringify({ kind: 'request', id, command: 'market.open', args: { files: [big] } }));
    }
    case 4: {
      // Wrong types in the envelope (the answer carries the id while the id itself is usable).
      if (r.int(5) === 0) return text(JSON.stringify(r.pick([[], 1, 'request', null, true, [{ id }]])));
      const env = { kind: 'request', id, command: 'engine.hello', args: {} } as Record<string, unknown>;
      const key = r.pick(['kind', 'id', 'command', 'args']);
      const value = r.pick([null, 1, 'x', [], {}, -1, 1.5, true, '1e3']);
      env[key] = value;
      const usable = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
      return text(JSON.stringify(env), key === 'id' ? (usable(value) ? (value as number) : -1) : id);
    }
    default: {
      // Well-formed envelopes with unknown commands or arbitrary arguments (some are valid).
      const msg = { kind: 'request', id, command: r.pick(CHEAP_COMMANDS), args: randomValue(r) };
      return text(JSON.stringify(msg), id);
    }
  }
}

let host: HeadlessHost;
let tmp: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slipstream-fuzz-'));
  fs.mkdirSync(path.join(tmp, 'renderer'));
  fs.writeFileSync(path.join(tmp, 'renderer', 'index.html'), '<!doctype html>');
  host = await startHeadlessHost({ port: 0, engineMode: 'worker', rendererDir: path.join(tmp, 'renderer'), dataDir: path.join(tmp, 'data'), settingsDir: path.join(tmp, 'settings') });
});

afterAll(async () => {
  await host?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function open(): Promise<{ ws: WebSocket; messages: any[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`);
    const messages: any[] = [];
    ws.on('message', (d) => messages.push(JSON.parse(String(d))));
    ws.on('open', () => resolve({ ws, messages }));
    ws.on('error', reject);
  });
}

async function until(cond: () => boolean, ms: number): Promise<void> {
  const end = performance.now() + ms;
  while (!cond() && performance.now() < end) await new Promise((r) => setTimeout(r, 20));
}

async function hello(ws: WebSocket, messages: any[], id: number): Promise<any> {
  ws.send(JSON.stringify({ kind: 'request', id, command: 'engine.hello', args: {} }));
  await until(() => messages.some((m) => m.kind === 'response' && m.id === id), 30_000);
  return messages.find((m) => m.kind === 'response' && m.id === id);
}

describe('WebSocket fuzzing (seeded)', () => {
  it(`answers each of ${MESSAGES} malformed messages exactly once, and the same engine still answers`, async () => {
    const { ws, messages } = await open();
    const before = await hello(ws, messages, 1_000_000);
    expect(before.ok).toBe(true);
    messages.length = 0;

    const r = rng(SEED);
    const cases = Array.from({ length: MESSAGES }, (_, i) => makeCase(r, i + 1));
    // In batches, so a slow engine never makes the client exceed the in-flight cap.
    for (let i = 0; i < cases.length; i += 200) {
      const batch = cases.slice(i, i + 200);
      for (const c of batch) ws.send(c.data, { binary: c.binary });
      await until(() => messages.filter((m) => m.kind === 'response').length >= i + batch.length, 60_000);
    }
    const responses = messages.filter((m) => m.kind === 'response');
    expect(responses).toHaveLength(MESSAGES);
    // Answers to routable messages carry their id; the rest carry -1.
    const expectedIds = cases.map((c) => c.id).filter((id) => id >= 0).sort((a, b) => a - b);
    const gotIds = responses.map((m) => m.id).filter((id: number) => id >= 0).sort((a: number, b: number) => a - b);
    expect(gotIds).toEqual(expectedIds);
    expect(messages.filter((m) => m.kind === 'event' && m.name === 'engine.restarted')).toEqual([]);
    expect(responses.filter((m) => !m.ok && m.error.code === 'internal').map((m) => m.error.message)).toEqual([]);

    const after = await hello(ws, messages, 2_000_000);
    expect(after).toMatchObject({ ok: true, result: { engineThread: 'worker-thread' } });
    expect(after.result.startedAtMs).toBe(before.result.startedAtMs);
    ws.close();
  }, 120_000);

  it('the reported 5,000-deep request is refused and the engine keeps running', async () => {
    const { ws, messages } = await open();
    ws.send(`{"kind":"request","id":5,"command":"market.open","args":{"files":["a"],"x":${deep(5000, '{"a":', '}')}}}`);
    await until(() => messages.length > 0, 10_000);
    expect(messages[0]).toMatchObject({ kind: 'response', id: -1, ok: false, error: { code: 'validation', message: expect.stringMatching(/deeper than/) } });
    expect((await hello(ws, messages, 6)).ok).toBe(true);
    ws.close();
  });

  it('a frame over the size limit closes only that socket (1009); the host answers on a new one', async () => {
    const { ws } = await open();
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    ws.send('x'.repeat(MESSAGE_LIMITS.maxBytes + 1));
    expect(await closed).toBe(1009);
    const again = await open();
    expect((await hello(again.ws, again.messages, 7)).ok).toBe(true);
    again.ws.close();
  });
});
