import { z } from 'zod';

/**
 * FIX session settings, stored by the host (`app/settings/fix-sessions.ts`) with the password
 * sealed (Electron safeStorage, or AES-256-GCM with a key file on the headless host). The
 * renderer sees `FixSessionView` only: never the password, sealed or not, just whether one is set.
 */

// FIX fields travel as tag=value separated by SOH: control characters would split a field.
const PRINTABLE = /^[\x20-\x7e]+$/;
const compId = (field: string) =>
  z
    .string({ error: `${field} is required` })
    .min(1, `${field} is required`)
    .max(64, `${field} must be at most 64 characters`)
    .regex(PRINTABLE, `${field} may contain only printable ASCII characters`);

/** Limits of every field, shared by the host's validation and the Settings screen's inputs. */
export const FIX_SESSION_LIMITS = { nameMax: 64, hostMax: 253, portMin: 1, portMax: 65_535, heartBtMin: 1, heartBtMax: 3_600, passwordMax: 128, sessionsMax: 50 } as const;

/** The non-secret fields of a FIX session. Invariants: port in [1, 65535]; heartBtIntSec in [1, 3600]; CompIDs printable ASCII. */
export const FixSessionFieldsSchema = z.strictObject({
  name: z.string({ error: 'name is required' }).trim().min(1, 'name is required').max(FIX_SESSION_LIMITS.nameMax, `name must be at most ${FIX_SESSION_LIMITS.nameMax} characters`),
  host: z
    .string({ error: 'host is required' })
    .trim()
    .min(1, 'host is required')
    .max(FIX_SESSION_LIMITS.hostMax, `host must be at most ${FIX_SESSION_LIMITS.hostMax} characters`)
    .regex(/^[A-Za-z0-9.:[\]-]+$/, 'host must be a host name or an IP address (letters, digits, . - : only)'),
  port: z
    .number({ error: 'port must be a number' })
    .int('port must be a whole number')
    .min(FIX_SESSION_LIMITS.portMin, `port must be at least ${FIX_SESSION_LIMITS.portMin}`)
    .max(FIX_SESSION_LIMITS.portMax, `port must be at most ${FIX_SESSION_LIMITS.portMax}`),
  senderCompId: compId('senderCompId'),
  targetCompId: compId('targetCompId'),
  heartBtIntSec: z
    .number({ error: 'heartBtIntSec must be a number' })
    .int('heartBtIntSec must be a whole number of seconds')
    .min(FIX_SESSION_LIMITS.heartBtMin, `heartBtIntSec must be at least ${FIX_SESSION_LIMITS.heartBtMin} second`)
    .max(FIX_SESSION_LIMITS.heartBtMax, `heartBtIntSec must be at most ${FIX_SESSION_LIMITS.heartBtMax} seconds`),
  resetOnLogon: z.boolean({ error: 'resetOnLogon must be true or false' }),
  /** FIX 4.4 Username (553) sent on Logon; absent = none. Not a secret. */
  username: z.string().max(64, 'username must be at most 64 characters').regex(/^[\x20-\x7e]*$/, 'username may contain only printable ASCII characters').optional(),
});

/** The non-secret fields (see `FixSessionFieldsSchema`). */
export type FixSessionFields = z.infer<typeof FixSessionFieldsSchema>;

/**
 * What the Settings screen sends to save a session. `id` absent = a new session. `password`:
 * a string = set it (sealed before it is stored), `null` = remove it, absent = keep the stored one.
 */
export const FixSessionInputSchema = FixSessionFieldsSchema.extend({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/, 'id must be 1 to 40 characters a-z, 0-9, -').optional(),
  password: z
    .string()
    .min(1, 'password must not be empty (leave it unchanged or remove it instead)')
    .max(FIX_SESSION_LIMITS.passwordMax, `password must be at most ${FIX_SESSION_LIMITS.passwordMax} characters`)
    .regex(PRINTABLE, 'password may contain only printable ASCII characters')
    .nullable()
    .optional(),
});

/** A save request (see `FixSessionInputSchema`). */
export type FixSessionInput = z.infer<typeof FixSessionInputSchema>;

/** A stored session as the renderer sees it. Invariant: carries no password in any form. */
export interface FixSessionView extends FixSessionFields {
  readonly id: string;
  readonly hasPassword: boolean;
}

/** The host's answer to a list or save: the sessions and where passwords are kept, in words. */
export interface FixSessionsState {
  readonly sessions: readonly FixSessionView[];
  /** e.g. "Electron safeStorage (gnome_libsecret)" or "AES-256-GCM key in …/secret.key (mode 0600)". */
  readonly passwordStore: string;
}

/** Validates a save request; on failure names the first offending field and its limit. */
export function validateFixSessionInput(input: unknown): { ok: true; value: FixSessionInput } | { ok: false; field: string; message: string } {
  const r = FixSessionInputSchema.safeParse(input);
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0]!;
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const field = [...issue.path.map(String), ...keys.slice(0, 1)].join('.') || 'session';
  const message = issue.code === 'unrecognized_keys' ? `unknown field ${field}` : issue.message;
  return { ok: false, field, message: `Invalid FIX session: ${message}` };
}

/** An error the host answers with (a field and why; `code` as the contract's `ErrorInfo`). */
export interface FixSessionsError {
  readonly code: 'validation';
  readonly message: string;
  readonly field: string;
}

/** The host's reply on every transport (IPC, `/api/fix-sessions`). */
export type FixSessionsReply = { ok: true; state: FixSessionsState } | { ok: false; error: FixSessionsError };

/**
 * FIX sessions as the renderer reaches them (Electron: `window.slipstream.fixSessions`; browser:
 * `GET/PUT/DELETE /api/fix-sessions?token=`). Each call resolves with the whole state or rejects
 * with a `FixSessionsError`; nothing is stored when it rejects.
 */
export interface FixSessionsApi {
  list(): Promise<FixSessionsState>;
  save(input: FixSessionInput): Promise<FixSessionsState>;
  remove(id: string): Promise<FixSessionsState>;
}
