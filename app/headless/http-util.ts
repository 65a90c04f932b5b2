import type http from 'node:http';
import type { ErrorInfo } from '../../main/contract/index.js';

/** Sends a JSON body with the given status. API responses are never cached (they carry user state). */
export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}

/** Sends an error in the contract's `ErrorInfo` shape: `{ error: { code, message, field? } }`. */
export function sendError(res: http.ServerResponse, status: number, error: ErrorInfo): void {
  sendJson(res, status, { error });
}

/**
 * Reads a request body as text, refusing more than `limitBytes`; a body that sends nothing for
 * `idleMs` is abandoned (the socket is closed), so a stalled client cannot hold the request open.
 */
export function readBody(req: http.IncomingMessage, limitBytes: number, idleMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const idle = setTimeout(() => {
      reject(new BodyTimeoutError(idleMs));
      req.destroy();
    }, idleMs);
    req.on('close', () => clearTimeout(idle));
    req.on('data', (chunk: Buffer) => {
      idle.refresh();
      size += chunk.length;
      if (size > limitBytes) {
        reject(new BodyTooLargeError(limitBytes));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      clearTimeout(idle);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

/** A body over the endpoint's limit. */
export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`Request body is larger than ${limitBytes} bytes`);
  }
}

/** A body that stopped arriving. */
export class BodyTimeoutError extends Error {
  constructor(readonly idleMs: number) {
    super(`Request body stalled: nothing arrived for ${idleMs / 1000} s`);
  }
}
