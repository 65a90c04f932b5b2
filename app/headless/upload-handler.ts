import crypto from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sendError, sendJson } from './http-util.js';

/** Largest upload accepted: a full day of MBO data for a liquid name fits comfortably. */
export const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;

/**
 * Keeps a browser-supplied file name usable and harmless: no directories, no control or shell
 * characters, no leading dots; the extension survives because the readers detect formats by it.
 */
export function sanitizeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._+@=,() -]/gu, '_')
    .replace(/^[.\s]+/, '')
    .trim();
  if (cleaned.length <= 180) return cleaned || 'upload.bin';
  const ext = path.extname(cleaned).slice(0, 20);
  return cleaned.slice(0, 180 - ext.length) + ext;
}

/**
 * `POST /api/upload?name=FILE[&batch=ID]` with the raw bytes as the body (token checked by the
 * caller). Streams to `uploadsDir/<batch or random>/<name>` and answers `{ path, bytes }`, the
 * absolute path the engine opens. Files uploaded with the same `batch` (e.g. a LOBSTER message
 * and orderbook pair) land in one folder, as they were on the user's disk.
 * Invariant: a failed or oversized upload leaves no file behind.
 */
export async function handleUpload(req: http.IncomingMessage, res: http.ServerResponse, url: URL, uploadsDir: string, limitBytes = MAX_UPLOAD_BYTES): Promise<void> {
  if (req.method !== 'POST') return sendError(res, 405, { code: 'validation', message: 'Use POST for uploads', field: 'method' });
  const name = url.searchParams.get('name');
  if (!name) return sendError(res, 400, { code: 'validation', message: 'Missing file name (?name=)', field: 'name' });
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limitBytes) {
    sendError(res, 413, { code: 'validation', message: `File is larger than the ${formatBytes(limitBytes)} upload limit`, field: 'body' });
    req.resume();
    return;
  }

  const batch = url.searchParams.get('batch');
  if (batch !== null && !/^[A-Za-z0-9_-]{1,64}$/.test(batch)) {
    return sendError(res, 400, { code: 'validation', message: 'batch must be 1-64 letters, digits, _ or -', field: 'batch' });
  }
  const dir = path.join(uploadsDir, batch ?? crypto.randomBytes(8).toString('hex'));
  const file = path.join(dir, sanitizeFileName(name));
  await fs.promises.mkdir(dir, { recursive: true });
  if (fs.existsSync(file)) {
    return sendError(res, 409, { code: 'validation', message: `${path.basename(file)} was already uploaded in this batch`, field: 'name' });
  }
  let received = 0;
  const limiter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      received += chunk.length;
      done(received > limitBytes ? new UploadTooLarge() : null, chunk);
    },
  });
  try {
    await pipeline(req, limiter, fs.createWriteStream(file, { flags: 'wx' }));
  } catch (err) {
    // Only this upload's file: other files of the same batch stay.
    await fs.promises.rm(file, { force: true });
    if (!batch) await fs.promises.rm(dir, { recursive: true, force: true });
    if (res.headersSent || res.destroyed) return;
    if (err instanceof UploadTooLarge) {
      sendError(res, 413, { code: 'validation', message: `File is larger than the ${formatBytes(limitBytes)} upload limit`, field: 'body' });
      // Stop reading the rest; the client gets the answer as soon as it listens.
      res.on('finish', () => req.destroy());
      return;
    }
    sendError(res, 500, { code: 'internal', message: `Upload failed: ${err instanceof Error ? err.message : String(err)}` });
    return;
  }
  sendJson(res, 200, { path: file, bytes: received });
}

class UploadTooLarge extends Error {}

function formatBytes(n: number): string {
  return n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(0)} GiB` : `${(n / 1024 ** 2).toFixed(0)} MiB`;
}
