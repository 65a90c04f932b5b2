import type { Request } from '../../main/contract/index.js';
import type { EngineLink } from '../engine/engine-link.js';
import type { FixSessionStart } from '../settings/fix-sessions.js';

/**
 * The engine link with `fix.connect` completed by the host: the stored session (password opened
 * by `FixSessionStore.forStart`) is put in `args.start`, replacing whatever a client sent there,
 * so a client names a session and never handles its password. An unknown session or a password
 * that cannot be opened throws here (the relay answers the client with the store's words, which
 * name the session, never the password); the engine never sees the request then.
 * Invariant: every other message passes through unchanged.
 */
export function withFixStart<L extends EngineLink>(link: L, forStart: (id: string) => FixSessionStart): L {
  const post = (msg: Request): void => {
    if (msg.command !== 'fix.connect') return link.post(msg);
    const args = (msg.args ?? {}) as { sessionId?: unknown };
    const start = forStart(String(args.sessionId ?? ''));
    link.post({ ...msg, args: { ...args, start } });
  };
  // A proxy, so the link's other members (onRestart, kill, …) keep working on the link itself.
  return new Proxy(link, {
    get(target, prop) {
      if (prop === 'post') return post;
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
