import { describe, expect, it } from 'vitest';
import type { Request } from '../../main/contract/index.js';
import type { EngineLink } from '../engine/engine-link.js';
import { withFixStart } from './fix-start-link.js';

function fakeLink() {
  const posted: Request[] = [];
  const link: EngineLink = { post: (m) => void posted.push(m), grantFiles: () => {}, onMessage: () => {}, onExit: () => {}, close: async () => {} };
  return { link, posted };
}

const stored = { id: 's1', name: 'Paper', host: '127.0.0.1', port: 9878, senderCompId: 'A', targetCompId: 'B', heartBtIntSec: 30, resetOnLogon: true, password: 'pw-from-store' };

describe('withFixStart', () => {
  it('puts the stored session in fix.connect, replacing a client-sent start, and passes other messages unchanged', () => {
    const { link, posted } = fakeLink();
    const asked: string[] = [];
    const l = withFixStart(link, (id) => (asked.push(id), { ...stored, id }));
    l.post({ kind: 'request', id: 1, command: 'fix.connect', args: { sessionId: 's1', instrument: { symbol: 'SIM', priceDecimals: 2, sizeDecimals: 0 }, start: { password: 'client-forged' } } } as Request);
    l.post({ kind: 'request', id: 2, command: 'fix.sessions', args: {} } as Request);
    expect(asked).toEqual(['s1']);
    expect((posted[0]!.args as any).start.password).toBe('pw-from-store');
    expect((posted[0]!.args as any).instrument.symbol).toBe('SIM');
    expect(posted[1]).toEqual({ kind: 'request', id: 2, command: 'fix.sessions', args: {} });
  });

  it('an unknown session throws before anything reaches the engine', () => {
    const { link, posted } = fakeLink();
    const l = withFixStart(link, (id) => {
      throw new Error(`No FIX session with id ${id}`);
    });
    expect(() => l.post({ kind: 'request', id: 1, command: 'fix.connect', args: { sessionId: 'nope' } } as Request)).toThrow('No FIX session with id nope');
    expect(posted).toEqual([]);
  });
});
