import { useEffect, useMemo, useState } from 'react';
import type { FixDriftWire, FixSessionStateWire } from '../../../main/contract/fix-live.js';
import type { FixSessionView } from '../../../main/contract/fix-sessions.js';
import type { Controller } from '../shell/controller.js';
import { hostAccess } from '../settings/host-access.js';
import { toEngineError } from '../client/engine-error.js';

const POLL_MS = 500;
const time = (ms: number | null) => (ms === null ? '—' : new Date(ms).toISOString().slice(11, 19));
const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);
const int = (s: string) => (/^\d[\d,]*$/.test(s.trim()) ? Number(s.replace(/,/g, '')) : NaN);

/**
 * FIX sessions in the engine (Agents screen): connect a session stored in Settings (the host adds
 * its password; this page never sees it), its live state (logged on, CompIDs, next in/out
 * sequence numbers, last message in/out, last error), a quick TWAP of market IOCs worked through
 * it (`fix.work` without market data; every other strategy is started from the Run form, where a
 * logged-on session is a venue), and each live parent's simulated-vs-actual drift with its
 * alerts. Polls `fix.sessions` and `fix.drift` while mounted; never throws.
 */
export function FixPanel({ controller }: { controller: Controller }) {
  const api = controller.api;
  const access = useMemo(() => hostAccess(api), [api]);
  const [stored, setStored] = useState<readonly FixSessionView[]>([]);
  const [live, setLive] = useState<readonly FixSessionStateWire[]>([]);
  const [drift, setDrift] = useState<readonly FixDriftWire[]>([]);
  const [pick, setPick] = useState('');
  const [form, setForm] = useState({ symbol: 'SIM', side: 'buy' as 'buy' | 'sell', quantity: '300', horizonSec: '3', refPrice: '100.00' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    access?.fixSessions.list().then((s) => {
      setStored(s.sessions);
      setPick((p) => p || s.sessions[0]?.id || '');
    }, () => undefined);
    let on = true;
    const poll = () => {
      void api.request('fix.sessions', {}).then((s) => on && setLive(s), () => undefined);
      void api.request('fix.drift', {}).then((d) => on && setDrift(d), () => undefined);
    };
    poll();
    const t = setInterval(poll, POLL_MS);
    return () => {
      on = false;
      clearInterval(t);
    };
  }, [api, access]);

  const run = async (f: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await f();
    } catch (e) {
      setError(toEngineError(e).message);
    } finally {
      setBusy(false);
    }
  };
  const connected = live.find((s) => s.sessionId === pick && s.state === 'logged-on');
  const qty = int(form.quantity);
  const horizon = Number(form.horizonSec);
  const ref = Number(form.refPrice);
  const formError = !(qty > 0) ? 'Quantity must be a whole number of 1 or more' : !(horizon > 0) ? 'Horizon must be a positive number of seconds' : !(ref > 0) ? 'Reference price must be positive' : null;

  return (
    <div className="ag-fix-body">
      <div className="ag-fix-row">
        <select className="wi-input" aria-label="FIX session" data-testid="ag-fix-session" value={pick} onChange={(e) => setPick(e.target.value)}>
          {stored.length === 0 && <option value="">No sessions in Settings</option>}
          {stored.map((s) => <option key={s.id} value={s.id}>{s.name} ({s.host}:{s.port})</option>)}
        </select>
        <input className="wi-input" aria-label="Symbol" data-testid="ag-fix-symbol" value={form.symbol} onChange={(e) => setForm({ ...form, symbol: e.target.value })} />
        {connected ? (
          <button type="button" className="btn btn-xs" disabled={busy} data-testid="ag-fix-disconnect" onClick={() => void run(() => api.request('fix.disconnect', { sessionId: pick }))}>Disconnect</button>
        ) : (
          <button type="button" className="btn btn-xs" disabled={busy || !pick} data-testid="ag-fix-connect" onClick={() => void run(() => api.request('fix.connect', { sessionId: pick, instrument: { symbol: form.symbol.trim(), priceDecimals: 2, sizeDecimals: 0 } }))}>Connect</button>
        )}
      </div>
      {live.length === 0 ? (
        <div className="ag-empty muted" data-testid="ag-fix-empty">No FIX session state from the engine: no session connected. Connect one stored in Settings (Ctrl+8) to run parents on a paper or live venue.</div>
      ) : (
        <table className="ag-fix-table" data-testid="ag-fix-table">
          <thead><tr><th>Session</th><th>State</th><th>Sender→Target</th><th className="num">In</th><th className="num">Out</th></tr></thead>
          <tbody>
            {live.flatMap((s) => [
              <tr key={s.sessionId} data-testid="ag-fix-state" data-state={s.state} title={s.lastError ?? undefined}>
                <td>{s.name}</td><td>{s.state}{s.lastError ? ' ⚠' : ''}</td><td className="mono">{s.senderCompId}→{s.targetCompId}</td>
                <td className="num">{s.nextIn}</td><td className="num">{s.nextOut}</td>
              </tr>,
              <tr key={`${s.sessionId}-t`} className="muted" data-testid="ag-fix-traffic">
                <td colSpan={5} className="mono">last in {time(s.lastInMs)} · last out {time(s.lastOutMs)}{s.lastError ? ` · ${s.lastError}` : ''}</td>
              </tr>,
            ])}
          </tbody>
        </table>
      )}
      {connected && (
        <form className="ag-fix-row" onSubmit={(e) => {
          e.preventDefault();
          if (formError) return;
          void run(() => api.request('fix.work', { sessionId: pick, side: form.side, quantity: qty, horizonSec: horizon, slices: Math.max(1, Math.min(10, Math.round(horizon))), refPriceUnits: Math.round(ref * 100) }));
        }}>
          <select className="wi-input" aria-label="FIX side" value={form.side} onChange={(e) => setForm({ ...form, side: e.target.value as 'buy' | 'sell' })}><option value="buy">B Buy</option><option value="sell">S Sell</option></select>
          <input className="wi-input num" aria-label="FIX quantity" data-testid="ag-fix-qty" value={form.quantity} onChange={(e) => setForm({ ...form, quantity: e.target.value })} />
          <input className="wi-input num" aria-label="FIX horizon (s)" data-testid="ag-fix-horizon" value={form.horizonSec} onChange={(e) => setForm({ ...form, horizonSec: e.target.value })} />
          <input className="wi-input num" aria-label="Reference price" data-testid="ag-fix-ref" value={form.refPrice} onChange={(e) => setForm({ ...form, refPrice: e.target.value })} />
          <button type="submit" className="btn btn-xs btn-primary" disabled={busy || formError !== null} title={formError ?? 'TWAP of market IOCs through this session'} data-testid="ag-fix-work">TWAP on FIX</button>
        </form>
      )}
      {drift.map((d) => (
        <div key={d.parentId} className="ag-fix-drift" data-testid="ag-fix-drift" data-state={d.state} data-filled={d.filled}>
          <span className="mono">{d.parentId}</span> {d.state} · {d.filled}/{d.quantity} · fill {pct(d.actualFillRate)} (sim {pct(d.predictedFillRate)}) · ack {d.actualAckMsMedian === null ? '—' : `${d.actualAckMsMedian.toFixed(1)} ms`} (sim {d.predictedAckMs?.toFixed(1)} ms)
          {d.alerts.map((a) => <div key={a.kind} className="ag-err" data-testid="ag-fix-alert">⚠ {a.message}</div>)}
        </div>
      ))}
      {error && <div className="ag-err" role="alert" data-testid="ag-fix-error">{error}</div>}
    </div>
  );
}
