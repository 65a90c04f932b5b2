import { useCallback, useEffect, useMemo, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { ORDER_ALGORITHMS, usesUrgency } from '../../../main/contract/orders.js';
import { formatSize } from '../format/numbers.js';
import type { Controller } from '../shell/controller.js';
import { useStore } from '../store/store.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { JobProgressBar } from '../ui/job-progress.js';
import { ModelPicker, type ModelChoice } from '../models/model-picker.js';
import { ALGORITHM_TITLES, DEFAULT_PRICE_GRID, issuesByField, validateTicket, type TicketField, type TicketFormValues } from './ticket-form.js';

function Field({ label, htmlFor, error, field, hint, expanded, children }: { label: string; htmlFor?: string; error?: string | undefined; field: string; hint?: ReactNode; expanded?: string | undefined; children: ReactNode }) {
  return (
    <div className={'wi-field' + (error ? ' has-error' : '')} data-field={field}>
      <label className="wi-label" htmlFor={htmlFor}>
        {label}
      </label>
      <div className="wi-control">
        {children}
        {hint && <div className="wi-hint muted">{hint}</div>}
        {expanded && !error && (
          <div className="wi-hint wi-expanded" data-testid={`ot-expanded-${field}`} title="The value that will be sent">
            = {expanded}
          </div>
        )}
        {error && (
          <div className="wi-err" role="alert" data-testid={`ot-err-${field}`}>
            {error}
          </div>
        )}
      </div>
    </div>
  );
}

/** Fields an amendment may change (the rest of the ticket is locked while amending). */
const AMENDABLE: readonly TicketField[] = ['quantity', 'limitPrice', 'horizonSec', 'maxParticipation'];

/** The instruments the ticket can trade: the simulated SIM (generated scenarios) and each recorded day's instrument. */
export function instrumentChoices(samples: readonly { id: string; label: string }[]): { value: string; label: string }[] {
  return [{ value: 'scenario', label: 'SIM · simulated' }, ...samples.map((x) => ({ value: `sample:${x.id}`, label: `${x.label.split(' ')[0]} · ${x.label.split(' ')[1] ?? 'recorded'}` }))];
}

/** The venue the chosen instrument trades on in this build (the previewed instrument's, once known). */
function venueOf(form: TicketFormValues, previewVenue: string | null, samples: readonly { id: string; label: string; format: string }[]): { id: string; label: string } {
  if (form.sourceKind === 'scenario') return { id: 'ABM', label: 'ABM · simulated' };
  const v = previewVenue ?? (samples.find((x) => x.id === form.sampleId)?.format === 'lobster' ? 'NASDAQ' : '—');
  return { id: v, label: `${v} · replay` };
}

/**
 * The order ticket: market path, then the parent order. Validates as the user types (messages
 * name the field and the limit, the engine's risk checks included once previewed); Enter
 * submits (a large order asks to confirm, Enter again sends), Escape resets or backs out.
 */
export function TicketPanel({ controller }: { controller: Controller }) {
  const t = controller.ticket;
  const form = useStore(t.store, (s) => s.form);
  const scenarios = useStore(t.store, (s) => s.scenarios);
  const preview = useStore(t.store, (s) => s.preview);
  const previewKey = useStore(t.store, (s) => s.previewKey);
  const confirming = useStore(t.store, (s) => s.confirming);
  const submitting = useStore(t.store, (s) => s.submitting);
  const active = useStore(t.store, (s) => s.active);
  const submitError = useStore(t.store, (s) => s.submitError);
  const notice = useStore(t.store, (s) => s.notice);
  const amending = useStore(t.store, (s) => s.amending);
  const confirmCancel = useStore(t.store, (s) => s.confirmCancel);
  const locked = amending !== null;
  const samples = useStore(controller.app, (s) => s.samples);
  const jobs = useStore(controller.app, (s) => s.jobs);
  const connected = useStore(controller.app, (s) => s.connection.status === 'open');
  const grid = preview?.instrument ?? DEFAULT_PRICE_GRID;
  const limits = preview?.limits;
  const { errors: localErrors, expanded, ticket } = useMemo(() => validateTicket(form, grid, limits), [form, grid, limits]);
  // Engine issues (notional, price band, unknown scenario) count only for the ticket they answer.
  const fresh = ticket !== null && previewKey === JSON.stringify(ticket);
  const errors: Partial<Record<TicketField, string>> = fresh && preview ? { ...issuesByField(preview.issues), ...localErrors } : localErrors;
  const sendable = ticket !== null && Object.keys(errors).length === 0;
  const job = active ? (jobs[active.jobId] ?? null) : null;
  const set = (patch: Partial<TicketFormValues>) => t.setForm(patch);
  // The model picker's choice (saved, restored or the shipped default) becomes the ticket's model.
  const onModel = useCallback((c: ModelChoice) => t.setForm({ agentModel: c.path ?? '', agentName: c.name }), [t]);
  const submitRef = useRef<HTMLButtonElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  // The keyboard follows the action: a cancel to confirm focuses its button (Enter confirms, Esc backs
  // out); an amendment focuses the quantity.
  useEffect(() => {
    if (confirmCancel) submitRef.current?.focus();
  }, [confirmCancel]);
  useEffect(() => {
    if (amending) formRef.current?.querySelector<HTMLInputElement>('#ot-quantity')?.focus();
  }, [amending]);
  const venue = venueOf(form, fresh ? (preview?.instrument?.venue ?? null) : null, samples ?? []);

  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const tag = (e.target as HTMLElement).tagName;
    if (e.key === 'Enter' && tag !== 'BUTTON' && tag !== 'TEXTAREA') {
      e.preventDefault();
      if (sendable || confirmCancel) void t.submit(confirming);
      else (e.currentTarget.querySelector('[aria-invalid="true"]') as HTMLElement | null)?.focus();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      t.escape();
    }
  };

  const num = (field: TicketField, value: string, onChange: (v: string) => void, extra: object = {}) => (
    <input
      id={`ot-${field}`}
      className="wi-input num"
      type="text"
      inputMode="decimal"
      autoComplete="off"
      spellCheck={false}
      value={value}
      aria-invalid={errors[field] ? true : undefined}
      onChange={(e) => onChange(e.target.value)}
      disabled={locked && !AMENDABLE.includes(field)}
      {...extra}
    />
  );
  const qty = ticket?.quantity ?? NaN;

  return (
    <form ref={formRef} className="panel wi-setup ot-ticket" aria-label="Order ticket" data-testid="ticket-form" data-keys-own="" onKeyDown={onKeyDown} onSubmit={(e) => e.preventDefault()} noValidate>
      <header className="panel-head">
        <h2>{amending ? `Amend ${amending.parentId}` : 'Order ticket'}</h2>
        <span className="panel-sub">Enter submits · Esc resets</span>
      </header>
      <div className="wi-form">
        <div className="wi-section">Market path</div>
        <Field label="Instrument" htmlFor="ot-instrument" field="source" error={errors.source}>
          <select
            id="ot-instrument"
            className="wi-input"
            disabled={locked}
            value={form.sourceKind === 'scenario' ? 'scenario' : `sample:${form.sampleId}`}
            onChange={(e) => (e.target.value === 'scenario' ? set({ sourceKind: 'scenario' }) : set({ sourceKind: 'sample', sampleId: e.target.value.slice('sample:'.length) }))}
            title="What to trade: the simulated SIM on a generated market, or a recorded day's instrument on its replayed book"
          >
            {instrumentChoices(samples ?? []).map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Venue" htmlFor="ot-venue" field="venue">
          <select id="ot-venue" className="wi-input" disabled={locked} value={venue.id} onChange={() => undefined} title="Where the child orders go; in this build each instrument trades on one venue" data-testid="ot-venue">
            <option value={venue.id}>{venue.label}</option>
          </select>
        </Field>
        {form.sourceKind === 'scenario' ? (
          <>
            <Field label="Scenario" htmlFor="ot-scenario" field="scenario">
              <select id="ot-scenario" className="wi-input" value={form.scenario} onChange={(e) => set({ scenario: e.target.value })} disabled={locked || !scenarios || scenarios.length === 0}>
                {!scenarios && <option value={form.scenario}>loading…</option>}
                {scenarios?.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="Duration" htmlFor="ot-durationSec" field="durationSec" error={errors.durationSec} expanded={expanded.durationSec}>
              <span className="wi-unit">
                {num('durationSec', form.durationSec, (v) => set({ durationSec: v }), { inputMode: 'numeric', title: 'Length of the generated path, 10 s to 23,400 s' })}
                <span className="muted">s</span>
              </span>
            </Field>
          </>
        ) : (
          <Field label="Day" field="sample">
            <span className="wi-static" data-testid="ot-day">{(samples ?? []).find((x) => x.id === form.sampleId)?.label ?? '—'}</span>
          </Field>
        )}
        <Field label="Seed" htmlFor="ot-seed" field="seed" error={errors.seed} expanded={expanded.seed}>
          {num('seed', form.seed, (v) => set({ seed: v }), { inputMode: 'numeric', title: 'The same seed gives the same path' })}
        </Field>

        <div className="wi-section">Parent order</div>
        <Field label="Side" field="side">
          <div className="seg wi-seg wi-side" role="radiogroup" aria-label="Side">
            {(['buy', 'sell'] as const).map((side) => (
              <button key={side} type="button" role="radio" aria-checked={form.side === side} className={`seg-btn side-${side}` + (form.side === side ? ' on' : '')} data-ot-side={side} disabled={locked} onClick={() => set({ side })}>
                <b>{side === 'buy' ? 'B' : 'S'}</b> {side === 'buy' ? 'Buy' : 'Sell'}
              </button>
            ))}
          </div>
        </Field>
        <Field label="Quantity" htmlFor="ot-quantity" field="quantity" error={errors.quantity} expanded={expanded.quantity}>
          {num('quantity', form.quantity, (v) => set({ quantity: v }), { inputMode: 'text', title: 'Shares; 1,500 or 1.5k; at most the max order quantity (Risk settings)' })}
        </Field>
        <Field label="Algorithm" htmlFor="ot-algorithm" field="algorithm" hint={ALGORITHM_TITLES[form.algorithm]}>
          <select id="ot-algorithm" className="wi-input" disabled={locked} value={form.algorithm} onChange={(e) => set({ algorithm: e.target.value as TicketFormValues['algorithm'] })}>
            {ORDER_ALGORITHMS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </Field>
        {form.algorithm === 'agent' && (
          <Field label="Model" htmlFor="ot-agentModel" field="agentModel" error={errors.agentModel}>
            {/* A working parent keeps its model: locked while amending, like the other fields an amendment cannot change. */}
            <ModelPicker controller={controller} choiceKey="ticket" id="ot-agentModel" label="Agent model" onChoice={onModel} disabled={locked} />
          </Field>
        )}
        <Field label="Start" htmlFor="ot-startSec" field="startSec" error={errors.startSec} expanded={expanded.startSec}>
          <span className="wi-unit">
            {num('startSec', form.startSec, (v) => set({ startSec: v }))}
            <span className="muted" title="Seconds from the path's start">s from start</span>
          </span>
        </Field>
        <Field label="Horizon" htmlFor="ot-horizonSec" field="horizonSec" error={errors.horizonSec} expanded={expanded.horizonSec}>
          <span className="wi-unit">
            {num('horizonSec', form.horizonSec, (v) => set({ horizonSec: v }))}
            <span className="muted">s</span>
          </span>
        </Field>
        <Field label="Limit" htmlFor="ot-limitPrice" field="limitPrice" error={errors.limitPrice} expanded={expanded.limitPrice}>
          {num('limitPrice', form.limitPrice, (v) => set({ limitPrice: v }), { placeholder: 'none (market)', title: 'Buy: never pay more; sell: never receive less. Empty = no limit' })}
        </Field>
        <Field label="Urgency κT" htmlFor="ot-urgency" field="urgency" error={errors.urgency} expanded={expanded.urgency}>
          {num('urgency', form.urgency, (v) => set({ urgency: v }), { disabled: !usesUrgency(form.algorithm), title: usesUrgency(form.algorithm) ? 'Almgren-Chriss urgency, 0 (TWAP) to 20 (front-loaded)' : 'Almgren-Chriss algorithms only' })}
        </Field>
        <Field label="Max part." htmlFor="ot-maxParticipation" field="maxParticipation" error={errors.maxParticipation} expanded={expanded.maxParticipation}>
          {num('maxParticipation', form.maxParticipation, (v) => set({ maxParticipation: v }), { title: 'Our share of market volume, above 0 to 1 (1 = no cap)' })}
        </Field>
        {form.algorithm === 'pov' && (
          <Field label="POV rate" htmlFor="ot-povRate" field="povRate" error={errors.povRate} expanded={expanded.povRate}>
            {num('povRate', form.povRate, (v) => set({ povRate: v }), { title: 'Target share of market volume, above 0 to 1' })}
          </Field>
        )}
      </div>

      <div className="wi-runbar">
        {amending && (
          <div className="ot-amending" data-testid="ot-amending">
            Amending <b className="mono">{amending.parentId}</b>: quantity, limit, horizon and max participation. <kbd>Enter</kbd> sends · <kbd>Esc</kbd> backs out
          </div>
        )}
        {confirmCancel && (
          <div className="ot-confirm" role="alertdialog" aria-label="Confirm cancel" data-testid="ot-confirm-cancel">
            Cancel <b className="mono">{confirmCancel}</b> and its working child orders? <kbd>Enter</kbd> cancels it · <kbd>Esc</kbd> goes back
          </div>
        )}
        {confirming && (
          <div className="ot-confirm" role="alertdialog" aria-label="Confirm large order" data-testid="ot-confirm">
            Send a large order: {form.side === 'buy' ? 'B Buy' : 'S Sell'} {formatSize(qty)}{form.algorithm === 'agent' ? ` with the agent ${form.agentName}` : ''}? <kbd>Enter</kbd> sends · <kbd>Esc</kbd> goes back
          </div>
        )}
        <div className="wi-run-row">
          <button
            ref={submitRef}
            type="button"
            className="btn btn-primary"
            disabled={confirmCancel ? !connected : !sendable || submitting || (active !== null && !amending) || !connected}
            onClick={() => void t.submit(confirming)}
            title={confirmCancel ? `Cancel ${confirmCancel} (Enter)` : (Object.values(errors)[0] ?? (amending ? `Send the amendment of ${amending.parentId} (Enter)` : 'Send the parent order (Enter)'))}
            data-testid="ot-submit"
          >
            {confirmCancel ? 'Cancel parent' : confirming ? 'Confirm' : submitting ? 'Sending…' : amending ? 'Amend' : 'Submit'} <kbd>Enter</kbd>
          </button>
          <button type="button" className="btn" onClick={() => t.escape()} title={amending ? 'Leave the amendment (Esc)' : 'Order fields back to the defaults (Esc)'} data-testid="ot-reset">
            {confirming || confirmCancel || amending ? 'Back' : 'Reset'} <kbd>Esc</kbd>
          </button>
          {notice && <span className="muted" data-testid="ot-notice">{notice}</span>}
        </div>
        {active && job && <JobProgressBar job={job} onCancel={() => void t.cancel()} />}

        {active && !job && <span className="muted">working {active.parentId}…</span>}
        {submitError && <ErrorNotice error={submitError} onDismiss={() => t.dismissErrors()} />}
      </div>
    </form>
  );
}
