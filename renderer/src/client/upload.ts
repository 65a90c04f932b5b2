import { EngineError } from './engine-error.js';
import { apiUrl } from './host-info.js';

/**
 * Uploads one file's bytes to the headless host (`POST /api/upload?token=…&name=FILE[&batch=ID]`) and
 * returns the path the engine can open. A failure becomes an `EngineError` carrying the host's
 * own message.
 */
export async function uploadFile(origin: string, token: string, file: File, fetchImpl: typeof fetch = fetch, batch?: string): Promise<string> {
  // Files of one `batch` land in one folder on the host (a LOBSTER pair, a model folder's files).
  const res = await fetchImpl(apiUrl(origin, '/api/upload', token, { name: file.name, ...(batch !== undefined ? { batch } : {}) }), {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: file,
  });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    /* plain-text error */
  }
  if (!res.ok) {
    const o = body as { error?: { message?: string } | string; message?: string } | null;
    const msg =
      (typeof o?.error === 'object' ? o.error?.message : typeof o?.error === 'string' ? o.error : o?.message) ??
      (text || `Upload of ${file.name} failed (HTTP ${res.status})`);
    throw new EngineError({ code: 'internal', message: msg, details: `HTTP ${res.status} ${res.statusText}` }, 'upload', { name: file.name, size: file.size });
  }
  const path = (body as { path?: unknown } | null)?.path;
  if (typeof path !== 'string') throw new EngineError({ code: 'internal', message: `Upload of ${file.name} returned no path` }, 'upload', { name: file.name });
  return path;
}
