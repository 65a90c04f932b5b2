import type http from 'node:http';
import { checkJsonText } from '../relay/message-limits.js';
import type { SettingsService } from '../settings/settings-service.js';
import { BodyTooLargeError, readBody, sendError, sendJson } from './http-util.js';

const MAX_SETTINGS_BYTES = 1024 * 1024;

/**
 * `GET /api/settings` → the full settings; `PUT /api/settings` with a JSON object → merges it
 * (a partial update) and answers the full result. A bad PUT is a 400 naming the field and
 * stores nothing.
 */
export async function handleSettings(req: http.IncomingMessage, res: http.ServerResponse, settings: SettingsService): Promise<void> {
  if (req.method === 'GET') return sendJson(res, 200, settings.get());
  if (req.method !== 'PUT') return sendError(res, 405, { code: 'validation', message: 'Use GET or PUT', field: 'method' });
  let body: unknown;
  try {
    const text = await readBody(req, MAX_SETTINGS_BYTES);
    // Settings are shallow: a deeply nested body would only overflow the stack later, when stored.
    const tooBig = checkJsonText(text);
    if (tooBig) return sendError(res, 400, { code: 'validation', message: `Body refused: ${tooBig}`, field: 'body' });
    body = JSON.parse(text);
  } catch (err) {
    if (err instanceof BodyTooLargeError) return sendError(res, 413, { code: 'validation', message: err.message, field: 'body' });
    return sendError(res, 400, { code: 'validation', message: `Body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`, field: 'body' });
  }
  const result = settings.update(body);
  if (!result.ok) return sendError(res, 400, { code: 'validation', message: result.message, field: result.field });
  sendJson(res, 200, result.settings);
}
