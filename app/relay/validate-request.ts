import { Commands, RequestSchema, type CommandName, type ErrorInfo, type Request } from '../../main/contract/index.js';
import { checkValueShape, MESSAGE_LIMITS, type MessageLimits } from './message-limits.js';

/** A request fit to forward, or the error response its sender gets instead. */
export type RequestCheck = { ok: true; request: Request } | { ok: false; id: number; error: ErrorInfo };

/**
 * Checks a client's message at the host boundary: its shape (depth, string lengths, size; see
 * message-limits.ts) before anything walks it, then the contract: the envelope (the relay needs a
 * numeric id to route the answer), the command name, and the arguments. The request it returns
 * carries only the validated arguments (unknown keys dropped, defaults filled), never the raw ones.
 * Why here as well as in the engine: the transports are the trust boundary, and a message
 * that cannot be routed or that the contract rejects should never cost the engine anything.
 * `field` is the path inside `args` (e.g. "files"), or the envelope key.
 */
export function validateRequest(raw: unknown, limits: MessageLimits = MESSAGE_LIMITS): RequestCheck {
  const rawId = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as { id?: unknown }).id : undefined;
  const id = typeof rawId === 'number' && Number.isInteger(rawId) && rawId >= 0 ? rawId : -1;
  const tooBig = checkValueShape(raw, limits);
  if (tooBig) return { ok: false, id, error: { code: 'validation', message: `Invalid message: ${tooBig}`, field: 'message' } };
  const env = RequestSchema.safeParse(raw);
  if (!env.success) {
    const issue = env.error.issues[0];
    const field = issue?.path.join('.') || 'message';
    return { ok: false, id, error: { code: 'validation', message: `Invalid message: ${field}: ${issue?.message}`, field } };
  }
  const { command, args } = env.data;
  if (!Object.hasOwn(Commands, command)) {
    return { ok: false, id, error: { code: 'validation', message: `Unknown command "${command}"`, field: 'command' } };
  }
  const parsed = Commands[command as CommandName].args.safeParse(args ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const keys = issue?.code === 'unrecognized_keys' ? issue.keys.slice(0, 1) : [];
    const field = [...(issue?.path ?? []).map(String), ...keys].join('.') || 'args';
    return { ok: false, id, error: { code: 'validation', message: `Invalid arguments for ${command}: ${field}: ${issue?.message}`, field } };
  }
  // Only the envelope's own keys and the parsed arguments travel on.
  return { ok: true, request: { kind: 'request', id: env.data.id, command, args: parsed.data } };
}
