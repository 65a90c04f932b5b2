import { useEffect, useRef } from 'react';
import { formatBps } from '../format/numbers.js';
import type { Controller } from '../shell/controller.js';
import { useStore } from '../store/store.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { evaluationRows } from './evaluation-view.js';
import type { ModelInfo, ModelsController } from './models-controller.js';
import './models.css';

const fmt = (v: number | null | undefined, digits = 3) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toLocaleString('en-US', { maximumFractionDigits: digits }));

function Field({ label, value, mono = false, testId }: { label: string; value: string; mono?: boolean; testId?: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd className={mono ? 'mono' : undefined} data-testid={testId} title={value}>{value}</dd>
    </>
  );
}

function Evaluation({ evaluation }: { evaluation: unknown }) {
  if (evaluation === null || evaluation === undefined) {
    return <div className="md-empty muted" data-testid="md-eval-empty">No evaluation with this model: run <span className="mono">slipstream evaluate --model DIR --json</span> and save its output as evaluation.json in the folder.</div>;
  }
  const { strategies, paired } = evaluationRows(evaluation);
  return (
    <div data-testid="md-eval">
      {strategies.length > 0 && (
        <table className="md-table">
          <thead>
            <tr><th>Strategy</th><th className="num" title="Implementation shortfall, bp; positive = a cost to us">Mean IS</th><th className="num">Median IS</th><th className="num">95% CI</th><th className="num">n</th></tr>
          </thead>
          <tbody>
            {strategies.map((s) => (
              <tr key={s.name} data-testid="md-eval-row"><th scope="row">{s.name}</th><td className="num">{formatBps(s.meanIsBps)}</td><td className="num">{formatBps(s.medianIsBps)}</td>
                <td className="num">{s.ciLowBps === null ? '—' : `${formatBps(s.ciLowBps)} … ${formatBps(s.ciHighBps)}`}</td><td className="num">{fmt(s.n, 0)}</td></tr>
            ))}
          </tbody>
        </table>
      )}
      {paired.length > 0 && (
        <table className="md-table">
          <thead>
            <tr><th>Agent − baseline</th><th className="num" title="Negative = the agent costs less">Mean diff</th><th className="num">95% CI</th><th className="num">p</th></tr>
          </thead>
          <tbody>
            {paired.map((p) => (
              <tr key={p.baseline}><th scope="row">{p.baseline}</th><td className="num">{formatBps(p.meanDiffBps, true)}</td>
                <td className="num">{p.ciLowBps === null ? '—' : `${formatBps(p.ciLowBps, true)} … ${formatBps(p.ciHighBps, true)}`}</td><td className="num">{fmt(p.pValue, 4)}</td></tr>
            ))}
          </tbody>
        </table>
      )}
      {strategies.length === 0 && paired.length === 0 && <pre className="md-json">{JSON.stringify(evaluation, null, 2)}</pre>}
    </div>
  );
}

function Detail({ m, models }: { m: ModelInfo; models: ModelsController }) {
  return (
    <div className="md-detail" data-testid="md-detail" data-model={m.id}>
      <div className="md-detail-head">
        <h3>{m.name}</h3>
        <span className={`status-chip tone-${m.source === 'shipped' ? 'done' : 'working'}`}>{m.source === 'shipped' ? 'Shipped' : 'Yours'}</span>
        {m.source === 'user' && (
          <button type="button" className="btn btn-xs btn-danger" data-testid="md-delete" onClick={() => models.requestDelete(m.id)}>Delete…</button>
        )}
      </div>
      {m.problem && <div className="md-problem" role="alert" data-testid="md-problem">{m.problem}</div>}
      <dl className="md-fields">
        <Field label="Folder" value={m.path} mono />
        <Field label="Algorithm" value={m.algorithm?.toUpperCase() ?? '—'} testId="md-algorithm" />
        <Field label="Seed" value={fmt(m.seed, 0)} />
        <Field label="Training steps" value={fmt(m.trainingSteps, 0)} testId="md-steps" />
        <Field label="Backend" value={m.backend ?? '—'} />
        <Field label="Format / package" value={m.formatVersion ? `${m.formatVersion} / ${m.packageVersion}` : '—'} />
        <Field label="Weights SHA-256" value={m.weightsSha256 ?? '—'} mono testId="md-sha" />
        <Field label="Data hash" value={m.dataHash ?? 'none (synthetic env or scenario)'} mono />
        <Field label="Action space" value={m.actionSpace ?? '—'} />
        <Field label="Policy" value={m.policy ?? '—'} />
        <Field label="Observation" value={m.observation ? `${m.observation.length}: ${m.observation.join(', ')}` : '—'} />
        {m.promotedFrom && <Field label="Promoted from" value={`run ${m.promotedFrom.runId} (${m.promotedFrom.created.slice(0, 19).replace('T', ' ')} UTC)`} mono />}
      </dl>
      <h4>Training metrics</h4>
      {m.metrics && Object.keys(m.metrics).length > 0 ? (
        <table className="md-table" data-testid="md-metrics">
          <tbody>
            {Object.entries(m.metrics).map(([k, v]) => <tr key={k}><th scope="row">{k}</th><td className="num">{fmt(v)}</td></tr>)}
          </tbody>
        </table>
      ) : <div className="md-empty muted">No metrics in the manifest.</div>}
      <h4>Evaluation</h4>
      <Evaluation evaluation={m.evaluation} />
      <h4>Config</h4>
      <pre className="md-json">{JSON.stringify(m.config, null, 2)}</pre>
    </div>
  );
}

/** The delete confirmation: focus starts on Delete, so Enter deletes; Escape (or Cancel) backs out. */
function ConfirmDelete({ models, id }: { models: ModelsController; id: string }) {
  const deleteRef = useRef<HTMLButtonElement>(null);
  useEffect(() => deleteRef.current?.focus(), []);
  return (
    <div
      className="md-confirm"
      role="alertdialog"
      aria-label="Delete model"
      data-testid="md-confirm"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          models.cancelDelete();
        }
      }}
    >
      <p>Delete the model <b className="mono">{id.replace(/^user:/, '')}</b> and its folder? This cannot be undone.</p>
      <button type="button" className="btn btn-danger" ref={deleteRef} data-testid="md-confirm-delete" onClick={() => void models.confirmDelete()}>Delete <kbd>Enter</kbd></button>
      <button type="button" className="btn" data-testid="md-confirm-cancel" onClick={() => models.cancelDelete()}>Cancel <kbd>Esc</kbd></button>
    </div>
  );
}

/**
 * Models (Ctrl+9): the shipped models and the user's (promoted training runs), each with its
 * manifest, training metrics and evaluation results; a user model is deleted after a
 * confirmation, a shipped one cannot be.
 */
export function ModelsScreen({ controller }: { controller: Controller }) {
  const models = controller.models;
  const list = useStore(models.store, (s) => s.models);
  const selected = useStore(models.store, (s) => s.selected);
  const confirm = useStore(models.store, (s) => s.confirmDelete);
  const error = useStore(models.store, (s) => s.error);
  const notice = useStore(models.store, (s) => s.notice);
  useEffect(() => void models.refresh(), [models]);
  const sel = list?.find((m) => m.id === selected) ?? null;
  return (
    <div className="models-screen" data-testid="models-screen">
      <section className="panel md-list" aria-label="Models">
        <header className="panel-head">
          <h2>Models</h2>
          <span className="panel-sub">shipped · yours (promoted from Training)</span>
        </header>
        {error && <ErrorNotice error={error} onDismiss={() => models.dismissError()} />}
        {notice && <div className="md-notice" data-testid="md-notice">{notice}</div>}
        {list !== null && list.length === 0 ? (
          <div className="md-empty muted" data-testid="md-empty">No models: train one on the Training screen (Ctrl+5) and promote it.</div>
        ) : (
          <ul className="md-items">
            {(list ?? []).map((m) => (
              <li key={m.id}>
                <button type="button" className={'md-item' + (m.id === selected ? ' is-selected' : '')} data-testid="md-item" data-model={m.id} aria-pressed={m.id === selected} onClick={() => models.select(m.id)}>
                  <span className="md-item-name">{m.name}</span>
                  <span className="muted">{m.problem ? 'unreadable' : `${m.algorithm?.toUpperCase()} · ${fmt(m.trainingSteps, 0)} steps`}</span>
                  <span className={`status-chip tone-${m.source === 'shipped' ? 'done' : 'working'}`}>{m.source === 'shipped' ? 'Shipped' : 'Yours'}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="panel md-main" aria-label="Model details">
        <header className="panel-head">
          <h2>Manifest and evaluation</h2>
        </header>
        {confirm && <ConfirmDelete models={models} id={confirm} />}
        {sel ? <Detail m={sel} models={models} /> : <div className="md-empty muted">Pick a model on the left.</div>}
      </section>
    </div>
  );
}
