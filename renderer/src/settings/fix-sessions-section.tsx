import { useCallback, useEffect, useRef, useState } from 'react';
import type { FixSessionInput, FixSessionsState, FixSessionView } from '../../../main/contract/fix-sessions.js';
import { FixSessionForm } from './fix-session-form.js';
import { errorWords, type HostAccess } from './host-access.js';
import './fix-sessions.css';

type Editing = { kind: 'new' } | { kind: 'edit'; session: FixSessionView } | null;
type Words = { message: string; field: string | null };

/**
 * FIX sessions stored by the host: list, add, edit, delete (after a confirmation that Enter
 * accepts and Escape backs out of). Passwords are never shown: the host returns only whether one
 * is stored. Host errors appear here in the host's words.
 */
export function FixSessionsSection({ access }: { access: HostAccess | null }) {
  const [state, setState] = useState<FixSessionsState | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const [saveError, setSaveError] = useState<Words | null>(null);
  const [confirm, setConfirm] = useState<FixSessionView | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const addRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!access) return;
    let live = true;
    access.fixSessions.list().then(
      (s) => live && setState(s),
      (e: unknown) => live && setLoadError(errorWords(e).message),
    );
    return () => {
      live = false;
    };
  }, [access]);

  const closeForm = useCallback(() => {
    setEditing(null);
    setSaveError(null);
    setTimeout(() => addRef.current?.focus(), 0);
  }, []);

  const save = (input: FixSessionInput) => {
    if (!access) return;
    setSaveError(null);
    access.fixSessions.save(input).then(
      (s) => {
        setState(s);
        closeForm();
      },
      (e: unknown) => setSaveError(errorWords(e)),
    );
  };
  const remove = (s: FixSessionView) => {
    if (!access) return;
    setActionError(null);
    access.fixSessions.remove(s.id).then(
      (next) => {
        setState(next);
        setConfirm(null);
        setTimeout(() => addRef.current?.focus(), 0);
      },
      (e: unknown) => {
        setConfirm(null);
        setActionError(errorWords(e).message);
      },
    );
  };

  return (
    <section className="panel settings-section fx-section" data-testid="fix-sessions">
      <header className="panel-head">
        <h2>FIX sessions</h2>
        <span className="panel-sub" data-testid="fx-password-store">
          {state ? `passwords: ${state.passwordStore}` : ''}
        </span>
      </header>
      <div className="settings-body">
        {!access && <p className="settings-note">No host stores settings for this page.</p>}
        {loadError && (
          <p className="settings-error" role="alert" data-testid="fx-load-error">
            {loadError}
          </p>
        )}
        {state && state.sessions.length === 0 && !editing && <p className="settings-note" data-testid="fx-empty">No FIX sessions yet. Add one to trade through a FIX 4.4 venue.</p>}
        {state && state.sessions.length > 0 && (
          <table className="fx-table" data-testid="fx-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Host:port</th>
                <th>Sender → Target</th>
                <th className="num">HB s</th>
                <th>Reset</th>
                <th>Password</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {state.sessions.map((s) => (
                <tr key={s.id} data-testid="fx-row" data-session={s.name}>
                  <td>{s.name}</td>
                  <td className="mono">
                    {s.host}:{s.port}
                  </td>
                  <td className="mono">
                    {s.senderCompId} → {s.targetCompId}
                  </td>
                  <td className="num">{s.heartBtIntSec}</td>
                  <td>{s.resetOnLogon ? 'Yes' : 'No'}</td>
                  <td data-testid="fx-has-password">{s.hasPassword ? 'Stored' : 'None'}</td>
                  <td className="fx-row-actions">
                    <button type="button" className="btn btn-xs" data-testid="fx-edit" aria-label={`Edit ${s.name}`} onClick={() => { setConfirm(null); setSaveError(null); setEditing({ kind: 'edit', session: s }); }}>
                      Edit
                    </button>
                    <button type="button" className="btn btn-xs" data-testid="fx-delete" aria-label={`Delete ${s.name}`} onClick={() => { setEditing(null); setConfirm(s); }}>
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {confirm && <ConfirmDelete session={confirm} onDelete={() => remove(confirm)} onCancel={() => setConfirm(null)} />}
        {actionError && (
          <p className="settings-error" role="alert" data-testid="fx-action-error">
            {actionError}
          </p>
        )}
        {editing ? (
          <FixSessionForm key={editing.kind === 'edit' ? editing.session.id : 'new'} session={editing.kind === 'edit' ? editing.session : null} onSave={save} onCancel={closeForm} saveError={saveError} />
        ) : (
          <button type="button" ref={addRef} className="btn" data-testid="fx-add" disabled={!state} onClick={() => { setConfirm(null); setEditing({ kind: 'new' }); }}>
            Add FIX session
          </button>
        )}
      </div>
    </section>
  );
}

/** Focus starts on Delete, so Enter deletes; Escape (or Cancel) backs out. */
function ConfirmDelete({ session, onDelete, onCancel }: { session: FixSessionView; onDelete: () => void; onCancel: () => void }) {
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div
      className="fx-confirm"
      role="alertdialog"
      aria-label="Delete FIX session"
      data-testid="fx-confirm"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <p>
        Delete the FIX session <b>{session.name}</b> and its stored password? This cannot be undone.
      </p>
      <button type="button" ref={ref} className="btn btn-danger" data-testid="fx-confirm-delete" onClick={onDelete}>
        Delete <kbd>Enter</kbd>
      </button>
      <button type="button" className="btn" data-testid="fx-confirm-cancel" onClick={onCancel}>
        Cancel <kbd>Esc</kbd>
      </button>
    </div>
  );
}
