import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ServerMessage } from '../../main/contract/index.js';
import type { EngineRelay } from '../relay/engine-relay.js';
import { checkJsonText, MESSAGE_LIMITS } from '../relay/message-limits.js';

/** A client this far behind on reading is dropped rather than buffering without bound. */
const MAX_BUFFERED_BYTES = 256 * 1024 * 1024;
const HEARTBEAT_MS = 30_000;

/** The WebSocket side of the headless host: one relay client per socket. */
export interface WsGateway {
  /** Completes an upgrade the caller has already authorized. */
  accept(req: http.IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes every socket (1001 "going away"). */
  close(): Promise<void>;
}

/**
 * Each message is checked against the shape limits (size, nesting, string length) while still
 * text, then JSON-parsed (invalid JSON, a binary frame or a broken limit → a validation error
 * response with id -1; the socket stays open) and handed to the relay, which validates it
 * against the contract and routes the answer back to this socket only. Larger frames than
 * `MESSAGE_LIMITS.maxBytes` are refused by ws itself (close code 1009).
 * Invariant: nothing a client sends throws out of a socket handler.
 */
export function createWsGateway(relay: EngineRelay): WsGateway {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MESSAGE_LIMITS.maxBytes, perMessageDeflate: false });
  const alive = new WeakSet<WebSocket>();

  wss.on('connection', (ws) => {
    alive.add(ws);
    const client = {
      send(msg: ServerMessage) {
        if (ws.readyState !== ws.OPEN) return;
        if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
          ws.terminate();
          return;
        }
        ws.send(JSON.stringify(msg));
      },
    };
    const relayClient = relay.connect(client);
    const reject = (message: string) =>
      client.send({ kind: 'response', id: -1, ok: false, error: { code: 'validation', message, field: 'message' } });

    ws.on('message', (data, isBinary) => {
      try {
        if (isBinary) return reject('Binary frames are not supported; send JSON text');
        const text = (Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data)).toString('utf8');
        const tooBig = checkJsonText(text);
        if (tooBig) return reject(`Invalid message: ${tooBig}`);
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch (err) {
          return reject(`Invalid JSON: ${err instanceof Error ? err.message.slice(0, 200) : String(err)}`);
        }
        relayClient.receive(parsed);
      } catch (err) {
        // Last line of defence: the socket and the host stay up whatever this message was.
        reject(`The host could not handle this message: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
    ws.on('pong', () => alive.add(ws));
    ws.on('close', () => relayClient.disconnect());
    ws.on('error', () => ws.terminate());
  });

  // Drops sockets whose peer vanished without a close frame (sleeping laptop, killed tab).
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    accept(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    close() {
      clearInterval(heartbeat);
      for (const ws of wss.clients) ws.close(1001, 'Host shutting down');
      return new Promise((resolve) => {
        // Peers that do not answer the close handshake promptly are cut off.
        const force = setTimeout(() => {
          for (const ws of wss.clients) ws.terminate();
        }, 1000);
        wss.close(() => {
          clearTimeout(force);
          resolve();
        });
      });
    },
  };
}
