import type { FixSessionsReply } from '../../main/contract/fix-sessions.js';
import type { FixSessionStore } from './fix-sessions.js';

/** One FIX sessions operation as both hosts expose it (IPC in Electron, `/api/fix-sessions` headless). */
export type FixSessionsOp = { op: 'list' } | { op: 'save'; input: unknown } | { op: 'remove'; id: unknown };

/**
 * Runs `call` on `store` and answers a `FixSessionsReply`; never throws. A damaged sessions file or
 * key (the store's own words, which name the file and never a password) becomes an error on field `file`.
 */
export function fixSessionsCall(store: FixSessionStore, call: FixSessionsOp): FixSessionsReply {
  try {
    if (call.op === 'list') return { ok: true, state: store.list() };
    const r = call.op === 'save' ? store.save(call.input) : typeof call.id === 'string' ? store.delete(call.id) : { ok: false as const, field: 'id', message: 'Invalid FIX session: id must be a string' };
    return r.ok ? { ok: true, state: r.state } : { ok: false, error: { code: 'validation', message: r.message, field: r.field } };
  } catch (err) {
    return { ok: false, error: { code: 'validation', message: err instanceof Error ? err.message : String(err), field: 'file' } };
  }
}
