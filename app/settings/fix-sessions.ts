import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  FIX_SESSION_LIMITS,
  FixSessionFieldsSchema,
  validateFixSessionInput,
  type FixSessionFields,
  type FixSessionView,
  type FixSessionsState,
} from '../../main/contract/fix-sessions.js';
import type { SecretBox } from './secret-box.js';

/** File (in the settings folder) holding the FIX sessions; passwords in it are sealed. */
export const FIX_SESSIONS_FILE = 'fix-sessions.json';

const StoredSessionSchema = FixSessionFieldsSchema.extend({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/),
  /** The sealed password (`SecretBox.seal(password, id)`); absent = none. */
  sealedPassword: z.string().max(4096).optional(),
});
type StoredSession = z.infer<typeof StoredSessionSchema>;
const StoredFileSchema = z.strictObject({ version: z.literal(1), sessions: z.array(StoredSessionSchema).max(FIX_SESSION_LIMITS.sessionsMax) });

/**
 * What the engine needs to start one session: the fields plus the password in clear. Invariant:
 * produced only by `FixSessionStore.forStart`, handed straight to the gateway, never stored or logged.
 */
export interface FixSessionStart extends FixSessionFields {
  readonly id: string;
  readonly password?: string;
}

/** Result of a save or delete: the new state, or the offending field and why (nothing stored). */
export type FixSessionsUpdate = { ok: true; state: FixSessionsState; id: string } | { ok: false; field: string; message: string };

/**
 * The FIX sessions of one host, in `<dir>/fix-sessions.json` (mode 0600, written whole to a
 * temporary file and renamed, so a crash leaves the old or the new file, never half of one).
 * Invariants: no password is ever written in clear (only `SecretBox.seal` output); a rejected
 * save or a failed seal writes nothing; a file that does not parse is left untouched and every
 * call names it and the field at fault (nothing already stored is lost by overwriting it).
 */
export class FixSessionStore {
  private readonly file: string;

  constructor(
    dir: string,
    private readonly box: SecretBox,
  ) {
    this.file = path.join(dir, FIX_SESSIONS_FILE);
  }

  /** The sessions without passwords, and where passwords are kept. Throws if the file is damaged. */
  list(): FixSessionsState {
    return { sessions: this.load().map(toView), passwordStore: this.box.describe };
  }

  /** Validates and stores `input` (a new session when it has no id). */
  save(input: unknown): FixSessionsUpdate {
    const v = validateFixSessionInput(input);
    if (!v.ok) return v;
    const { id: givenId, password, ...fields } = v.value;
    const sessions = this.load();
    const index = givenId === undefined ? -1 : sessions.findIndex((s) => s.id === givenId);
    if (givenId !== undefined && index < 0) return { ok: false, field: 'id', message: `Invalid FIX session: no session with id ${givenId}` };
    if (index < 0 && sessions.length >= FIX_SESSION_LIMITS.sessionsMax) return { ok: false, field: 'session', message: `Invalid FIX session: at most ${FIX_SESSION_LIMITS.sessionsMax} sessions` };
    const clash = sessions.find((s, i) => i !== index && s.name === fields.name);
    if (clash) return { ok: false, field: 'name', message: `Invalid FIX session: name "${fields.name}" is already used` };
    const id = givenId ?? randomUUID();
    let sealedPassword = index >= 0 ? sessions[index]!.sealedPassword : undefined;
    if (password === null) sealedPassword = undefined;
    else if (password !== undefined) {
      try {
        sealedPassword = this.box.seal(password, id);
      } catch (err) {
        // The box's own words (key file, keychain); they never contain the password.
        return { ok: false, field: 'password', message: `Password not stored: ${err instanceof Error ? err.message : String(err)}` };
      }
    }
    const next: StoredSession = { id, ...fields, ...(sealedPassword !== undefined ? { sealedPassword } : {}) };
    const all = index >= 0 ? sessions.map((s, i) => (i === index ? next : s)) : [...sessions, next];
    this.write(all);
    return { ok: true, state: this.list(), id };
  }

  /** Removes a session (the Settings screen asks for confirmation first). */
  delete(id: string): FixSessionsUpdate {
    const sessions = this.load();
    if (!sessions.some((s) => s.id === id)) return { ok: false, field: 'id', message: `Invalid FIX session: no session with id ${String(id).slice(0, 40)}` };
    this.write(sessions.filter((s) => s.id !== id));
    return { ok: true, state: this.list(), id };
  }

  /**
   * The session with its password opened, for the engine at the moment a session starts.
   * Throws (naming the session, never the password) if it is unknown or the password cannot be opened.
   */
  forStart(id: string): FixSessionStart {
    const s = this.load().find((x) => x.id === id);
    if (!s) throw new Error(`No FIX session with id ${String(id).slice(0, 40)}`);
    const { sealedPassword, ...fields } = s;
    if (sealedPassword === undefined) return fields;
    try {
      return { ...fields, password: this.box.open(sealedPassword, id) };
    } catch (err) {
      throw new Error(`FIX session "${s.name}": ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }

  private load(): StoredSession[] {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new Error(`${this.file} is not valid JSON (${err instanceof Error ? err.message : String(err)}); it was left as it is — fix or move it aside to start again.`, { cause: err });
    }
    const r = StoredFileSchema.safeParse(json);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      const where = issue.path.map(String).join('.') || 'file';
      throw new Error(`${this.file}: field ${where}: ${issue.message}; it was left as it is — fix or move it aside to start again.`);
    }
    return r.data.sessions;
  }

  private write(sessions: StoredSession[]): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    const fd = fs.openSync(tmp, 'w', 0o600);
    try {
      fs.writeSync(fd, JSON.stringify({ version: 1, sessions }, null, 2) + '\n');
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, this.file);
  }
}

function toView(s: StoredSession): FixSessionView {
  const { sealedPassword, ...fields } = s;
  return { ...fields, hasPassword: sealedPassword !== undefined };
}
