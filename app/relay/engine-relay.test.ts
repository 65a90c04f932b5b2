import { describe, expect, it } from 'vitest';
import type { Request, ServerMessage } from '../../main/contract/index.js';
import type { EngineLink } from '../engine/engine-link.js';
import { EngineRelay, MAX_IN_FLIGHT_PER_CLIENT } from './engine-relay.js';

/** A link whose engine the test plays by hand. */
function fakeLink() {
  const posted: Request[] = [];
  let toHost: (m: ServerMessage) => void = () => {};
  let exit: (reason: string) => void = () => {};
  const link: EngineLink = {
    post: (m) => void posted.push(m),
    onMessage: (l) => void (toHost = l),
    onExit: (l) => void (exit = l),
    close: async () => {},
  };
  return { link, posted, reply: (m: ServerMessage) => toHost(m), die: (r: string) => exit(r) };
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
});
