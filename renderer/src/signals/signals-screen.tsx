import { useEffect, useState, type KeyboardEvent } from 'react';
import { formatPercent } from '../format/numbers.js';
import type { Controller } from '../shell/controller.js';
import { useStore } from '../store/store.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { JobProgressBar } from '../ui/job-progress.js';
import { SignalsChart } from './signals-chart.js';
import { signalsControllerFor, signalsJob, type SignalsRun } from './signals-controller.js';
import { CHART_FEATURES, metricRows, readSignalsForm, SIGNAL_MODELS, type ChartFeatureId, type SignalModelId } from './signals-model.js';
import './signals.css';

const num = (v: number, digits = 3) => (Number.isFinite(v) ? v.toFixed(digits) : '—');

function Metrics({ run }: { run: SignalsRun }) {
  const r = run.result;
  return (
    <>
      <table className="sg-table" data-testid="sg-metrics">
        <thead>
          <tr>
            <th title="Out of sample: pooled over the walk-forward test folds">Metric (out of sample)</th>
            <th className="num">{r.model}</th>
            <th className="num" title="The training set's majority class (each fold's own), predicted for every row">Naive</th>
            <th className="num">Δ</th>
          </tr>
        </thead>
        <tbody>
          {metricRows(r.metrics).map((m) => (
            <tr key={m.key} data-testid="sg-metric" data-metric={m.key}>
              <th scope="row" title={m.help}>{m.label}</th>
              <td className="num" data-testid={`sg-${m.key}`}>{num(m.model)}</td>
              <td className="num">{m.naive === null ? '—' : num(m.naive)}</td>
              <td className={'num ' + (m.naive !== null && m.model > m.naive ? 'sg-better' : 'sg-worse')}>{m.naive === null ? '—' : (m.model - m.naive >= 0 ? '+' : '') + num(m.model - m.naive)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="sg-foot muted" data-testid="sg-summary">
        {r.oosRows.toLocaleString('en-US')} of {r.rows.toLocaleString('en-US')} rows out of sample · {r.folds.length} walk-forward folds · horizon {r.horizon} book events · {(r.cpuMs / 1000).toFixed(1)} s CPU
      </div>
      <table className="sg-table sg-folds" data-testid="sg-folds">
        <thead>
          <tr><th>Fold</th><th className="num">Train</th><th className="num">Test</th><th className="num" title="Training rows dropped: their label window overlaps the test fold">Purged</th><th className="num">Accuracy</th><th className="num">Naive</th></tr>
        </thead>
        <tbody>
          {r.folds.map((f, i) => (
            <tr key={i}><th scope="row">{i + 1}</th><td className="num">{f.train.toLocaleString('en-US')}</td><td className="num">{f.test.toLocaleString('en-US')}</td><td className="num">{f.purged.toLocaleString('en-US')}</td><td className="num">{formatPercent(f.accuracy)}</td><td className="num">{formatPercent(f.naiveAccuracy)}</td></tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/**
 * Signals (Ctrl+0): train a direction model (logistic regression, GBDT, MLP, LSTM) on a day of book
 * data with walk-forward validation in the engine's worker (progress, rate, time left, Cancel); its
 * out-of-sample metrics against the naive baseline; the mid price with the predicted score and a
 * chosen feature in a synced panel below.
 */
export function SignalsScreen({ controller }: { controller: Controller }) {
  const sg = signalsControllerFor(controller);
  const form = useStore(sg.store, (s) => s.form);
  const running = useStore(sg.store, (s) => s.running);
  const jobsBefore = useStore(sg.store, (s) => s.jobsBefore);
  const run = useStore(sg.store, (s) => s.run);
  const error = useStore(sg.store, (s) => s.error);
  const notice = useStore(sg.store, (s) => s.notice);
  const samples = useStore(controller.app, (s) => s.samples);
  const opened = useStore(controller.app, (s) => s.source);
  const jobs = useStore(controller.app, (s) => s.jobs);
  const theme = useStore(controller.app, (s) => s.theme);
  const [showErrors, setShowErrors] = useState(false);
  const source = form.source || sg.defaultSource();
  useEffect(() => {
    if (!form.source && samples?.length) sg.setForm({ source: `sample:${samples[0]!.id}` });
  }, [sg, form.source, samples]);

  const { errors } = readSignalsForm({ ...form, source }, opened?.files);
  const job = running ? signalsJob(jobs, jobsBefore) : null;
  const model = SIGNAL_MODELS.find((m) => m.id === form.model)!;
  const onKey = (ev: KeyboardEvent<HTMLFormElement>) => {
    if (ev.key === 'Escape' && job) {
      ev.preventDefault();
      void sg.cancel(job.jobId);
    }
  };

  return (
    <div className="signals-screen" data-testid="signals-screen">
      <div className="sg-left">
        <section className="panel sg-setup" aria-label="Train a signal">
          <header className="panel-head">
            <h2>Train a signal</h2>
            <span className="panel-sub">direction H book events ahead · own worker</span>
          </header>
          <form
            className="sg-form"
            onKeyDown={onKey}
            onSubmit={(e) => {
              e.preventDefault();
              setShowErrors(true);
              void sg.train();
            }}
          >
            <label htmlFor="sg-source">Data</label>
            <select id="sg-source" className="wi-input" data-testid="sg-source" value={source} onChange={(e) => sg.setForm({ source: e.target.value })}>
              {opened?.files && opened.files.length > 0 && <option value="open">Open in Market: {opened.label}</option>}
              {(samples ?? []).map((s) => <option key={s.id} value={`sample:${s.id}`}>Sample: {s.label}</option>)}
              <option value="files">Files on the engine’s machine…</option>
            </select>
            {source === 'files' && (
              <input className="wi-input mono sg-wide" aria-label="Data files" placeholder="/data/MSFT_…_message_10.csv (+ more files of the same day)" value={form.files} spellCheck={false} onChange={(e) => sg.setForm({ files: e.target.value })} />
            )}
            {(showErrors || form.files !== '' || source === 'open') && errors.source && <span className="sg-err" data-testid="sg-err-source">{errors.source}</span>}
            <label htmlFor="sg-model">Model</label>
            <select id="sg-model" className="wi-input" data-testid="sg-model" value={form.model} onChange={(e) => sg.setForm({ model: e.target.value as SignalModelId })}>
              {SIGNAL_MODELS.map((m) => <option key={m.id} value={m.id}>{m.label}</option>)}
            </select>
            <span className="sg-help muted">{model.help}</span>
            <label htmlFor="sg-horizon">Horizon</label>
            <span className="sg-unit-field">
              <input id="sg-horizon" className="wi-input num" data-testid="sg-horizon" value={form.horizon} spellCheck={false} autoComplete="off" aria-invalid={errors.horizon ? true : undefined} onChange={(e) => sg.setForm({ horizon: e.target.value })} />
              <span className="muted">book events</span>
            </span>
            {errors.horizon && <span className="sg-err" data-testid="sg-err-horizon">{errors.horizon}</span>}
            <label htmlFor="sg-folds">Folds</label>
            <input id="sg-folds" className="wi-input num" value={form.folds} spellCheck={false} autoComplete="off" aria-invalid={errors.folds ? true : undefined} onChange={(e) => sg.setForm({ folds: e.target.value })} />
            {errors.folds && <span className="sg-err">{errors.folds}</span>}
            <label htmlFor="sg-seed">Seed</label>
            <input id="sg-seed" className="wi-input num" value={form.seed} spellCheck={false} autoComplete="off" aria-invalid={errors.seed ? true : undefined} onChange={(e) => sg.setForm({ seed: e.target.value })} />
            {errors.seed && <span className="sg-err">{errors.seed}</span>}
            <div className="sg-actions">
              <button type="submit" className="btn btn-primary" data-testid="sg-train" disabled={running || Object.keys(errors).length > 0}>
                {running ? 'Training…' : 'Train'} <kbd>Enter</kbd>
              </button>
            </div>
          </form>
          {job && <JobProgressBar job={job} onCancel={() => void sg.cancel(job.jobId)} />}
          {notice && <div className="sg-notice muted" role="status" data-testid="sg-notice">{notice}</div>}
          {error && <ErrorNotice error={error} onDismiss={() => sg.dismissError()} />}
        </section>
        <section className="panel sg-metrics" aria-label="Model metrics">
          <header className="panel-head">
            <h2>Metrics</h2>
            <span className="panel-sub">{run ? `${run.sourceLabel} · walk-forward, purged` : 'train a model to see them'}</span>
          </header>
          {run ? <Metrics run={run} /> : <div className="sg-empty muted" data-testid="sg-empty">No model trained in this session yet: choose the data, a model and a horizon, then press Train.</div>}
        </section>
      </div>
      <section className="panel sg-chart-panel" aria-label="Price and predictions">
        <header className="panel-head">
          <h2>Price and predictions</h2>
          <label className="sg-feature">
            <span className="muted">Lower panel</span>
            <select className="wi-input" data-testid="sg-feature" value={form.feature} onChange={(e) => sg.setForm({ feature: e.target.value as ChartFeatureId })}>
              {CHART_FEATURES.map((f) => <option key={f.id} value={f.id}>{f.label} ({f.unit})</option>)}
            </select>
          </label>
        </header>
        {run ? <SignalsChart series={run.result.series} feature={form.feature} theme={theme} /> : <div className="sg-empty muted">The mid price with the out-of-sample score P(up) − P(down) will be drawn here.</div>}
      </section>
    </div>
  );
}
