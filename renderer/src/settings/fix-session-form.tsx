import { useEffect, useMemo, useRef, useState } from 'react';
import { FIX_SESSION_LIMITS, FixSessionInputSchema, type FixSessionInput, type FixSessionView } from '../../../main/contract/fix-sessions.js';

/** The form's text state (inputs hold strings; numbers are parsed on validation). */
interface Draft {
  name: string;
  host: string;
  port: string;
  senderCompId: string;
  targetCompId: string;
  heartBtIntSec: string;
  resetOnLogon: boolean;
  username: string;
  /** What the user typed now; never the stored password (the host does not return it). */
  password: string;
  removePassword: boolean;
}

const EMPTY: Draft = { name: '', host: '127.0.0.1', port: '', senderCompId: '', targetCompId: '', heartBtIntSec: '30', resetOnLogon: false, username: '', password: '', removePassword: false };

function fromView(v: FixSessionView): Draft {
  return { ...EMPTY, name: v.name, host: v.host, port: String(v.port), senderCompId: v.senderCompId, targetCompId: v.targetCompId, heartBtIntSec: String(v.heartBtIntSec), resetOnLogon: v.resetOnLogon, username: v.username ?? '' };
}

const toNumber = (s: string) => (/^\s*-?\d+(\.\d+)?\s*$/.test(s) ? Number(s) : Number.NaN);

/** The draft as a save request: an empty password keeps the stored one; "remove" sends null. */
function toInput(d: Draft, id: string | undefined): Record<string, unknown> {
  return {
    ...(id ? { id } : {}),
    name: d.name,
    host: d.host,
    port: toNumber(d.port),
    senderCompId: d.senderCompId,
    targetCompId: d.targetCompId,
    heartBtIntSec: toNumber(d.heartBtIntSec),
    resetOnLogon: d.resetOnLogon,
    ...(d.username !== '' ? { username: d.username } : {}),
    ...(d.removePassword ? { password: null } : d.password !== '' ? { password: d.password } : {}),
  };
}

/** Validates as the user types, with the contract's own schema: first problem per field, in words. */
function problems(input: Record<string, unknown>): Record<string, string> {
  const r = FixSessionInputSchema.safeParse(input);
  const out: Record<string, string> = {};
  if (!r.success) for (const i of r.error.issues) out[String(i.path[0] ?? 'session')] ??= i.message;
  return out;
}

/**
 * Add or edit one FIX session. Enter saves (when valid), Escape cancels. The password field starts
 * empty whatever is stored: leaving it empty keeps the stored password, typing replaces it.
 */
export function FixSessionForm({ session, onSave, onCancel, saveError }: { session: FixSessionView | null; onSave: (input: FixSessionInput) => void; onCancel: () => void; saveError: { message: string; field: string | null } | null }) {
  const [draft, setDraft] = useState<Draft>(() => (session ? fromView(session) : EMPTY));
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [submitted, setSubmitted] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const input = useMemo(() => toInput(draft, session?.id), [draft, session?.id]);
  const errs = useMemo(() => problems(input), [input]);
  const show = (f: string) => (submitted || touched[f] ? errs[f] : undefined);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => {
    setDraft((d) => ({ ...d, [k]: v }));
    setTouched((t) => ({ ...t, [k]: true }));
  };

  const text = (k: 'name' | 'host' | 'port' | 'senderCompId' | 'targetCompId' | 'heartBtIntSec' | 'username', label: string, hint: string, opts: { num?: boolean; ref?: React.Ref<HTMLInputElement> } = {}) => (
    <label className="fx-field">
      <span className="fx-label">{label}</span>
      <span className="fx-control">
        <input
          ref={opts.ref}
          className={'wi-input' + (opts.num ? ' num' : '')}
          name={k}
          data-testid={`fx-${k}`}
          inputMode={opts.num ? 'numeric' : undefined}
          value={draft[k]}
          aria-invalid={show(k) ? true : undefined}
          onChange={(e) => set(k, e.target.value)}
          spellCheck={false}
          autoComplete="off"
        />
        <span className={show(k) ? 'fx-error' : 'fx-hint'} data-testid={show(k) ? `fx-error-${k}` : undefined}>
          {show(k) ?? hint}
        </span>
      </span>
    </label>
  );

  return (
    <form
      className="fx-form"
      data-testid="fx-form"
      aria-label={session ? `Edit FIX session ${session.name}` : 'New FIX session'}
      onSubmit={(e) => {
        e.preventDefault();
        setSubmitted(true);
        if (Object.keys(errs).length === 0) onSave(input as FixSessionInput);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      {text('name', 'Name', `up to ${FIX_SESSION_LIMITS.nameMax} characters`, { ref: first })}
      {text('host', 'Host', 'host name or IP address')}
      {text('port', 'Port', `${FIX_SESSION_LIMITS.portMin}–${FIX_SESSION_LIMITS.portMax}`, { num: true })}
      {text('senderCompId', 'SenderCompID', 'ours (tag 49)')}
      {text('targetCompId', 'TargetCompID', "the venue's (tag 56)")}
      {text('heartBtIntSec', 'Heartbeat', `seconds, ${FIX_SESSION_LIMITS.heartBtMin}–${FIX_SESSION_LIMITS.heartBtMax}`, { num: true })}
      <label className="fx-field fx-check">
        <span className="fx-label">Reset on logon</span>
        <span className="fx-control">
          <input type="checkbox" data-testid="fx-resetOnLogon" checked={draft.resetOnLogon} onChange={(e) => set('resetOnLogon', e.target.checked)} />
          <span className="fx-hint">ResetSeqNumFlag (141=Y): both sides start again at 1</span>
        </span>
      </label>
      {text('username', 'Username', 'optional (tag 553)')}
      <label className="fx-field">
        <span className="fx-label">Password</span>
        <span className="fx-control">
          <input
            className="wi-input"
            type="password"
            name="password"
            data-testid="fx-password"
            autoComplete="new-password"
            value={draft.password}
            disabled={draft.removePassword}
            placeholder={session?.hasPassword ? 'stored — type to replace' : 'none'}
            aria-invalid={show('password') ? true : undefined}
            onChange={(e) => set('password', e.target.value)}
          />
          <span className={show('password') ? 'fx-error' : 'fx-hint'} data-testid={show('password') ? 'fx-error-password' : undefined}>
            {show('password') ?? `sent as tag 554 at logon; kept encrypted by the host, never shown again (up to ${FIX_SESSION_LIMITS.passwordMax} characters)`}
          </span>
        </span>
      </label>
      {session?.hasPassword && (
        <label className="fx-field fx-check">
          <span className="fx-label" />
          <span className="fx-control">
            <span>
              <input type="checkbox" data-testid="fx-remove-password" checked={draft.removePassword} onChange={(e) => set('removePassword', e.target.checked)} /> Remove the stored password
            </span>
          </span>
        </label>
      )}
      {saveError && (
        <p className="settings-error" role="alert" data-testid="fx-save-error">
          {saveError.message}
        </p>
      )}
      <div className="fx-actions">
        <button type="submit" className="btn btn-primary" data-testid="fx-save">
          Save <kbd>Enter</kbd>
        </button>
        <button type="button" className="btn" data-testid="fx-cancel" onClick={onCancel}>
          Cancel <kbd>Esc</kbd>
        </button>
      </div>
    </form>
  );
}
