import { useState } from 'react';
import { useStore } from '../store/store.js';
import type { TrainingController, TrainRun } from './training-controller.js';

/** A number to `digits` decimals ('—' when unknown); a value that rounds to zero shows 0, never -0. */
export function fmt(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const r = Math.round(v * 10 ** digits) / 10 ** digits;
  return (r === 0 ? 0 : r).toLocaleString('en-US', { maximumFractionDigits: digits });
}
const HEAD_METRICS = ['evalMeanReturn', 'validationDiffBps', 'validationCiLowBps', 'validationCiHighBps', 'validationAgentIsBps', 'validationTwapIsBps', 'validationN', 'stepsPerSec', 'elapsedSec'] as const;

/** "−1.25 [−2.50, +0.10]": a run's final agent − TWAP in bp with its 95 % interval ('—' without one). */
export function vsTwapText(m: Readonly<Record<string, number | null>> | null): string {
  const d = m?.validationDiffBps;
  if (d === null || d === undefined) return '—';
  const s = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(2)}`;
  const lo = m?.validationCiLowBps, hi = m?.validationCiHighBps;
  return lo !== null && lo !== undefined && hi !== null && hi !== undefined ? `${s(d)} [${s(lo)}, ${s(hi)}]` : s(d);
}

/** The metric names of the ticked runs, headline ones first. */
export function compareKeys(runs: readonly TrainRun[]): string[] {
  const keys = new Set<string>();
  for (const r of runs) for (const k of Object.keys(r.metrics ?? {})) keys.add(k);
  const head = HEAD_METRICS.filter((k) => keys.has(k));
  return [...head, ...[...keys].filter((k) => !(HEAD_METRICS as readonly string[]).includes(k)).sort()];
}

function PromoteForm({ run, training, onDone }: { run: TrainRun; training: TrainingController; onDone: () => void }) {
  const [name, setName] = useState(`${run.env}-${run.algo}-s${run.seed}`);
  return (
    <form
      className="tr-promote"
      data-testid="tr-promote-form"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onDone();
        }
      }}
      onSubmit={(e) => {
        e.preventDefault();
        void training.promote(run.id, name.trim()).then((ok) => ok && onDone());
      }}
    >
      <label htmlFor="tr-promote-name">Model name</label>
      <input id="tr-promote-name" className="wi-input" value={name} autoFocus spellCheck={false} onChange={(e) => setName(e.target.value)} />
      <button type="submit" className="btn btn-xs btn-primary" data-testid="tr-promote-ok">Promote <kbd>Enter</kbd></button>
      <button type="button" className="btn btn-xs" onClick={onDone}>Cancel <kbd>Esc</kbd></button>
    </form>
  );
}

/** The training-run registry: every stored run, tick runs to compare their metrics side by side (and their curves overlaid above), promote one into the model registry. */
export function RunCompare({ training }: { training: TrainingController }) {
  const runs = useStore(training.store, (s) => s.runs);
  const compare = useStore(training.store, (s) => s.compare);
  const notice = useStore(training.store, (s) => s.notice);
  const [promoting, setPromoting] = useState<string | null>(null);
  const ticked = runs.filter((r) => compare.includes(r.id));
  const keys = compareKeys(ticked);
  const promoteRun = runs.find((r) => r.id === promoting);
  return (
    <section className="panel tr-runs" aria-label="Stored runs">
      <header className="panel-head">
        <h2>Stored runs</h2>
        <span className="panel-sub">training-run registry · tick runs to overlay their curves and compare · Promote copies the model to the Models screen</span>
      </header>
      {notice && <div className="tr-notice" data-testid="tr-notice">{notice}</div>}
      {promoteRun && <PromoteForm run={promoteRun} training={training} onDone={() => setPromoting(null)} />}
      <div className="tr-runs-body">
        {runs.length === 0 ? (
          <div className="tr-empty muted" data-testid="tr-runs-empty">No stored runs yet: a run is stored when it completes or is stopped.</div>
        ) : (
          <table className="tr-table" data-testid="tr-runs">
            <thead>
              <tr>
                <th title="Compare">Cmp</th><th title="Month-day hour:minute, UTC">Created</th><th>Run</th><th>Algo</th><th>Env</th><th className="num">Seed</th><th className="num">Steps</th><th>Status</th>
                <th className="num" title="Mean return of the final evaluation episodes">Eval return</th>
                <th className="num" title="Execution env: the final agent's implementation shortfall minus TWAP's on the same validation episodes, bp (negative = the agent cheaper), with its paired 95 % interval">vs TWAP (bp)</th>
                <th className="num">Steps/s</th><th />
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id} data-testid="tr-run" data-run={r.id} data-status={r.status}>
                  <td><input type="checkbox" aria-label={`Compare run ${r.id}`} checked={compare.includes(r.id)} onChange={() => training.toggleCompare(r.id)} /></td>
                  <td className="mono" title={r.created}>{r.created.slice(5, 16).replace('T', ' ')}</td>
                  <td className="mono" title={r.modelPath}>{r.id.slice(0, 8)}</td>
                  <td>{r.algo.toUpperCase()}</td>
                  <td>{r.env}</td>
                  <td className="num">{r.seed}</td>
                  <td className="num">{r.steps.toLocaleString('en-US')}</td>
                  <td><span className={`status-chip tone-${r.status === 'completed' ? 'done' : 'inactive'}`}>{r.status === 'completed' ? 'Completed' : 'Stopped'}</span></td>
                  <td className="num" data-testid="tr-run-eval">{fmt(r.metrics?.evalMeanReturn, Math.abs(r.metrics?.evalMeanReturn ?? 0) < 10 ? 2 : 1)}</td>
                  <td className="num" data-testid="tr-run-vs-twap">{vsTwapText(r.metrics)}</td>
                  <td className="num">{fmt(r.metrics?.stepsPerSec, 0)}</td>
                  <td><button type="button" className="btn btn-xs" data-testid="tr-promote" onClick={() => setPromoting(r.id)}>Promote…</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {ticked.length > 0 && (
          <table className="tr-table tr-compare" data-testid="tr-compare">
            <thead>
              <tr><th>Metric</th>{ticked.map((r) => <th key={r.id} className="num mono">{r.id.slice(0, 8)} · {r.algo} s{r.seed}</th>)}</tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr key={k}><th scope="row">{k}</th>{ticked.map((r) => <td key={r.id} className="num">{fmt(r.metrics?.[k], 3)}</td>)}</tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
