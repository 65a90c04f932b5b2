import type { EventMessage, Response } from '../../main/contract/index.js';
import type { EngineRelay } from './engine-relay.js';

/** A relay client with a call-and-await API, for transports built on request/reply (Electron IPC). */
export interface PromiseClient {
  /** Sends one request; resolves with the engine's response envelope (ok or error), never rejects. */
  request(command: string, args: unknown): Promise<Response>;
  close(): void;
}

/** Connects to the relay; `onEvent` receives every engine event. */
export function createPromiseClient(relay: EngineRelay, onEvent: (event: EventMessage) => void): PromiseClient {
  const waiting = new Map<number, (r: Response) => void>();
  let nextId = 1;
  const client = relay.connect({
    send(msg) {
      if (msg.kind === 'event') return onEvent(msg);
      const resolve = waiting.get(msg.id);
      waiting.delete(msg.id);
      resolve?.(msg);
    },
  });
  return {
    request(command, args) {
      const id = nextId++;
      return new Promise<Response>((resolve) => {
        waiting.set(id, resolve);
        client.receive({ kind: 'request', id, command, args });
      });
    },
    close() {
      client.disconnect();
      for (const [id, resolve] of waiting) resolve({ kind: 'response', id, ok: false, error: { code: 'internal', message: 'Window closed' } });
      waiting.clear();
    },
  };
}
