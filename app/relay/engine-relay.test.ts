import { describe, expect, it } from 'vitest';
import type { Request, ServerMessage } from '../../main/contract/index.js';
import type { EngineLink } from '../engine/engine-link.js';
import type { EngineRestart } from '../engine/supervised-engine-link.js';
import { EngineRelay, MAX_IN_FLIGHT_PER_CLIENT } from './engine-relay.js';

/** A link whose engine the test plays by hand; `post` can be made to throw (structured clone failing). */
function fakeLink(postImpl?: (m: Request) => void) {
  const posted: Request[] = [];
  let toHost: (m: ServerMessage) => void = () => {};
  let exit: (reason: string) => void = () => {};
  let restart: (info: EngineRestart) => void = () => {};
  const link: EngineLink & { onRestart(l: (info: EngineRestart) => void): void } = {
    post: (m) => (postImpl ? postImpl(m) : void posted.push(m)),
    grantFiles: () => {},
    onMessage: (l) => void (toHost = l),
    onExit: (l) => void (exit = l),
    onRestart: (l) => void (restart = l),
    close: async () => {},
  };
  return { link, posted, reply: (m: ServerMessage) => toHost(m), die: (r: string) => exit(r), restarted: (info: EngineRestart) => restart(info) };
}

const hello = (id: number) => ({ kind: 'request', id, command: 'engine.hello', args: {} });

describe('EngineRelay', () => {
  it('rewrites ids per client and maps answers back; events go to everyone', () => {
    const f = fakeLink();
    const relay = new EngineRelay(f.link);
    const a: ServerMessage[] = [];
    const b: ServerMessage[] = [];
    relay.connect({ send: (m) => a.push(m) }).receive(hello(1));
    relay.connect({ send: (m) => b.push(m) }).receive(hello(1));
    expect(new Set(f.posted.map((p) => p.id)).size).toBe(2);
    f.reply({ kind: 'response', id: f.posted[1]!.id, ok: true, result: 'B' });
    f.reply({ kind: 'response', id: f.posted[0]!.id, ok: true, result: 'A' });
    f.reply({ kind: 'event', name: 'engine.error', payload: { code: 'internal', message: 'x' } });
    expect(a).toEqual([{ kind: 'response', id: 1, ok: true, result: 'A' }, expect.objectContaining({ kind: 'event' })]);
    expect(b).toEqual([{ kind: 'response', id: 1, ok: true, result: 'B' }, expect.objectContaining({ kind: 'event' })]);
  });

  it('answers every pending request when the engine dies, and refuses new ones', () => {
    const f = fakeLink();
    const relay = new EngineRelay(f.link);
    const got: ServerMessage[] = [];
    const c = relay.connect({ send: (m) => got.push(m) });
    c.receive(hello(5));
    f.die('Engine crashed: boom');
    c.receive(hello(6));
    expect(got).toEqual([
      { kind: 'response', id: 5, ok: false, error: { code: 'internal', message: 'Engine crashed: boom' } },
      { kind: 'event', name: 'engine.error', payload: { code: 'internal', message: 'Engine crashed: boom' } },
      { kind: 'response', id: 6, ok: false, error: { code: 'internal', message: 'Engine crashed: boom' } },
    ]);
  });

  it('drops answers for a client that left', () => {
    const f = fakeLink();
    const relay = new EngineRelay(f.link);
    const got: ServerMessage[] = [];
    const c = relay.connect({ send: (m) => got.push(m) });
    c.receive(hello(1));
    c.disconnect();
    f.reply({ kind: 'response', id: f.posted[0]!.id, ok: true, result: 1 });
    expect(got).toEqual([]);
    expect(relay.clientCount).toBe(0);
  });

  it('caps requests in flight per client', () => {
    const f = fakeLink();
    const relay = new EngineRelay(f.link);
    const got: ServerMessage[] = [];
    const c = relay.connect({ send: (m) => got.push(m) });
    for (let i = 0; i <= MAX_IN_FLIGHT_PER_CLIENT; i++) c.receive(hello(i));
    expect(f.posted).toHaveLength(MAX_IN_FLIGHT_PER_CLIENT);
    expect(got).toEqual([expect.objectContaining({ id: MAX_IN_FLIGHT_PER_CLIENT, ok: false, error: expect.objectContaining({ code: 'state' }) })]);
  });

  it('forwards only the validated arguments, never the raw value (unknown keys dropped, defaults filled)', () => {
    const f = fakeLink();
    const relay = new EngineRelay(f.link);
    const got: ServerMessage[] = [];
    const c = relay.connect({ send: (m) => got.push(m) });
    const order = { side: 'buy', quantity: 100, algorithm: 'twap', startSec: 0, horizonSec: 60 };
    c.receive({ kind: 'request', id: 1, command: 'whatif.run', extra: { x: 1 }, args: { source: { kind: 'scenario', name: 'calm', durationSec: 60, junk: 'y'.repeat(100) }, order, seed: 1 } });
    expect(got).toEqual([]);
    expect(f.posted).toHaveLength(1);
    const sent = f.posted[0]!;
    expect(Object.keys(sent).sort()).toEqual(['args', 'command', 'id', 'kind']);
    expect(sent.args).toEqual({ source: { kind: 'scenario', name: 'calm', durationSec: 60 }, order: { ...order, slices: 10, impact: true }, seed: 1 });
  });

  it('refuses a deeply nested message before it reaches the engine, and keeps serving', () => {
    const f = fakeLink();
    const relay = new EngineRelay(f.link);
    const got: ServerMessage[] = [];
    const c = relay.connect({ send: (m) => got.push(m) });
    let deep: unknown = 1;
    for (let i = 0; i < 5000; i++) deep = { a: deep };
    c.receive({ kind: 'request', id: 7, command: 'engine.hello', args: deep });
    expect(got).toEqual([expect.objectContaining({ id: 7, ok: false, error: expect.objectContaining({ code: 'validation', field: 'message' }) })]);
    expect(f.posted).toEqual([]);
    c.receive(hello(8));
    expect(f.posted).toHaveLength(1);
  });

  it('answers a request the link cannot post with an error, and leaves nothing pending', () => {
    const f = fakeLink(() => {
      throw new RangeError('Maximum call stack size exceeded');
    });
    const relay = new EngineRelay(f.link);
    const got: ServerMessage[] = [];
    const c = relay.connect({ send: (m) => got.push(m) });
    for (let i = 0; i < MAX_IN_FLIGHT_PER_CLIENT + 5; i++) c.receive(hello(i));
    expect(got).toHaveLength(MAX_IN_FLIGHT_PER_CLIENT + 5);
    // Not one was counted as in flight: the cap never kicked in.
    expect(got.every((m) => m.kind === 'response' && !m.ok && m.error.code === 'internal' && /Maximum call stack/.test(m.error.message))).toBe(true);
  });

  it('survives a client whose sink throws: the other clients still get their answers and events', () => {
    const f = fakeLink();
    const relay = new EngineRelay(f.link);
    const good: ServerMessage[] = [];
    relay.connect({
      send: () => {
        throw new Error('socket gone');
      },
    }).receive(hello(1));
    relay.connect({ send: (m) => good.push(m) }).receive(hello(1));
    expect(() => f.reply({ kind: 'response', id: f.posted[0]!.id, ok: true, result: 'A' })).not.toThrow();
    f.reply({ kind: 'event', name: 'engine.error', payload: { code: 'internal', message: 'x' } });
    f.reply({ kind: 'response', id: f.posted[1]!.id, ok: true, result: 'B' });
    expect(good).toEqual([expect.objectContaining({ kind: 'event' }), { kind: 'response', id: 1, ok: true, result: 'B' }]);
  });

  it('on an engine restart fails what was in flight, tells every client, and keeps serving', () => {
    const f = fakeLink();
    const relay = new EngineRelay(f.link);
    const a: ServerMessage[] = [];
    const b: ServerMessage[] = [];
    const ca = relay.connect({ send: (m) => a.push(m) });
    relay.connect({ send: (m) => b.push(m) });
    ca.receive(hello(1));
    ca.receive(hello(2));
    const job = { jobId: 'j1', label: 'What-if', fraction: 0.5, rate: 10, rateUnit: 'steps/s', etaSec: 3, done: false, cancelled: false };
    f.reply({ kind: 'event', name: 'job.progress', payload: { ...job, jobId: 'j0', done: true } });
    f.reply({ kind: 'event', name: 'job.progress', payload: job });
    f.reply({ kind: 'event', name: 'replay.state', payload: { sessionId: 's1', state: 'playing', speed: 4, eventIndex: 10, totalEvents: 99 } });
    a.length = 0;
    b.length = 0;
    f.restarted({ reason: 'Engine crashed: boom', restarts: 1 });
    expect(a.slice(0, 2)).toEqual([1, 2].map((id) => ({ kind: 'response', id, ok: false, error: { code: 'internal', message: expect.stringMatching(/Engine crashed: boom.*restarted.*run it again/) } })));
    // Every client: why, then the dead engine's unfinished job ended and its replay session gone.
    const told = [
      { kind: 'event', name: 'engine.restarted', payload: { reason: 'Engine crashed: boom', restarts: 1, failedRequests: 2 } },
      { kind: 'event', name: 'job.progress', payload: { ...job, done: true, cancelled: true, etaSec: null } },
      { kind: 'event', name: 'replay.state', payload: { sessionId: null, state: 'empty', speed: 4, eventIndex: 0, totalEvents: 0 } },
    ];
    expect(a.slice(2)).toEqual(told);
    expect(b).toEqual(told);
    // A late answer from the dead engine is ignored; new requests go through.
    f.reply({ kind: 'response', id: f.posted[0]!.id, ok: true, result: 'late' });
    ca.receive(hello(3));
    f.reply({ kind: 'response', id: f.posted[2]!.id, ok: true, result: 'fresh' });
    expect(a.slice(5)).toEqual([{ kind: 'response', id: 3, ok: true, result: 'fresh' }]);
  });
});
