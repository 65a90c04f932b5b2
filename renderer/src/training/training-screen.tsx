import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { formatDuration, formatPercent, formatRate } from '../format/numbers.js';
import type { Controller } from '../shell/controller.js';
import { useStore } from '../store/store.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { CompareCurves, LearningCurve } from './learning-curve.js';
import { RunCompare } from './run-compare.js';
import { emptyCurves, readTrainForm, TRAIN_PRESETS, type JobCurves } from './training-model.js';
import type { JobLive, TrainJob, TrainingController } from './training-controller.js';
import './training.css';

const TONE: Readonly<Record<TrainJob['status'], string>> = { running: 'working', completed: 'done', cancelled: 'inactive', failed: 'bad' };
const STATUS_WORD: Readonly<Record<TrainJob['status'], string>> = { running: 'Running', completed: 'Completed', cancelled: 'Stopped', failed: 'Failed' };

function JobRow({ job, live, selected, training }: { job: TrainJob; live: JobLive | undefined; selected: boolean; training: TrainingController }) {
  const total = live?.totalSteps ?? job.steps;
  const done = live?.steps ?? job.stepsDone;
  const fraction = total > 0 ? Math.min(1, done / total) : 0;
  return (
    <li className={'tr-job' + (selected ? ' is-selected' : '')} data-testid="tr-job" data-job={job.jobId} data-status={job.status}>
      <button type="button" className="tr-job-pick" onClick={() => training.select(job.jobId)} aria-pressed={selected}>
        <span className="mono">{job.jobId}</span>
        <span>{job.algo.toUpperCase()} · {job.env} · seed {job.seed}</span>
        <span className={`status-chip tone-${TONE[job.status]}`}>{STATUS_WORD[job.status]}</span>
      </button>
      <div className="tr-job-progress">
        <div className="job-bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(fraction * 100)} aria-label={`${job.jobId} progress`}>
          <span style={{ width: `${fraction * 100}%` }} />
        </div>
        <span className="num" data-testid="tr-job-steps">{done.toLocaleString('en-US')} / {total.toLocaleString('en-US')}</span>
        <span className="num">{formatPercent(fraction)}</span>
        <span className="num" title="Env steps per second" data-testid="tr-job-rate">{formatRate(live?.stepsPerSec, ' steps/s')}</span>
        <span className="num" title="Time left">{job.status === 'running' ? `${formatDuration(live?.etaSec)} left` : ''}</span>
        {job.status === 'running' && (
          <button type="button" className="btn btn-xs" data-testid="tr-stop" onClick={() => void training.cancel(job.jobId)}>Stop</button>
        )}
        {training.canResume(job.jobId) && (
          <button type="button" className="btn btn-xs" data-testid="tr-resume" title="Continue from its latest checkpoint, as a new job" onClick={() => void training.resume(job.jobId)}>Resume</button>
        )}
      </div>
      {job.error && <div className="tr-job-error" role="alert">{job.error}</div>}
    </li>
  );
}

/**
 * Training (Ctrl+5): a run configured from a preset (steps and seed as typed, Enter starts), the
 * session's jobs with progress, steps/s, time left, Stop and Resume, the selected job's learning
 * curves (raw returns with the smoothed line, evaluations, agent − TWAP validation shortfall with
 * its 95 % band for the execution env, steps/s), and the stored runs of the registry: tick two or
 * more to overlay their curves, promote one into the model registry.
 */
export function TrainingScreen({ controller }: { controller: Controller }) {
  const training = controller.training;
  const form = useStore(training.store, (s) => s.form);
  const jobs = useStore(training.store, (s) => s.jobs);
  const live = useStore(training.store, (s) => s.live);
  const curves = useStore(training.store, (s) => s.curves);
  const selected = useStore(training.store, (s) => s.selected);
  const starting = useStore(training.store, (s) => s.starting);
  const error = useStore(training.store, (s) => s.error);
  const theme = useStore(controller.app, (s) => s.theme);
  const view = useStore(training.store, (s) => s.view);
  const runs = useStore(training.store, (s) => s.runs);
  const compare = useStore(training.store, (s) => s.compare);
  const compareCurves = useStore(training.store, (s) => s.compareCurves);
  const [showErrors, setShowErrors] = useState(false);

  useEffect(() => void training.refresh(), [training]);

  const { errors } = readTrainForm(form);
  const preset = TRAIN_PRESETS.find((p) => p.id === form.presetId) ?? TRAIN_PRESETS[0]!;
  const jobList = Object.values(jobs);
  const sel = selected ? jobs[selected] : undefined;
  const selLive = selected ? live[selected] : undefined;
  const lastVal = selected ? curves[selected]?.validation.at(-1) : undefined;
  const overlaid = useMemo(() => compare.flatMap((id) => {
    const r = runs.find((x) => x.id === id), c = compareCurves[id];
    return r && c ? [{ label: `${id.slice(0, 8)} · ${r.algo} s${r.seed}`, curves: c as JobCurves }] : [];
  }), [compare, runs, compareCurves]);
  const missing = compare.filter((id) => compareCurves[id] === null).length;
  const onKey = (ev: KeyboardEvent<HTMLFormElement>) => {
    if (ev.key === 'Escape') {
      ev.preventDefault();
      training.setForm({ presetId: form.presetId, steps: String(preset.steps), seed: '1' });
    }
  };

  return (
    <div className="training-screen" data-testid="training-screen">
      <div className="tr-left">
        <section className="panel tr-setup" aria-label="New training run">
          <header className="panel-head">
            <h2>New run</h2>
            <span className="panel-sub">TensorFlow.js · own worker</span>
          </header>
          <form
            className="tr-form"
            onKeyDown={onKey}
            onSubmit={(e) => {
              e.preventDefault();
              setShowErrors(true);
              void training.start();
            }}
          >
            <label htmlFor="tr-preset">Preset</label>
            <select id="tr-preset" className="wi-input" value={form.presetId} onChange={(e) => training.setForm({ presetId: e.target.value as typeof form.presetId })}>
              {TRAIN_PRESETS.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
            </select>
            <span className="tr-help muted">{preset.help}{preset.scenario ? ` Scenario: ${preset.scenario}.` : ''}</span>
            <label htmlFor="tr-steps">Env steps</label>
            <input id="tr-steps" className="wi-input num" value={form.steps} spellCheck={false} autoComplete="off" aria-invalid={errors.steps ? true : undefined} onChange={(e) => training.setForm({ steps: e.target.value })} />
            {(showErrors || form.steps !== '') && errors.steps && <span className="tr-err" data-testid="tr-err-steps">{errors.steps}</span>}
            <label htmlFor="tr-seed">Seed</label>
            <input id="tr-seed" className="wi-input num" value={form.seed} spellCheck={false} autoComplete="off" aria-invalid={errors.seed ? true : undefined} onChange={(e) => training.setForm({ seed: e.target.value })} />
            {errors.seed && <span className="tr-err" data-testid="tr-err-seed">{errors.seed}</span>}
            <div className="tr-actions">
              <button type="submit" className="btn btn-primary" data-testid="tr-start" disabled={starting || Object.keys(errors).length > 0}>
                {starting ? 'Starting…' : 'Start'} <kbd>Enter</kbd>
              </button>
            </div>
          </form>
          {error && <ErrorNotice error={error} onDismiss={() => training.dismissError()} />}
        </section>
        <section className="panel tr-jobs" aria-label="Training jobs">
          <header className="panel-head">
            <h2>Jobs</h2>
            <span className="panel-sub">this engine session · click to show its curves</span>
          </header>
          {jobList.length === 0 ? (
            <div className="tr-empty muted" data-testid="tr-jobs-empty">No training jobs yet: choose a preset and press Start.</div>
          ) : (
            <ul className="tr-job-list">
              {jobList.map((j) => <JobRow key={j.jobId} job={j} live={live[j.jobId]} selected={j.jobId === selected} training={training} />)}
            </ul>
          )}
        </section>
      </div>
      <div className="tr-right">
        <section className="panel tr-curves" aria-label="Learning curves">
          <header className="panel-head">
            <h2>Learning curves</h2>
            <div className="tr-view" role="group" aria-label="Curves shown">
              <button type="button" className="btn btn-xs" aria-pressed={view === 'job'} data-testid="tr-view-job" onClick={() => training.setView('job')}>Job</button>
              <button type="button" className="btn btn-xs" aria-pressed={view === 'compare'} data-testid="tr-view-compare" disabled={compare.length === 0} title="Tick stored runs below to overlay their curves" onClick={() => training.setView('compare')}>
                Compare runs ({compare.length})
              </button>
            </div>
            {view === 'job' ? (
              <span className="panel-sub" data-testid="tr-curve-sub">
                {sel ? `${sel.jobId} · ${sel.algo.toUpperCase()} on ${sel.env}` : 'start or pick a job'}
                {typeof selLive?.stepsPerSec === 'number' ? ` · ${formatRate(selLive.stepsPerSec, ' steps/s')}` : ''}
                {lastVal && lastVal.diffBps !== null ? ` · last agent − TWAP ${lastVal.diffBps >= 0 ? '+' : ''}${lastVal.diffBps.toFixed(2)} bp (n ${lastVal.n})` : ''}
              </span>
            ) : (
              <span className="panel-sub">smoothed return and agent − TWAP (bp, band = 95 % interval) of the ticked runs{missing > 0 ? ` · ${missing} stored without curves` : ''}</span>
            )}
          </header>
          {view === 'job' ? (
            <LearningCurve curves={(selected && curves[selected]) || emptyCurves()} theme={theme} jobId={selected ?? ''} />
          ) : (
            <CompareCurves runs={overlaid} theme={theme} />
          )}
        </section>
        <RunCompare training={training} />
      </div>
    </div>
  );
}
