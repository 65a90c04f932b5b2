import type { SlipstreamApi } from '../../../main/contract/client-api.js';
import type { CommandArgs, CommandName, CommandResult } from '../../../main/contract/commands.js';
import type { EventName, EventPayload } from '../../../main/contract/events.js';
import type { ServerMessage } from '../../../main/contract/wire.js';
import { createStore, type Store } from '../store/store.js';
import { EngineError } from './engine-error.js';

/** The transport's health as the status bar shows it. */
export interface ConnectionState {
  readonly status: 'connecting' | 'open' | 'closed';
  /** Why the connection is down, in words. */
  readonly message: string | null;
}

/** Anything that can stand in for the browser's WebSocket (tests pass a fake). */
export type WebSocketLike = Pick<WebSocket, 'send' | 'close' | 'readyState'> & {
  onopen: ((ev: Event) => unknown) | null;
  onclose: ((ev: CloseEvent) => unknown) | null;
  onerror: ((ev: Event) => unknown) | null;
  onmessage: ((ev: MessageEvent) => unknown) | null;
};

type AnyListener = (name: EventName, payload: unknown) => void;
interface Pending {
  resolve(v: unknown): void;
  reject(e: unknown): void;
  command: string;
  args: unknown;
}

/** A `SlipstreamApi` over the headless host's WebSocket, plus its connection state. */
export interface WsClient extends SlipstreamApi {
  readonly connection: Store<ConnectionState>;
  close(): void;
}

/**
 * Connects to `url` (the host's `/ws?token=…`). Requests sent while connecting are queued;
 * if the socket drops, pending requests reject with an `EngineError` and the client reconnects
 * with back-off. Invariant: every request settles exactly once.
 */
export function createWsClient(url: string, makeSocket: (url: string) => WebSocketLike = (u) => new WebSocket(u)): WsClient {
  const connection = createStore<ConnectionState>({ status: 'connecting', message: null });
  const listeners = new Set<AnyListener>();
  const pending = new Map<number, Pending>();
  const outbox: string[] = [];
  let nextId = 1;
  let socket: WebSocketLike | null = null;
  let closed = false;
  let retryMs = 250;

  const failAll = (message: string) => {
    for (const [id, p] of pending) {
      pending.delete(id);
      p.reject(new EngineError({ code: 'internal', message }, p.command, p.args));
    }
  };

  const onMessage = (data: unknown) => {
    if (typeof data !== 'string') return;
    let msg: ServerMessage;
    try {
      msg = JSON.parse(data) as ServerMessage;
    } catch {
      return;
    }
    if (msg.kind === 'response') {
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.result);
      else p.reject(new EngineError(msg.error, p.command, p.args));
    } else if (msg.kind === 'event') {
      for (const l of [...listeners]) l(msg.name, msg.payload);
    }
  };

  const connect = () => {
    if (closed) return;
    connection.setState({ status: 'connecting' });
    const ws = makeSocket(url);
    socket = ws;
    ws.onopen = () => {
      retryMs = 250;
      connection.setState({ status: 'open', message: null });
      for (const m of outbox.splice(0)) ws.send(m);
    };
    ws.onmessage = (ev) => onMessage(ev.data);
    ws.onerror = () => {
      /* onclose follows and carries the state change */
    };
    ws.onclose = (ev) => {
      if (socket !== ws) return;
      socket = null;
      failAll('Connection to the engine was lost');
      if (closed) {
        connection.setState({ status: 'closed', message: null });
        return;
      }
      connection.setState({ status: 'closed', message: ev.reason || `Connection closed (code ${ev.code}); retrying` });
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  };
  connect();

  return {
    platform: 'browser',
    connection,
    request<N extends CommandName>(command: N, args: CommandArgs<N>): Promise<CommandResult<N>> {
      return new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject, command: String(command), args });
        const text = JSON.stringify({ kind: 'request', id, command, args });
        if (socket && socket.readyState === 1) socket.send(text);
        else outbox.push(text);
      });
    },
    onEvent(listener) {
      const l = listener as AnyListener;
      listeners.add(l);
      return () => listeners.delete(l);
    },
    close() {
      closed = true;
      failAll('Client closed');
      socket?.close();
    },
  };
}

/** Typed narrowing helper for listeners: `isEvent(name, 'market.frame', payload)` . */
export function isEvent<N extends EventName>(name: EventName, wanted: N, _payload: unknown): _payload is EventPayload<N> {
  return name === wanted;
}
