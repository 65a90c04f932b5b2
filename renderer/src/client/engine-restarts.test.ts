import { describe, expect, it } from 'vitest';
import type { EventName } from '../../../main/contract/events.js';
import { engineRestartText, watchEngineRestarts, type EngineRestartNotice } from './engine-restarts.js';
import { createWsClient, type WebSocketLike } from './ws-client.js';

/** A socket the test opens and feeds by hand. */
function fakeSocket() {
  const s = {
    readyState: 1,
    onopen: null,
    onclose: null,
    onerror: null,
    onmessage: null,
    send() {},
    close() {},
  } as unknown as WebSocketLike & { onmessage: (ev: MessageEvent) => void };
  return s;
}

describe('engine restarts in the client', () => {
  it('turns engine.restarted events from the host into notices, and ignores other events', () => {
    const socket = fakeSocket();
    const client = createWsClient('ws://x/ws?token=t', () => socket);
    const notices: EngineRestartNotice[] = [];
    const off = watchEngineRestarts(client, (n) => notices.push(n), () => 42);
    const send = (name: EventName, payload: unknown) => socket.onmessage({ data: JSON.stringify({ kind: 'event', name, payload }) } as MessageEvent);
    send('engine.error', { code: 'internal', message: 'x' });
    send('engine.restarted', { reason: 'Engine crashed: boom', restarts: 1, failedRequests: 2 });
    expect(notices).toEqual([{ reason: 'Engine crashed: boom', restarts: 1, failedRequests: 2, atMs: 42 }]);
    off();
    send('engine.restarted', { reason: 'again', restarts: 2, failedRequests: 0 });
    expect(notices).toHaveLength(1);
    client.close();
  });

  it('says what happened and what was lost', () => {
    expect(engineRestartText({ reason: 'Engine crashed: boom', restarts: 1, failedRequests: 1, atMs: 0 })).toBe(
      'The engine stopped (Engine crashed: boom) and was restarted; open data and running jobs were reset, 1 request was lost; run it again.',
    );
    expect(engineRestartText({ reason: 'exit code 1', restarts: 3, failedRequests: 0, atMs: 0 })).toMatch(/\(3 times so far\).*nothing was in progress/);
  });
});
