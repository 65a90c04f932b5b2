import { useEffect, useMemo, useState, type KeyboardEvent, type ReactNode } from 'react';
import { BACKTEST_STRATEGIES } from '../../../main/contract/backtest.js';
import type { Controller } from '../shell/controller.js';
import { Splitter } from '../shell/splitter.js';
import { useStore } from '../store/store.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { JobProgressBar } from '../ui/job-progress.js';
import { runJob } from '../whatif/whatif-controller.js';
import { TcaAgentRows } from './tca-agent-rows.js';
import { TcaCharts } from './tca-charts.js';
import { TcaDetailPanel } from './tca-detail.js';
import { paramFields, STRATEGY_LABELS, strategyLabel, TCA_LIMITS, toggleStrategy, validateTca, type TcaField, type TcaFormValues } from './tca-form.js';
import { isStale } from './tca-controller.js';
import { saveFile } from '../ui/save-file.js';
import { HeadlineGrid, OutcomesGrid } from './tca-grids.js';
import { runCaption, runNotes } from './tca-model.js';
import './tca.css';

const LEFT_PANEL = 'tca.left';
const LEFT_DEFAULT = 300;

function Field({ label, htmlFor, error, field, expanded, children }: { label: string; htmlFor?: string; error?: string; field: TcaField | 'side'; expanded?: string | undefined; children: ReactNode }) {
  return (
    <div className={'wi-field' + (error ? ' has-error' : '')} data-field={field}>
      <label className="wi-label" htmlFor={htmlFor}>
        {label}
      </label>
      <div className="wi-control">
        {children}
        {expanded && !error && (
          <div className="wi-hint wi-expanded" data-testid={`tca-expanded-${field}`} title="The value that will be sent">
            = {expanded}
          </div>
        )}
        {error && (
          <div className="wi-err" role="alert" data-testid={`tca-err-${field}`}>
            {error}
          </div>
        )}
      </div>
    </div>
  );
}

/** Setup: strategies, source, seeds, the parent order; validates as you type, Enter runs, Escape resets. */
function TcaSetup({ controller }: { controller: Controller }) {
  const t = controller.tca;
  const form = useStore(t.store, (s) => s.form);
  const running = useStore(t.store, (s) => s.running);
  const jobsBefore = useStore(t.store, (s) => s.jobsBefore);
  const error = useStore(t.store, (s) => s.error);
  const notice = useStore(t.store, (s) => s.notice);
  const scenarios = useStore(controller.whatif.store, (s) => s.scenarios);
  const samples = useStore(controller.app, (s) => s.samples);
  const jobs = useStore(controller.app, (s) => s.jobs);
  const connected = useStore(controller.app, (s) => s.connection.status === 'open');
  const { errors, args, expanded } = useMemo(() => validateTca(form), [form]);
  const params = paramFields(form.strategies);
  const job = running ? runJob(jobs, jobsBefore) : null;
  const set = (patch: Partial<TcaFormValues>) => t.setForm(patch);
  const firstError = Object.values(errors)[0];

  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const tag = (e.target as HTMLElement).tagName;
    if (e.key === 'Enter' && tag !== 'BUTTON' && tag !== 'TEXTAREA') {
      e.preventDefault();
      if (args) void t.run();
      else (e.currentTarget.querySelector('[aria-invalid="true"]') as HTMLElement | null)?.focus();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      t.resetForm();
    }
  };

  const num = (field: TcaField, value: string, onChange: (v: string) => void, title: string) => (
    <input
      id={`tca-${field}`}
      className="wi-input num"
      type="text"
      inputMode="decimal"
      autoComplete="off"
      spellCheck={false}
      value={value}
      title={title}
      aria-invalid={errors[field] ? true : undefined}
      onChange={(e) => onChange(e.target.value)}
    />
  );

  return (
    <form className="panel wi-setup tca-setup" aria-label="TCA setup" data-testid="tca-setup" data-keys-own="" onKeyDown={onKeyDown} onSubmit={(e) => e.preventDefault()} noValidate>
      <header className="panel-head">
        <h2>Backtest</h2>
        <span className="panel-sub">Enter runs · Esc resets</span>
      </header>
      <div className="wi-form">
        <div className="wi-section">Strategies</div>
        <Field label="Compare" field="strategies" error={errors.strategies}>
          <div className="tca-strats" role="group" aria-label="Strategies">
            {BACKTEST_STRATEGIES.map((s) => (
              <label key={s} className="wi-check tca-strat" data-strategy={s}>
                <input type="checkbox" checked={form.strategies.includes(s)} onChange={() => set({ strategies: toggleStrategy(form.strategies, s) })} />
                {STRATEGY_LABELS[s]}
                {s === 'twap' && <span className="muted"> · baseline</span>}
              </label>
            ))}
          </div>
        </Field>
        {form.strategies.includes('agent') && <TcaAgentRows controller={controller} error={errors.agents} />}

        <div className="wi-section">Market paths</div>
        <Field label="Source" field="source" error={errors.source}>
          <div className="seg wi-seg" role="radiogroup" aria-label="Source">
            {(['scenario', 'sample'] as const).map((k) => (
              <button key={k} type="button" role="radio" aria-checked={form.sourceKind === k} className={'seg-btn' + (form.sourceKind === k ? ' on' : '')} data-tca-source={k} onClick={() => set({ sourceKind: k })}>
                {k === 'scenario' ? 'Scenario' : 'Real day'}
              </button>
            ))}
          </div>
        </Field>
        {form.sourceKind === 'scenario' ? (
          <>
            <Field label="Scenario" htmlFor="tca-scenario" field="source">
              <select id="tca-scenario" className="wi-input" value={form.scenario} onChange={(e) => set({ scenario: e.target.value })} data-testid="tca-scenario">
                {!(scenarios ?? []).some((s) => s.name === form.scenario) && <option value={form.scenario}>{form.scenario || 'loading…'}</option>}
                {(scenarios ?? []).map((s) => (
                  <option key={s.name} value={s.name} title={s.description}>
                    {s.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="Duration" htmlFor="tca-durationSec" field="durationSec" error={errors.durationSec}>
              <span className="wi-unit">
                {num('durationSec', form.durationSec, (v) => set({ durationSec: v }), `Length of each generated path, ${TCA_LIMITS.durationMinSec} s to ${TCA_LIMITS.durationMaxSec.toLocaleString('en-US')} s`)}
                <span className="muted">s</span>
              </span>
            </Field>
          </>
        ) : (
          <Field label="Day" htmlFor="tca-sample" field="source">
            <select id="tca-sample" className="wi-input" value={form.sampleId} onChange={(e) => set({ sampleId: e.target.value })}>
              {(samples ?? []).length === 0 && <option value="">{samples ? 'no bundled samples' : 'loading…'}</option>}
              {(samples ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field label="Seeds" field="seedFrom" error={errors.seedFrom ?? errors.seedTo}>
          <span className="wi-row tca-seeds">
            {num('seedFrom', form.seedFrom, (v) => set({ seedFrom: v }), 'First seed (whole number)')}
            <span className="muted">to</span>
            {num('seedTo', form.seedTo, (v) => set({ seedTo: v }), `Last seed; at most ${TCA_LIMITS.maxPaths} paths`)}
          </span>
        </Field>

        <div className="wi-section">Parent order</div>
        <Field label="Side" field="side">
          <div className="seg wi-seg wi-side" role="radiogroup" aria-label="Side">
            {(['buy', 'sell'] as const).map((side) => (
              <button key={side} type="button" role="radio" aria-checked={form.side === side} className={`seg-btn side-${side}` + (form.side === side ? ' on' : '')} data-tca-side={side} onClick={() => set({ side })}>
                <b>{side === 'buy' ? 'B' : 'S'}</b> {side === 'buy' ? 'Buy' : 'Sell'}
              </button>
            ))}
          </div>
        </Field>
        <Field label="Quantity" htmlFor="tca-quantity" field="quantity" error={errors.quantity} expanded={expanded.quantity}>
          {num('quantity', form.quantity, (v) => set({ quantity: v }), `Shares, 1 to ${TCA_LIMITS.quantityMax.toLocaleString('en-US')}`)}
        </Field>
        {form.sourceKind === 'sample' && (
          <Field label="Start" field="startSec">
            <div className="seg wi-seg" role="radiogroup" aria-label="Start" data-testid="tca-start-mode">
              {(['drawn', 'fixed'] as const).map((m) => (
                <button
                  key={m}
                  type="button"
                  role="radio"
                  aria-checked={form.startMode === m}
                  className={'seg-btn' + (form.startMode === m ? ' on' : '')}
                  data-tca-start={m}
                  title={m === 'drawn' ? 'Each seed draws its own start across the day, so every seed is a different path (the default on a real day)' : 'Every seed starts at the same time: seeds then differ only by latency and may be copies of one path'}
                  onClick={() => set({ startMode: m })}
                >
                  {m === 'drawn' ? 'Drawn by seed' : 'Fixed at…'}
                </button>
              ))}
            </div>
          </Field>
        )}
        {(form.sourceKind === 'scenario' || form.startMode === 'fixed') && (
          <Field label={form.sourceKind === 'sample' ? 'Fixed at' : 'Start'} htmlFor="tca-startSec" field="startSec" error={errors.startSec}>
            <span className="wi-unit">
              {num('startSec', form.startSec, (v) => set({ startSec: v }), "Seconds from the path's start (leave a look-back for σ̂)")}
              <span className="muted">s from the path’s start</span>
            </span>
          </Field>
        )}
        <Field label="Horizon" htmlFor="tca-horizonSec" field="horizonSec" error={errors.horizonSec}>
          <span className="wi-unit">
            {num('horizonSec', form.horizonSec, (v) => set({ horizonSec: v }), 'Seconds to work the order')}
            <span className="muted">s</span>
          </span>
        </Field>

        {params.length > 0 && <div className="wi-section">Strategy parameters</div>}
        {params.includes('slices') && (
          <Field label="Slices" htmlFor="tca-slices" field="slices" error={errors.slices}>
            {num('slices', form.slices, (v) => set({ slices: v }), 'Child-order slices of TWAP, VWAP, Almgren-Chriss and adaptive IS, 1 to 1,000')}
          </Field>
        )}
        {params.includes('povPct') && (
          <Field label="POV rate" htmlFor="tca-povPct" field="povPct" error={errors.povPct}>
            <span className="wi-unit">
              {num('povPct', form.povPct, (v) => set({ povPct: v }), "POV's target share of market volume, above 0 % to 100 %")}
              <span className="muted">% of volume</span>
            </span>
          </Field>
        )}
        {params.includes('urgency') && (
          <Field label="AC urgency κT" htmlFor="tca-urgency" field="urgency" error={errors.urgency}>
            {num('urgency', form.urgency, (v) => set({ urgency: v }), 'Almgren-Chriss urgency κT, 0 (TWAP) to 20 (front-loaded)')}
          </Field>
        )}
        {params.includes('limitOffsetBps') && (
          <Field label="S&L limit" htmlFor="tca-limitOffsetBps" field="limitOffsetBps" error={errors.limitOffsetBps}>
            <span className="wi-unit">
              {num('limitOffsetBps', form.limitOffsetBps, (v) => set({ limitOffsetBps: v }), "Submit & leave's one limit order: bps from the mid at the start, + = more aggressive (a buy above the mid). Empty = no price (it cannot run)")}
              <span className="muted">bp from mid</span>
            </span>
          </Field>
        )}
      </div>
      <div className="wi-runbar">
        <div className="wi-run-row">
          <button type="button" className="btn btn-primary" disabled={!args || running || !connected} onClick={() => void t.run()} title={firstError ?? (running ? 'A backtest is in progress' : 'Run every strategy on the same seeded paths (Enter)')} data-testid="tca-run">
            {running ? 'Running…' : 'Run'} <kbd>Enter</kbd>
          </button>
          <button type="button" className="btn" onClick={() => t.resetForm()} title="Back to the defaults (Esc)" data-testid="tca-reset">
            Reset <kbd>Esc</kbd>
          </button>
          {running && !job && <span className="muted">starting…</span>}
          {notice && !running && <span className="muted" data-testid="tca-notice">{notice}</span>}
        </div>
        {job && <JobProgressBar job={job} onCancel={() => void t.cancel(job.jobId)} />}
        {error && <ErrorNotice error={error} onDismiss={() => t.dismissError()} />}
      </div>
    </form>
  );
}

/** A line of the run's facts: what ran, on what, its data hash, strategies that could not run, staleness and export. */
function RunStrip({ controller }: { controller: Controller }) {
  const t = controller.tca;
  const run = useStore(t.store, (s) => s.run);
  const form = useStore(t.store, (s) => s.form);
  const lastAttempt = useStore(t.store, (s) => s.lastAttempt);
  const exporting = useStore(t.store, (s) => s.exporting);
  const formArgs = useMemo(() => validateTca(form).args, [form]);
  if (!run) return <div className="panel tca-strip muted" data-testid="tca-strip-empty">No backtest yet — choose strategies, paths and parameters, then Run (Enter).</div>;
  const r = run.result;
  const stale = isStale(run, formArgs, lastAttempt);
  return (
    <div className={'panel tca-strip' + (stale ? ' is-stale' : '')} data-testid="tca-strip" data-stale={stale}>
      <div className="tca-strip-row">
        <span className="tca-caption">
          #{run.runNo} · {runCaption(r)}
        </span>
        <span className="muted">
          {r.paths} paths · {(r.elapsedMs / 1000).toFixed(1)} s · {r.pool}
        </span>
        <span className="muted mono" title={`Data hash ${r.dataHash}`}>
          #{r.dataHash.slice(0, 10)}
        </span>
        <span className="tca-export" role="group" aria-label="Export results">
          {(['csv', 'json', 'parquet'] as const).map((f) => (
            <button key={f} type="button" className="btn btn-xs" disabled={exporting !== null} data-testid={`tca-export-${f}`} title={`Save every parent order's results as ${f.toUpperCase()} (as slipstream backtest --out${f === 'parquet' ? ', in Parquet' : ''})`} onClick={() => void t.exportRun(f, saveFile)}>
              {exporting === f ? '…' : f.toUpperCase()}
            </button>
          ))}
        </span>
      </div>
      {stale && (
        <div className="tca-stale" role="status" data-testid="tca-stale">
          Stale: {lastAttempt === 'failed' ? 'the last Run failed, so' : lastAttempt === 'cancelled' ? 'the last Run was cancelled, so' : 'the setup has changed since this run;'} these results are run #{run.runNo}&apos;s. Run (Enter) to update.
        </div>
      )}
      {runNotes(r).map((n) => (
        <div key={n.kind} className={`tca-note tca-note-${n.kind}`} role="status" data-testid="tca-note" data-kind={n.kind} title={n.detail} data-detail={n.detail}>
          <b>{n.kind === 'paths' ? 'Copies of a path' : n.kind === 'vwap' ? 'VWAP = TWAP' : 'Partial fills'}</b> {n.text}
        </div>
      ))}
      {r.failed.map((f) => (
        <div key={f.strategy} className="tca-failed" role="alert" data-testid="tca-failed" data-strategy={f.strategy}>
          {strategyLabel(f.strategy, r.config.agents)} could not run: {f.message} The other strategies completed without it.
        </div>
      ))}
    </div>
  );
}

/**
 * TCA: strategies compared on identical seeded paths. Setup on the left; on the right the
 * headline table, the distribution / cost-risk / inventory charts and every parent order.
 * The last backtest lives in the controller, so it is still here after visiting other screens.
 */
export function TcaScreen({ controller }: { controller: Controller }) {
  const saved = useStore(controller.app, (s) => s.panels[LEFT_PANEL]);
  const connected = useStore(controller.app, (s) => s.connection.status === 'open');
  const theme = useStore(controller.app, (s) => s.theme);
  const run = useStore(controller.tca.store, (s) => s.run);
  const form = useStore(controller.tca.store, (s) => s.form);
  const lastAttempt = useStore(controller.tca.store, (s) => s.lastAttempt);
  const stale = useMemo(() => isStale(run, validateTca(form).args, lastAttempt), [run, form, lastAttempt]);
  const [left, setLeft] = useState(saved ?? LEFT_DEFAULT);
  useEffect(() => {
    if (saved !== undefined) setLeft(saved);
  }, [saved]);
  useEffect(() => {
    if (connected) void controller.whatif.loadScenarios();
  }, [controller, connected]);

  return (
    <div className="tca-screen" data-testid="tca-screen" style={{ gridTemplateColumns: `${left}px 5px minmax(0, 1fr)` }}>
      <TcaSetup controller={controller} />
      <Splitter size={left} min={260} max={480} label="Resize setup and results" onResize={setLeft} onCommit={(px) => controller.setPanelSize(LEFT_PANEL, px)} />
      <div className="tca-main" data-stale={stale}>
        <RunStrip controller={controller} />
        <HeadlineGrid controller={controller} result={run?.result ?? null} />
        <TcaCharts result={run?.result ?? null} theme={theme} />
        <OutcomesGrid controller={controller} result={run?.result ?? null} />
        <TcaDetailPanel controller={controller} />
      </div>
    </div>
  );
}
