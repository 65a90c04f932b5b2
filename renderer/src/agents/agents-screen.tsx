import { useCallback, useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import type { Controller } from '../shell/controller.js';
import { useStore } from '../store/store.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { formatSize } from '../format/numbers.js';
import { ChildGrid, FillGrid } from './agent-grids.js';
import { ModelPicker, type ModelChoice } from '../models/model-picker.js';
import { modelPickerFor } from '../models/model-picker-controller.js';
import { pickerOptions } from '../models/model-picker-model.js';
import { AGENT_ALGORITHMS, AGENTS_MODEL_CHOICE, fixSessionOf, modelLine, modelTitle, readAgentForm, readFixForm, type AgentVenue, type Supervised } from './agents-model.js';
import type { AgentsController } from './agents-controller.js';
import { DecisionsPanel, ProgressPanel } from './parent-detail.js';
import { FixPanel } from './fix-panel.js';
import './agents.css';
import './fix-panel.css';

const STATE_TONE = { working: 'working', paused: 'partial', draining: 'inactive', ended: 'inactive' } as const;
const STATE_WORD = { working: 'Working', paused: 'Paused', draining: 'Ending…', ended: 'Ended' } as const;

function ParentCard({ p, selected, busy, agents, known }: { p: Supervised; selected: boolean; busy: boolean; agents: AgentsController; known: ReadonlyMap<string, string> }) {
  const live = p.state === 'working' || p.state === 'paused';
  return (
    <li className={'ag-parent' + (selected ? ' is-selected' : '')} data-testid="ag-parent" data-parent={p.parentId} data-state={p.state} data-algorithm={p.algorithm}>
      <button type="button" className="ag-parent-pick" aria-pressed={selected} onClick={() => agents.select(p.parentId)}>
        <span className="mono">{p.parentId}</span>
        <span className={`side-tag side-${p.side}`}>{p.side === 'buy' ? 'B Buy' : 'S Sell'}</span>
        <span className="num">{formatSize(p.quantity, p.sizeDecimals)}</span>
        <span>{p.algorithm.toUpperCase()}{p.startedWith !== p.algorithm ? ` (was ${p.startedWith})` : ''}</span>
        {p.sessionId !== null && <span className="ag-venue-tag" title={p.venue} data-testid="ag-parent-fix">FIX</span>}
        <span className={`status-chip tone-${STATE_TONE[p.state]}`}>{STATE_WORD[p.state]}</span>
      </button>
      {p.model && <div className="ag-model-tag mono" title={modelTitle(p, known)} data-testid="ag-parent-model">Model {modelLine(p, known)}</div>}
      <div className="ag-mini-bar" aria-hidden="true">
        <span style={{ width: `${Math.min(100, (p.filled / Math.max(1, p.quantity)) * 100)}%` }} />
        <i style={{ left: `${p.elapsedFraction * 100}%` }} />
      </div>
      {p.alerts.length > 0 && <span className="ag-alert-dot" title={p.alerts.map((a) => a.message).join('\n')}>⚠</span>}
      {live && (
        <div className="ag-actions" role="group" aria-label={`Control ${p.parentId}`}>
          {p.state === 'paused' ? (
            <button type="button" className="btn btn-xs" disabled={busy} data-testid="ag-resume" onClick={() => void agents.resume(p.parentId)}>Resume</button>
          ) : (
            <button type="button" className="btn btn-xs" disabled={busy} data-testid="ag-pause" onClick={() => void agents.pause(p.parentId)}>Pause</button>
          )}
          <button type="button" className="btn btn-xs" disabled={busy || p.algorithm === 'twap'} data-testid="ag-fallback" title="Cancel the working children and work the rest with TWAP over the rest of the horizon" onClick={() => void agents.fallback(p.parentId)}>Rest to TWAP</button>
          <button type="button" className="btn btn-xs btn-danger" disabled={busy} data-testid="ag-kill" onClick={() => agents.requestKill(p.parentId)}>Kill…</button>
        </div>
      )}
    </li>
  );
}

/** Kill confirmation: focus starts on Kill so Enter confirms; Escape backs out. */
function KillConfirm({ agents, id }: { agents: AgentsController; id: string }) {
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => ref.current?.focus(), [id]);
  return (
    <div className="ag-confirm" role="alertdialog" aria-label="Kill parent order" data-testid="ag-confirm"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          agents.cancelKill();
        }
      }}
    >
      <p>Kill <b className="mono">{id}</b>? No new child orders; its working children are cancelled.</p>
      <button type="button" ref={ref} className="btn btn-danger" data-testid="ag-confirm-kill" onClick={() => void agents.confirmKill()}>Kill <kbd>Enter</kbd></button>
      <button type="button" className="btn" onClick={() => agents.cancelKill()}>Back <kbd>Esc</kbd></button>
    </div>
  );
}

/**
 * Agents (Ctrl+4): run an agent or algorithm on a parent order against a venue (the simulated
 * market, or a logged-on FIX session: paper or live, priced from its FIX market data), several
 * at once, all supervised alike; pause, resume, hand the rest to TWAP, kill (confirmed); the selected parent's
 * progress against its schedule, shortfall estimate, alerts, the agent's latest decisions, child
 * orders and fills (ag-grid, by transaction); the FIX sessions' state.
 */
export function AgentsScreen({ controller }: { controller: Controller }) {
  const agents = controller.agents;
  const form = useStore(agents.store, (s) => s.form);
  const scenarios = useStore(agents.store, (s) => s.scenarios);
  const parents = useStore(agents.store, (s) => s.parents);
  const selected = useStore(agents.store, (s) => s.selected);
  const confirm = useStore(agents.store, (s) => s.confirmKill);
  const starting = useStore(agents.store, (s) => s.starting);
  const busy = useStore(agents.store, (s) => s.busy);
  const error = useStore(agents.store, (s) => s.error);
  useEffect(() => {
    agents.open();
    return () => agents.close();
  }, [agents]);
  const sessions = useStore(agents.store, (s) => s.sessions);
  const fixId = fixSessionOf(form.venue);
  const session = fixId !== null ? sessions.find((x) => x.sessionId === fixId) ?? null : null;
  const errors: Partial<Record<string, string>> = fixId !== null ? readFixForm(form, fixId, session?.priceDecimals ?? 2).errors : readAgentForm(form).errors;
  const loggedOn = sessions.filter((x) => x.state === 'logged-on');
  const sel = parents.find((p) => p.parentId === selected) ?? null;
  // A FIX parent's times are on its session's wall-driven clock, which starts at the logon.
  const clockWord = sel?.sessionId ? 'session clock' : 'path clock';
  const clockTitle = sel?.sessionId ? 'Wall time since the FIX session logged on' : "Time on the simulated path's clock (from the path's start)";
  // The models' names as the pickers know them (the registry's, and folders chosen under their own name).
  const registry = useStore(controller.models.store, (s) => s.models);
  const chosen = useStore(modelPickerFor(controller).store, (s) => s.chosen);
  const known = useMemo(() => new Map(pickerOptions(registry, chosen).map((o) => [o.path, o.name])), [registry, chosen]);
  const onModel = useCallback((c: ModelChoice) => agents.setForm({ agentModel: c.path ?? '', agentName: c.name }), [agents]);
  // The engine's refusal of the agent's model (its loader names the manifest field) is shown at the picker.
  const modelError = error !== null && /(^|\.)agentModel$/.test(error.info.field ?? '') ? error : null;
  const onKey = (ev: KeyboardEvent<HTMLFormElement>) => {
    if (ev.key === 'Escape') (ev.target as HTMLElement).blur?.();
  };
  return (
    <div className="agents-screen" data-testid="agents-screen">
      <div className="ag-left">
        <section className="panel ag-setup" aria-label="Run an agent">
          <header className="panel-head"><h2>Run</h2><span className="panel-sub">parent order · risk gate · Enter starts</span></header>
          <form className="ag-form" onKeyDown={onKey} onSubmit={(e) => {
            e.preventDefault();
            void agents.start();
          }}>
            <label htmlFor="ag-algorithm">Strategy</label>
            <select id="ag-algorithm" className="wi-input" value={form.algorithm} onChange={(e) => agents.setForm({ algorithm: e.target.value as typeof form.algorithm })}>
              {AGENT_ALGORITHMS.map((a) => <option key={a.id} value={a.id}>{a.label}</option>)}
            </select>
            {form.algorithm === 'agent' && (
              <>
                <label htmlFor="ag-agentModel">Model</label>
                <ModelPicker controller={controller} choiceKey={AGENTS_MODEL_CHOICE} id="ag-agentModel" label="Agent model" onChoice={onModel} disabled={starting} />
                {modelError && <div className="ag-err ag-model-err" data-testid="ag-err-agentModel"><ErrorNotice error={modelError} onDismiss={() => agents.dismissError()} /></div>}
              </>
            )}
            <label htmlFor="ag-venue">Venue</label>
            <select id="ag-venue" className="wi-input" data-testid="ag-venue" value={form.venue} onChange={(e) => agents.setForm({ venue: e.target.value as AgentVenue })}>
              <option value="sim">Simulated (agent-based market)</option>
              {loggedOn.map((x) => <option key={x.sessionId} value={`fix:${x.sessionId}`}>FIX: {x.name} ({x.senderCompId}→{x.targetCompId}, {x.symbol})</option>)}
              {loggedOn.length === 0 && <option value="paper" disabled>Paper / Live (FIX): connect a session below first</option>}
            </select>
            {fixId === null ? (
              <>
                <label htmlFor="ag-scenario">Scenario</label>
                <select id="ag-scenario" className="wi-input" value={form.scenario} onChange={(e) => agents.setForm({ scenario: e.target.value })}>
                  {scenarios.map((s) => <option key={s} value={s}>{s}</option>)}
                </select>
              </>
            ) : (
              <>
                <label htmlFor="ag-md">Market data</label>
                <select id="ag-md" className="wi-input" data-testid="ag-md" value={form.md} onChange={(e) => agents.setForm({ md: e.target.value as 'fix' | 'none' })}>
                  <option value="fix">FIX market data from {session?.targetCompId ?? 'the venue'}</option>
                  <option value="none">None (TWAP of market orders only)</option>
                </select>
                {errors.md && <span className="ag-err" data-testid="ag-err-md">{errors.md}</span>}
              </>
            )}
            <label htmlFor="ag-side">Side</label>
            <select id="ag-side" className="wi-input" value={form.side} onChange={(e) => agents.setForm({ side: e.target.value as 'buy' | 'sell' })}>
              <option value="buy">B Buy</option>
              <option value="sell">S Sell</option>
            </select>
            <label htmlFor="ag-quantity">Quantity</label>
            <input id="ag-quantity" className="wi-input num" value={form.quantity} autoComplete="off" spellCheck={false} aria-invalid={errors.quantity ? true : undefined} onChange={(e) => agents.setForm({ quantity: e.target.value })} />
            {errors.quantity && <span className="ag-err" data-testid="ag-err-quantity">{errors.quantity}</span>}
            <label htmlFor="ag-horizon">Horizon (s)</label>
            <input id="ag-horizon" className="wi-input num" value={form.horizonSec} autoComplete="off" spellCheck={false} aria-invalid={errors.horizonSec ? true : undefined} onChange={(e) => agents.setForm({ horizonSec: e.target.value })} />
            {errors.horizonSec && <span className="ag-err" data-testid="ag-err-horizon">{errors.horizonSec}</span>}
            {fixId === null ? (
              <>
                <label htmlFor="ag-seed">Seed</label>
                <input id="ag-seed" className="wi-input num" value={form.seed} autoComplete="off" spellCheck={false} aria-invalid={errors.seed ? true : undefined} onChange={(e) => agents.setForm({ seed: e.target.value })} />
                {errors.seed && <span className="ag-err">{errors.seed}</span>}
              </>
            ) : form.md === 'none' ? (
              <>
                <label htmlFor="ag-ref" title="The pre-trade gate checks market orders against it until the first fill">Ref price</label>
                <input id="ag-ref" className="wi-input num" data-testid="ag-ref" value={form.refPrice} autoComplete="off" spellCheck={false} aria-invalid={errors.refPrice ? true : undefined} onChange={(e) => agents.setForm({ refPrice: e.target.value })} />
                {errors.refPrice && <span className="ag-err">{errors.refPrice}</span>}
              </>
            ) : form.algorithm === 'almgren-chriss' ? (
              <>
                <label htmlFor="ag-ac-sigma" title="σ in price units per √s and η in price units per share/s">AC σ, η</label>
                <span className="ag-pair">
                  <input id="ag-ac-sigma" className="wi-input num" aria-label="AC sigma" value={form.acSigma} onChange={(e) => agents.setForm({ acSigma: e.target.value })} />
                  <input className="wi-input num" aria-label="AC eta" value={form.acEta} onChange={(e) => agents.setForm({ acEta: e.target.value })} />
                </span>
                {errors.ac && <span className="ag-err">{errors.ac}</span>}
              </>
            ) : (
              <>
                <label htmlFor="ag-slices">Slices</label>
                <input id="ag-slices" className="wi-input num" data-testid="ag-slices" value={form.slices} autoComplete="off" spellCheck={false} aria-invalid={errors.slices ? true : undefined} onChange={(e) => agents.setForm({ slices: e.target.value })} />
                {errors.slices && <span className="ag-err">{errors.slices}</span>}
              </>
            )}
            <div className="ag-form-actions">
              <button type="submit" className="btn btn-primary" data-testid="ag-start" disabled={starting || Object.keys(errors).length > 0}>{starting ? 'Starting…' : 'Start'} <kbd>Enter</kbd></button>
            </div>
          </form>
          {error && !modelError && <ErrorNotice error={error} onDismiss={() => agents.dismissError()} />}
        </section>
        <section className="panel ag-parents" aria-label="Supervised parent orders">
          <header className="panel-head"><h2>Parents</h2><span className="panel-sub">this engine session · every screen's orders</span></header>
          {confirm && <KillConfirm agents={agents} id={confirm} />}
          {parents.length === 0 ? (
            <div className="ag-empty muted" data-testid="ag-parents-empty">No parent orders yet: fill in the form and press Start (or submit one on the Order ticket).</div>
          ) : (
            <ul className="ag-parent-list">
              {parents.map((p) => <ParentCard key={p.parentId} p={p} selected={p.parentId === selected} busy={busy.includes(p.parentId)} agents={agents} known={known} />)}
            </ul>
          )}
        </section>
        <section className="panel ag-fix" aria-label="FIX sessions">
          <header className="panel-head"><h2>FIX sessions</h2></header>
          <FixPanel controller={controller} />
        </section>
      </div>
      <div className="ag-right">
        <section className="panel ag-detail" aria-label="Selected parent">
          <header className="panel-head"><h2>{sel ? `${sel.parentId} · ${sel.algorithm.toUpperCase()}` : 'Progress'}</h2><span className="panel-sub" title={sel?.venue}>{sel ? `${sel.venue} · ` : ''}vs linear schedule · bp, + = cost</span></header>
          {sel ? <ProgressPanel p={sel} known={known} session={sel.sessionId !== null ? (sessions.find((x) => x.sessionId === sel.sessionId) ?? null) : null} /> : <div className="ag-empty muted">Start or pick a parent order.</div>}
        </section>
        <section className="panel ag-why" aria-label="Agent decisions">
          <header className="panel-head"><h2>Why the agent acted</h2><span className="panel-sub">latest decisions, newest first</span></header>
          {sel ? <DecisionsPanel p={sel} /> : <div className="ag-empty muted">—</div>}
        </section>
        <section className="panel ag-children" aria-label="Child orders">
          <header className="panel-head"><h2>Child orders</h2><span className="panel-sub" title={clockTitle}>{clockWord}</span></header>
          <ChildGrid controller={controller} parent={sel} />
        </section>
        <section className="panel ag-fills" aria-label="Fills">
          <header className="panel-head"><h2>Fills</h2><span className="panel-sub" title={clockTitle}>{clockWord}</span></header>
          <FillGrid controller={controller} parent={sel} />
        </section>
      </div>
    </div>
  );
}
