/**
 * For the host's tests: an in-process `Engine` over the bundled samples and `dataDir`, with
 * `request(command, args)` resolving to the response of that request id, and every message the
 * engine sent kept in order (`messages`, `events(name)` for one event's payloads).
 */
import { fileURLToPath } from 'node:url';
import type { ServerMessage } from '../contract/index.js';
import { Engine } from './engine.js';

const samplesDir = fileURLToPath(new URL('../../assets/sample', import.meta.url));

/** An engine under test; `messages` grows as the engine sends, responses included. */
export interface EngineTestHarness {
  readonly engine: Engine;
  readonly messages: ServerMessage[];
  request(command: string, args: unknown): Promise<any>;
  events(name: string): any[];
}

export function engineTestHarness(dataDir: string): EngineTestHarness {
  const messages: ServerMessage[] = [];
  const pending = new Map<number, (m: ServerMessage) => void>();
  const engine = new Engine({ host: 'in-process', engineThread: 'in-process', samplesDir, dataDir }, (m) => {
    messages.push(m);
    if (m.kind === 'response') pending.get(m.id)?.(m);
  });
  let id = 0;
  const request = (command: string, args: unknown): Promise<any> =>
    new Promise((resolve) => {
      const rid = ++id;
      pending.set(rid, resolve);
      engine.handle({ kind: 'request', id: rid, command, args });
    });
  const events = (name: string) =>
    messages.filter((m): m is Extract<ServerMessage, { kind: 'event' }> => m.kind === 'event' && m.name === name).map((m) => m.payload as any);
  return { engine, messages, request, events };
}
