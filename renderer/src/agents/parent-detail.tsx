import type { FixSessionStateWire } from '../../../main/contract/fix-live.js';
import { formatBps, formatPercent, formatPrice, formatSize } from '../format/numbers.js';
import { decisionBars, modelLine, modelTitle, type Supervised } from './agents-model.js';

const clock = (ms: number | null) => (ms === null ? '—' : new Date(ms).toISOString().slice(11, 19));

/** The FIX session a parent trades through: logged on or not, next sequence numbers, last message in/out (UTC). */
function SessionLine({ s }: { s: FixSessionStateWire }) {
  return (
    <div className="ag-session mono" data-testid="ag-session" data-state={s.state} title={s.lastError ?? undefined}>
      {s.name} {s.state} · seq in {s.nextIn} out {s.nextOut} · last in {clock(s.lastInMs)} out {clock(s.lastOutMs)}{s.lastError ? ' ⚠' : ''}
    </div>
  );
}

/**
 * Progress against the linear schedule (and, for a parent started with the agent, which model:
 * name and short weights hash, the rest in the tooltip): the filled bar, a tick where the schedule is now, the
 * shortfall so far and the mark-to-mid estimate, alerts (schedule; drift on a FIX parent), and
 * the FIX session's state for a parent that trades through one.
 */
export function ProgressPanel({ p, session = null, known }: { p: Supervised; session?: FixSessionStateWire | null; known?: ReadonlyMap<string, string> }) {
  const filledPct = p.quantity > 0 ? Math.min(1, p.filled / p.quantity) : 0;
  return (
    <div className="ag-progress" data-testid="ag-progress" data-state={p.state} data-algorithm={p.algorithm}>
      <div className="ag-progress-bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(filledPct * 100)} aria-label="Filled against schedule">
        <span className="ag-filled" style={{ width: `${filledPct * 100}%` }} />
        <span className="ag-schedule" style={{ left: `${p.elapsedFraction * 100}%` }} title={`Schedule now: ${formatSize(p.scheduleFilled, p.sizeDecimals)}`} />
      </div>
      <dl className="ag-figures">
        {p.model && <><dt>Model</dt><dd className="mono" data-testid="ag-model" title={modelTitle(p, known)}>{modelLine(p, known)}</dd></>}
        <dt>Filled</dt><dd className="num" data-testid="ag-filled">{formatSize(p.filled, p.sizeDecimals)} / {formatSize(p.quantity, p.sizeDecimals)}</dd>
        <dt title="Linear schedule over the horizon">Schedule</dt><dd className="num">{formatSize(Math.round(p.scheduleFilled), p.sizeDecimals)} ({formatPercent(p.elapsedFraction, 0)} of the horizon)</dd>
        <dt title="(filled − schedule) / quantity">Deviation</dt><dd className="num" data-testid="ag-deviation">{p.deviation >= 0 ? '+' : '−'}{formatPercent(Math.abs(p.deviation))}</dd>
        <dt title="Filled part against the arrival mid; positive = a cost">IS so far</dt><dd className="num">{formatBps(p.isBps, true)}</dd>
        <dt title="Filled part at its average, the rest marked at the mid now, against the arrival mid; positive = a cost">IS estimate</dt><dd className="num" data-testid="ag-est-is">{formatBps(p.estIsBps, true)}</dd>
        <dt>Arrival / mid</dt><dd className="num">{formatPrice(p.arrivalPriceUnits, p.priceDecimals)} / {formatPrice(p.midUnits, p.priceDecimals)}</dd>
      </dl>
      {session && <SessionLine s={session} />}
      {p.alerts.map((a) => (
        <div key={a.kind} className="ag-alert" role="status" data-testid="ag-alert" data-kind={a.kind}>⚠ {a.message}</div>
      ))}
    </div>
  );
}

/** The agent's latest decisions, newest first: time, action, the child order, and its probabilities (or Q-values) with the features it saw. */
export function DecisionsPanel({ p }: { p: Supervised }) {
  if (p.decisions.length === 0) {
    return (
      <div className="ag-empty muted" data-testid="ag-decisions-empty">
        {p.startedWith === 'agent' ? 'No decision yet.' : `${p.algorithm.toUpperCase()} follows a fixed rule: decisions are explained for the learned agent only.`}
      </div>
    );
  }
  return (
    <ol className="ag-decisions" data-testid="ag-decisions" reversed>
      {[...p.decisions].reverse().map((d) => (
        <li key={d.decision} data-testid="ag-decision">
          <div className="ag-decision-head">
            <span className="mono">#{d.decision}</span>
            <b>{p.actionLabels[typeof d.action === 'number' ? d.action : 0] ?? String(d.action)}</b>
            <span className="muted">{d.childOrderId ? `→ ${d.childOrderId} ${formatSize(d.size, p.sizeDecimals)}${d.priceUnits !== null ? ` @ ${formatPrice(d.priceUnits, p.priceDecimals)}` : ''}` : (d.note ?? 'no order')}</span>
          </div>
          <div className="ag-bars">
            {/* Keyed by position: a model's action labels repeat (every aggression of a zero-size "wait"). */}
            {decisionBars(p.actionLabels, d).slice(0, 4).map((b, i) => (
              <span key={i} className={'ag-bar' + (b.chosen ? ' is-chosen' : '')} title={`${b.label}: ${b.value.toFixed(3)}`}>
                {b.label} {b.kind === 'p' ? formatPercent(b.value, 0) : b.value.toFixed(2)}
              </span>
            ))}
          </div>
          <div className="ag-features mono muted">{p.featureNames.map((n, i) => `${n} ${d.obs[i]?.toFixed(2) ?? '—'}`).join(' · ')}</div>
        </li>
      ))}
    </ol>
  );
}
