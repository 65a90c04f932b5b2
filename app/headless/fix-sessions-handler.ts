import type http from 'node:http';
import { checkJsonText } from '../relay/message-limits.js';
import { fixSessionsCall, type FixSessionsOp } from '../settings/fix-sessions-api.js';
import type { FixSessionStore } from '../settings/fix-sessions.js';
import { BodyTooLargeError, readBody, sendError, sendJson } from './http-util.js';

const MAX_BODY_BYTES = 64 * 1024;

/**
 * `GET /api/fix-sessions` → `FixSessionsState` (no passwords); `PUT` with a `FixSessionInput` →
 * saves it; `DELETE ?id=` → removes it. A bad request is a 400 naming the field; nothing is stored.
 */
export async function handleFixSessions(req: http.IncomingMessage, res: http.ServerResponse, url: URL, store: FixSessionStore): Promise<void> {
  let call: FixSessionsOp;
  if (req.method === 'GET') call = { op: 'list' };
  else if (req.method === 'DELETE') call = { op: 'remove', id: url.searchParams.get('id') ?? undefined };
  else if (req.method === 'PUT') {
    try {
      const text = await readBody(req, MAX_BODY_BYTES);
      const tooBig = checkJsonText(text);
      if (tooBig) return sendError(res, 400, { code: 'validation', message: `Body refused: ${tooBig}`, field: 'body' });
      call = { op: 'save', input: JSON.parse(text) };
    } catch (err) {
      if (err instanceof BodyTooLargeError) return sendError(res, 413, { code: 'validation', message: err.message, field: 'body' });
      // Not the parser's message: it quotes the body, which may hold a password.
      return sendError(res, 400, { code: 'validation', message: 'Body is not valid JSON', field: 'body' });
    }
  } else return sendError(res, 405, { code: 'validation', message: 'Use GET, PUT or DELETE', field: 'method' });
  const r = fixSessionsCall(store, call);
  if (!r.ok) return sendError(res, 400, r.error);
  sendJson(res, 200, r.state);
}
