import crypto from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sendError, sendJson } from './http-util.js';
import { sanitizeFileName } from './upload-name.js';

export { sanitizeFileName } from './upload-name.js';

/** What the upload endpoint accepts (stated in the README's Security section). */
export interface UploadLimits {
  /** Largest single file: a full day of MBO data for a liquid name fits comfortably. */
  readonly maxFileBytes: number;
  /** All uploads together (the files already stored plus those arriving). */
  readonly maxTotalBytes: number;
  /** An upload that sends nothing for this long is abandoned. */
  readonly idleTimeoutMs: number;
  /** An upload still arriving after this long is abandoned, however it trickles. */
  readonly totalTimeoutMs: number;
}

export const UPLOAD_LIMITS: UploadLimits = {
  maxFileBytes: 2 * 1024 ** 3,
  maxTotalBytes: 20 * 1024 ** 3,
  idleTimeoutMs: 30_000,
  totalTimeoutMs: 30 * 60_000,
};

/** Why an upload stopped, with the HTTP status and the message the user sees. */
class UploadRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * `POST /api/upload?name=FILE[&batch=ID]` with the raw bytes as the body (token checked by the
 * caller). Streams to `uploadsDir/<batch or random>/<name>` and answers `{ path, bytes }`, the
 * absolute path the engine opens. Files uploaded with the same `batch` (e.g. a LOBSTER message
 * and orderbook pair) land in one folder, as they were on the user's disk.
 * Invariants: bytes arrive in a hidden temporary file that becomes `<name>` only when complete, so
 * a failed, refused, timed-out or abandoned upload leaves nothing behind (nor a folder it created);
 * no single file exceeds `maxFileBytes` and all uploads together never exceed `maxTotalBytes`;
 * error messages never contain a path on the host.
 */
export function createUploadHandler(uploadsDir: string, limits: Partial<UploadLimits> = {}) {
  const L: UploadLimits = { ...UPLOAD_LIMITS, ...limits };
  /** Bytes received so far by uploads still in progress (they count against the quota too). */
  let arriving = 0;
  /** Bytes of uploads completed since the handler started (files that appeared after a scan). */
  let completed = 0;

  return async function handleUpload(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'POST') return sendError(res, 405, { code: 'validation', message: 'Use POST for uploads', field: 'method' });
    const name = url.searchParams.get('name');
    if (!name) return sendError(res, 400, { code: 'validation', message: 'Missing file name (?name=)', field: 'name' });
    const batch = url.searchParams.get('batch');
    if (batch !== null && !/^[A-Za-z0-9_-]{1,64}$/.test(batch)) {
      return sendError(res, 400, { code: 'validation', message: 'batch must be 1-64 letters, digits, _ or -', field: 'batch' });
    }
    const declared = Number(req.headers['content-length'] ?? NaN);
    const completedBefore = completed;
    const stored = await folderBytes(uploadsDir);
    // Everything in the uploads folder, arriving or stored, with `ours` bytes of this upload.
    const inUse = (ours: number) => stored + (completed - completedBefore) + arriving + ours;
    const early = refusalFor(Number.isFinite(declared) ? declared : 0, inUse(Number.isFinite(declared) ? declared : 0), L);
    if (early) return refuse(req, res, early);

    const fileName = sanitizeFileName(name);
    const dir = path.join(uploadsDir, batch ?? crypto.randomBytes(8).toString('hex'));
    const final = path.join(dir, fileName);
    const partial = path.join(dir, `.partial-${crypto.randomBytes(6).toString('hex')}`);
    let createdDir = false;
    let received = 0;
    const timers: NodeJS.Timeout[] = [];
    try {
      await fs.promises.mkdir(uploadsDir, { recursive: true });
      createdDir = await fs.promises.mkdir(dir).then(
        () => true,
        (err: NodeJS.ErrnoException) => {
          if (err.code === 'EEXIST') return false; // a batch's earlier file made it
          throw err;
        },
      );
      if (fs.existsSync(final)) throw new UploadRefused(409, `${fileName} was already uploaded in this batch`);
      const limiter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          received += chunk.length;
          arriving += chunk.length;
          idle.refresh();
          done(refusalFor(received, inUse(0), L), chunk);
        },
      });
      const stop = (err: Error) => limiter.destroy(err);
      const idle = setTimeout(() => stop(new UploadRefused(408, `Upload timed out: nothing arrived for ${L.idleTimeoutMs / 1000} s`)), L.idleTimeoutMs);
      timers.push(idle, setTimeout(() => stop(new UploadRefused(408, `Upload timed out: it took longer than ${Math.round(L.totalTimeoutMs / 60_000)} min`)), L.totalTimeoutMs));
      // pipe (not pipeline) from the request, so a refusal can still answer on its socket.
      req.on('close', () => !req.complete && stop(new UploadRefused(400, 'The upload was interrupted')));
      req.on('error', () => stop(new UploadRefused(400, 'The upload was interrupted')));
      req.pipe(limiter);
      await pipeline(limiter, fs.createWriteStream(partial, { flags: 'wx' }));
      await publish(partial, final, fileName);
    } catch (err) {
      req.unpipe();
      await fs.promises.rm(partial, { force: true }).catch(() => {});
      // A folder this upload created goes too, if nothing else landed in it meanwhile.
      if (createdDir) await fs.promises.rmdir(dir).catch(() => {});
      if (err instanceof UploadRefused) return refuse(req, res, err);
      console.error('Slipstream upload failed:', err);
      const code = (err as NodeJS.ErrnoException).code;
      return refuse(req, res, new UploadRefused(500, `Upload failed: the file could not be stored${code ? ` (${code})` : ''}`));
    } finally {
      for (const t of timers) clearTimeout(t);
      arriving -= received;
    }
    completed += received;
    sendJson(res, 200, { path: final, bytes: received });
  };
}

/** The refusal for an upload of `bytes` so far while `inUse` bytes are taken in total, or null while within the limits. */
function refusalFor(bytes: number, inUse: number, L: UploadLimits): UploadRefused | null {
  if (bytes > L.maxFileBytes) return new UploadRefused(413, `File is larger than the ${formatBytes(L.maxFileBytes)} upload limit`);
  if (inUse > L.maxTotalBytes) {
    return new UploadRefused(507, `Uploads are limited to ${formatBytes(L.maxTotalBytes)} in total and this file does not fit; delete older uploads from Slipstream's data folder to make room`);
  }
  return null;
}

/** Moves the finished temporary file to its name, never over a file of the same name. */
async function publish(partial: string, final: string, fileName: string): Promise<void> {
  try {
    await fs.promises.link(partial, final);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UploadRefused(409, `${fileName} was already uploaded in this batch`);
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw err;
    // File systems without hard links (FAT, some network shares).
    if (fs.existsSync(final)) throw new UploadRefused(409, `${fileName} was already uploaded in this batch`);
    await fs.promises.rename(partial, final);
    return;
  }
  await fs.promises.rm(partial, { force: true });
}

/** Answers with the refusal and stops reading the rest of the body once the answer is out. */
function refuse(req: http.IncomingMessage, res: http.ServerResponse, err: UploadRefused): void {
  if (res.headersSent || res.destroyed) return;
  const field = err.status === 409 ? 'name' : err.status === 413 || err.status === 507 ? 'body' : 'upload';
  if (!req.complete) res.setHeader('Connection', 'close');
  sendError(res, err.status, { code: err.status === 500 ? 'internal' : 'validation', message: err.message, field });
  res.on('finish', () => {
    if (!req.complete) req.destroy();
  });
  if (!req.complete) req.resume();
}

/** Bytes stored under `dir` (uploads are `dir/<batch>/<file>`; deeper entries too), without uploads still arriving. */
async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  let entries: fs.Dirent[];
  try {
    entries = await fs.promises.readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) total += await folderBytes(p);
    else if (e.isFile() && !e.name.startsWith('.partial-')) total += (await fs.promises.stat(p).catch(() => ({ size: 0 }))).size;
  }
  return total;
}

function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${+(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${+(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${n} bytes`;
}
