import { useCallback, useMemo, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { ModelPicker, type ModelChoice } from '../models/model-picker.js';
import type { Controller } from '../shell/controller.js';
import { useStore } from '../store/store.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { JobProgressBar } from '../ui/job-progress.js';
import { RunHistory } from './run-history.js';
import { runJob } from './whatif-controller.js';
import { ALGORITHM_LABELS, LIMITS, validateWhatIf, type Algorithm, type FormField, type SourceKind, type WhatIfFormValues } from './whatif-form.js';

const SOURCES: readonly { kind: SourceKind; label: string; title: string }[] = [
  { kind: 'scenario', label: 'Scenario', title: 'A generated market from the agent-based simulator (seeded)' },
  { kind: 'sample', label: 'Real day', title: 'The bundled real trading day, replayed' },
  { kind: 'files', label: 'Files', title: 'Your own market-data files (up to 4)' },
];
const ALGOS: readonly Algorithm[] = ['twap', 'passive', 'market', 'agent'];
const ALGO_TITLES: Readonly<Record<Algorithm, string>> = {
  twap: 'Equal child orders at evenly spaced times over the horizon',
  passive: 'Rests at the touch and waits to be filled',
  market: 'Takes liquidity immediately',
  agent: 'A learned agent — the shipped one or the model chosen below: decides when and how hard to trade',
};

function Field({ label, htmlFor, error, field, hint, expanded, children }: { label: string; htmlFor?: string; error?: string; field: FormField | 'side' | 'algorithm' | 'impact'; hint?: ReactNode; expanded?: string | undefined; children: ReactNode }) {
  return (
    <div className={'wi-field' + (error ? ' has-error' : '')} data-field={field}>
      <label className="wi-label" htmlFor={htmlFor}>
        {label}
      </label>
      <div className="wi-control">
        {children}
        {hint && <div className="wi-hint muted">{hint}</div>}
        {expanded && !error && (
          <div className="wi-hint wi-expanded" data-testid={`expanded-${field}`} title="The value that will be sent">
            = {expanded}
          </div>
        )}
        {error && (
          <div className="wi-err" role="alert" data-testid={`err-${field}`}>
            {error}
          </div>
        )}
      </div>
    </div>
  );
}

/**
 * The setup form: source (scenario, real day or files), seed, and the parent order. Validates as
 * the user types (errors name the field and the limit); Enter runs, Escape resets; while running
 * it shows the job's progress with Cancel, and any engine error next to the Run button.
 */
export function SetupPanel({ controller }: { controller: Controller }) {
  const w = controller.whatif;
  const form = useStore(w.store, (s) => s.form);
  const scenarios = useStore(w.store, (s) => s.scenarios);
  const scenariosError = useStore(w.store, (s) => s.scenariosError);
  const running = useStore(w.store, (s) => s.running);
  const jobsBefore = useStore(w.store, (s) => s.jobsBefore);
  const error = useStore(w.store, (s) => s.error);
  const notice = useStore(w.store, (s) => s.notice);
  const uploading = useStore(w.store, (s) => s.uploading);
  const samples = useStore(controller.app, (s) => s.samples);
  const jobs = useStore(controller.app, (s) => s.jobs);
  const connected = useStore(controller.app, (s) => s.connection.status === 'open');
  const { errors, args, expanded } = useMemo(() => validateWhatIf(form), [form]);
  const job = running ? runJob(jobs, jobsBefore) : null;
  const fileInput = useRef<HTMLInputElement>(null);
  // The model picker's choice (saved, restored or the shipped default) is the agent's model.
  const onModel = useCallback((c: ModelChoice) => w.setForm({ agentModel: c.path ?? '' }), [w]);
  const native = typeof controller.api.pickFiles === 'function';
  const set = (patch: Partial<WhatIfFormValues>) => w.setForm(patch);
  const scenario = scenarios?.find((s) => s.name === form.scenario);
  const firstError = Object.values(errors)[0];

  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const tag = (e.target as HTMLElement).tagName;
    if (e.key === 'Enter' && tag !== 'BUTTON' && tag !== 'TEXTAREA') {
      e.preventDefault();
      if (args) void w.run();
      else (e.currentTarget.querySelector('[aria-invalid="true"]') as HTMLElement | null)?.focus();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      w.resetForm();
    }
  };

  const num = (field: FormField, value: string, onChange: (v: string) => void, extra: object = {}) => (
    <input
      id={`wi-${field}`}
      className="wi-input num"
      type="text"
      inputMode="decimal"
      autoComplete="off"
      spellCheck={false}
      value={value}
      aria-invalid={errors[field] ? true : undefined}
      onChange={(e) => onChange(e.target.value)}
      {...extra}
    />
  );

  return (
    <form className="panel wi-setup" aria-label="What-if setup" data-testid="whatif-setup" data-keys-own="" onKeyDown={onKeyDown} onSubmit={(e) => e.preventDefault()} noValidate>
      <header className="panel-head">
        <h2>Setup</h2>
        <span className="panel-sub">Enter runs · Esc resets</span>
      </header>
      <div className="wi-form">
        <div className="wi-section">Market path</div>
        <Field label="Source" field="source" error={errors.source}>
          <div className="seg wi-seg" role="radiogroup" aria-label="Source">
            {SOURCES.map((s) => (
              <button key={s.kind} type="button" role="radio" aria-checked={form.sourceKind === s.kind} className={'seg-btn' + (form.sourceKind === s.kind ? ' on' : '')} title={s.title} data-source={s.kind} onClick={() => set({ sourceKind: s.kind })}>
                {s.label}
              </button>
            ))}
          </div>
        </Field>
        {form.sourceKind === 'scenario' && (
          <>
            <Field label="Scenario" htmlFor="wi-scenario" field="source" hint={scenario?.description}>
              <select id="wi-scenario" className="wi-input" value={form.scenario} onChange={(e) => set({ scenario: e.target.value })} disabled={!scenarios || scenarios.length === 0} data-testid="wi-scenario">
                {!scenarios && <option value="">{scenariosError ? 'unavailable' : 'loading…'}</option>}
                {scenarios?.map((s) => (
                  <option key={s.name} value={s.name} title={s.description}>
                    {s.name}
                  </option>
                ))}
              </select>
            </Field>
            {scenariosError && (
              <div className="wi-inline-error">
                <ErrorNotice error={scenariosError} onDismiss={() => void w.loadScenarios(true)} />
              </div>
            )}
            <Field label="Duration" htmlFor="wi-durationSec" field="durationSec" error={errors.durationSec}>
              <span className="wi-unit">
                {num('durationSec', form.durationSec, (v) => set({ durationSec: v }), { inputMode: 'numeric', title: `Length of the generated path, ${LIMITS.durationMinSec} s to ${LIMITS.durationMaxSec.toLocaleString('en-US')} s` })}
                <span className="muted">s</span>
              </span>
            </Field>
          </>
        )}
        {form.sourceKind === 'sample' && (
          <Field label="Day" htmlFor="wi-sample" field="source">
            <select id="wi-sample" className="wi-input" value={form.sampleId} onChange={(e) => set({ sampleId: e.target.value })} data-testid="wi-sample">
              {(samples ?? []).length === 0 && <option value="">{samples ? 'no bundled samples' : 'loading…'}</option>}
              {(samples ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label} ({s.format})
                </option>
              ))}
            </select>
          </Field>
        )}
        {form.sourceKind === 'files' && (
          <Field label="Files" field="source" hint={form.files.length > 0 ? form.files.map((f) => f.name).join(', ') : 'LOBSTER, Databento MBO, Binance depth, Tardis or bars'}>
            <button type="button" className="btn" disabled={!connected || uploading} onClick={() => (native ? void w.pickFiles() : fileInput.current?.click())} data-testid="wi-upload">
              {uploading ? 'Uploading…' : form.files.length > 0 ? 'Replace files…' : 'Upload files…'}
            </button>
            <input
              ref={fileInput}
              type="file"
              multiple
              hidden
              onChange={(e) => {
                const files = [...(e.target.files ?? [])];
                e.target.value = '';
                void w.attachFiles(files);
              }}
            />
          </Field>
        )}
        <Field label="Seed" htmlFor="wi-seed" field="seed" error={errors.seed}>
          <span className="wi-row">
            {num('seed', form.seed, (v) => set({ seed: v }), { inputMode: 'numeric', title: `Whole number, 0 to ${LIMITS.seedMax.toLocaleString('en-US')}; the same seed gives the same path` })}
            <button type="button" className="btn btn-xs" onClick={() => w.newSeed()} title="Draw a new random seed" data-testid="wi-new-seed">
              New seed
            </button>
          </span>
        </Field>

        <div className="wi-section">Parent order</div>
        <Field label="Side" field="side">
          <div className="seg wi-seg wi-side" role="radiogroup" aria-label="Side">
            {(['buy', 'sell'] as const).map((side) => (
              <button key={side} type="button" role="radio" aria-checked={form.side === side} className={`seg-btn side-${side}` + (form.side === side ? ' on' : '')} data-side={side} onClick={() => set({ side })}>
                <b>{side === 'buy' ? 'B' : 'S'}</b> {side === 'buy' ? 'Buy' : 'Sell'}
              </button>
            ))}
          </div>
        </Field>
        <Field label="Quantity" htmlFor="wi-quantity" field="quantity" error={errors.quantity} expanded={expanded.quantity}>
          <input
            id="wi-quantity"
            className="wi-input num"
            type="text"
            autoComplete="off"
            spellCheck={false}
            value={form.quantity}
            aria-invalid={errors.quantity ? true : undefined}
            title={`Shares, 1 to ${LIMITS.quantityMax.toLocaleString('en-US')}; 1,500 or 1.5k`}
            onChange={(e) => set({ quantity: e.target.value })}
          />
        </Field>
        <Field label="Algorithm" field="algorithm">
          <div className="seg wi-seg" role="radiogroup" aria-label="Algorithm">
            {ALGOS.map((a) => (
              <button key={a} type="button" role="radio" aria-checked={form.algorithm === a} className={'seg-btn' + (form.algorithm === a ? ' on' : '')} title={ALGO_TITLES[a]} data-algo={a} onClick={() => set({ algorithm: a })}>
                {ALGORITHM_LABELS[a]}
              </button>
            ))}
          </div>
        </Field>
        {form.algorithm === 'agent' && (
          <Field label="Model" htmlFor="wi-agentModel" field="algorithm">
            <ModelPicker controller={controller} choiceKey="whatif" id="wi-agentModel" label="Agent model" onChoice={onModel} />
          </Field>
        )}
        <Field label="Start" htmlFor="wi-startSec" field="startSec" error={errors.startSec}>
          <span className="wi-unit">
            {num('startSec', form.startSec, (v) => set({ startSec: v }), { title: "Seconds from the path's start" })}
            <span className="muted">s from the path’s start</span>
          </span>
        </Field>
        <Field label="Horizon" htmlFor="wi-horizonSec" field="horizonSec" error={errors.horizonSec}>
          <span className="wi-unit">
            {num('horizonSec', form.horizonSec, (v) => set({ horizonSec: v }), { title: 'Seconds to work the order' })}
            <span className="muted">s</span>
          </span>
        </Field>
        <Field label="Slices" htmlFor="wi-slices" field="slices" error={form.algorithm === 'twap' ? errors.slices : undefined}>
          {num('slices', form.slices, (v) => set({ slices: v }), { inputMode: 'numeric', disabled: form.algorithm !== 'twap', title: form.algorithm === 'twap' ? `Child orders, 1 to ${LIMITS.slicesMax.toLocaleString('en-US')}` : 'TWAP only' })}
        </Field>
        <Field label="Impact" field="impact">
          <label className={'wi-check' + (form.sourceKind === 'scenario' ? ' is-disabled' : '')} title={form.sourceKind === 'scenario' ? 'Real days only: in a scenario the agents react to our orders themselves' : 'Move the replayed day’s prices with our trades (propagator model)'}>
            <input type="checkbox" checked={form.sourceKind !== 'scenario' && form.impact} disabled={form.sourceKind === 'scenario'} onChange={(e) => set({ impact: e.target.checked })} data-testid="wi-impact" />
            Price impact <span className="muted">· real days only</span>
          </label>
        </Field>
      </div>

      <div className="wi-runbar">
        <div className="wi-run-row">
          <button type="button" className="btn btn-primary" disabled={!args || running || !connected} onClick={() => void w.run()} title={firstError ?? (running ? 'A run is in progress' : 'Run with and without the order on the same seeded path (Enter)')} data-testid="wi-run">
            {running ? 'Running…' : 'Run'} <kbd>Enter</kbd>
          </button>
          <button type="button" className="btn" onClick={() => w.resetForm()} title="Order and seed back to the defaults (Esc)" data-testid="wi-reset">
            Reset <kbd>Esc</kbd>
          </button>
          {running && !job && <span className="muted">starting…</span>}
          {notice && !running && <span className="muted" data-testid="wi-notice">{notice}</span>}
        </div>
        {job && <JobProgressBar job={job} onCancel={() => void w.cancel(job.jobId)} />}
        {error && <ErrorNotice error={error} onDismiss={() => w.dismissError()} />}
      </div>
      <RunHistory whatif={w} />
    </form>
  );
}
