import type { SlipstreamApi } from '../../../main/contract/client-api.js';
import type { OrderPreview, OrderTicketParsed, ParentOrderRecord, PriceGrid, TicketLimits } from '../../../main/contract/orders.js';
import { toEngineError } from '../client/engine-error.js';
import type { AppState, AreaError } from '../store/app-state.js';
import { createStore, type Store } from '../store/store.js';
import { groupThousands, tickDecimals } from '../format/numbers.js';
import { amendmentOf, DEFAULT_PRICE_GRID, DEFAULT_TICKET_FORM, LARGE_ORDER_FRACTION, resetTicketForm, ticketKey, validateTicket, type TicketFormValues } from './ticket-form.js';

/** The Order ticket's state. Survives screen changes. */
export interface TicketState {
  readonly form: TicketFormValues;
  readonly scenarios: readonly string[] | null;
  readonly preview: OrderPreview | null;
  /** The ticket the preview answers (its key). */
  readonly previewKey: string | null;
  readonly previewing: boolean;
  readonly previewError: AreaError | null;
  /** Waiting for the trader to confirm a large order. */
  readonly confirming: boolean;
  readonly submitting: boolean;
  /** The parent being worked now and its job. */
  readonly active: { readonly parentId: string; readonly jobId: string } | null;
  readonly parents: readonly ParentOrderRecord[];
  readonly listError: AreaError | null;
  readonly submitError: AreaError | null;
  readonly selected: string | null;
  readonly notice: string | null;
  /** The working parent being amended: the form holds its ticket and Enter sends `orders.amend`. */
  readonly amending: { readonly parentId: string; readonly before: TicketFormValues; readonly original: OrderTicketParsed } | null;
  /** A parent waiting for the trader to confirm its cancel (Enter confirms, Esc backs out). */
  readonly confirmCancel: string | null;
}

const err = (e: unknown, command: string, args: unknown): AreaError => {
  const x = toEngineError(e, command, args);
  return { info: x.info, command: x.command, args: x.args, atMs: Date.now() };
};

/**
 * The Order ticket's actions: edit the ticket (validated as typed, previewed by the engine
 * after a short pause), submit (with a confirmation for large orders), cancel the working
 * parent, and keep the parent-order blotter in step with `orders.list`. Never throws.
 */
export class TicketController {
  readonly store: Store<TicketState>;
  private previewTimer: ReturnType<typeof setTimeout> | null = null;
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  private previewSeq = 0;

  constructor(
    private readonly api: SlipstreamApi,
    private readonly app: Store<AppState>,
    private readonly previewDelayMs = 250,
  ) {
    this.store = createStore<TicketState>({
      form: DEFAULT_TICKET_FORM, scenarios: null, preview: null, previewKey: null, previewing: false, previewError: null, confirming: false,
      submitting: false, active: null, parents: [], listError: null, submitError: null, selected: null, notice: null, amending: null, confirmCancel: null,
    });
    this.app.subscribe(() => this.checkJob());
  }

  /** The price grid typed limit prices are read on: the previewed instrument's, else the scenarios' (2 decimals, tick 0.01). */
  priceGrid(): PriceGrid {
    return this.store.getState().preview?.instrument ?? DEFAULT_PRICE_GRID;
  }

  /** The engine's risk limits (from the last preview); none before it. */
  limits(): TicketLimits | undefined {
    return this.store.getState().preview?.limits;
  }

  /** Validates the current form with the engine's limits. */
  validate(): ReturnType<typeof validateTicket> {
    return validateTicket(this.store.getState().form, this.priceGrid(), this.limits());
  }

  /** Loads scenarios and the blotter, and previews the current ticket. */
  async open(): Promise<void> {
    if (this.store.getState().scenarios === null) {
      try {
        const list = await this.api.request('whatif.listScenarios', {});
        this.store.setState({ scenarios: list.map((s) => s.name) });
      } catch {
        this.store.setState({ scenarios: [] });
      }
    }
    const sample = this.app.getState().samples?.[0];
    if (sample && !this.store.getState().form.sampleId) this.store.setState((s) => ({ form: { ...s.form, sampleId: sample.id } }));
    await this.refresh();
    this.schedulePreview();
  }

  setForm(patch: Partial<TicketFormValues>): void {
    this.store.setState((s) => ({ form: { ...s.form, ...patch }, confirming: false, submitError: null }));
    this.schedulePreview();
  }

  /** Escape: backs out of a pending confirmation or an amendment, else resets the order fields. */
  escape(): void {
    const st = this.store.getState();
    if (st.confirmCancel) {
      this.store.setState({ confirmCancel: null });
      return;
    }
    if (st.confirming) {
      this.store.setState({ confirming: false });
      return;
    }
    if (st.amending) {
      this.store.setState({ form: st.amending.before, amending: null, submitError: null });
      this.schedulePreview();
      return;
    }
    this.store.setState((s) => ({ form: resetTicketForm(s.form), submitError: null }));
    this.schedulePreview();
  }

  select(parentId: string | null): void {
    this.store.setState({ selected: parentId });
  }

  /** Whether the parent can be cancelled or amended now (it is being worked). */
  isWorking(parentId: string | null): boolean {
    if (!parentId) return false;
    return this.store.getState().parents.some((p) => p.parentId === parentId && p.status === 'working');
  }

  /** Puts a working parent's ticket in the form to amend (quantity, limit, horizon, max participation); Enter sends, Esc backs out. */
  startAmend(parentId: string): void {
    const st = this.store.getState();
    const p = st.parents.find((x) => x.parentId === parentId);
    if (!p || p.status !== 'working') return;
    const t = p.ticket;
    const grid = p.instrument ?? this.priceGrid();
    const limit = t.limitPriceUnits === undefined ? '' : (t.limitPriceUnits / 10 ** grid.priceDecimals).toFixed(tickDecimals(grid.priceDecimals, grid.tickSizeUnits));
    const form: TicketFormValues = {
      ...st.form,
      sourceKind: t.source.kind, ...(t.source.kind === 'scenario' ? { scenario: t.source.name, durationSec: String(t.source.durationSec) } : { sampleId: t.source.id }),
      seed: String(t.source.seed), side: t.side, quantity: groupThousands(String(t.quantity)), algorithm: t.algorithm, startSec: String(t.startSec),
      horizonSec: String(t.horizonSec), limitPrice: limit, urgency: String(t.urgency), maxParticipation: String(t.maxParticipation), povRate: String(t.povRate ?? st.form.povRate),
    };
    this.store.setState({ amending: { parentId, before: st.amending?.before ?? st.form, original: t }, form, selected: parentId, confirming: false, submitError: null, notice: null });
  }

  /** Sends the amendment in the form: only the fields that changed. */
  async amend(): Promise<void> {
    const st = this.store.getState();
    const a = st.amending;
    if (!a || st.submitting) return;
    const { ticket } = this.validate();
    if (!ticket) return;
    const changes = amendmentOf(a.original, ticket);
    if (Object.keys(changes).length === 0) {
      this.store.setState({ notice: 'Nothing to amend: change the quantity, limit, horizon or max participation.' });
      return;
    }
    this.store.setState({ submitting: true, submitError: null });
    try {
      await this.api.request('orders.amend', { parentId: a.parentId, changes });
      this.store.setState({ submitting: false, amending: null, form: a.before, notice: `Amended ${a.parentId}.` });
      await this.refresh();
    } catch (e) {
      this.store.setState({ submitting: false, submitError: err(e, 'orders.amend', { parentId: a.parentId, changes }) });
    }
  }

  /** Cancels a working parent (its working children too), after a confirmation: the first call asks, the second (`confirmed`) sends. */
  async cancelParent(parentId: string, confirmed = false): Promise<void> {
    if (!this.isWorking(parentId)) return;
    if (!confirmed) {
      this.store.setState({ confirmCancel: parentId, selected: parentId });
      return;
    }
    this.store.setState({ confirmCancel: null });
    try {
      const r = await this.api.request('orders.cancel', { parentId });
      this.store.setState({ notice: r.cancelled ? `Cancelling ${parentId}: its working child orders are being cancelled.` : `${parentId} was no longer working.` });
      if (this.store.getState().amending?.parentId === parentId) this.escape();
      await this.refresh();
    } catch (e) {
      this.store.setState({ submitError: err(e, 'orders.cancel', { parentId }) });
    }
  }

  /** Enter / Submit: asks for a confirmation when the order is large, then sends it (or the amendment, when amending). */
  async submit(confirmed = false): Promise<void> {
    const s = this.store.getState();
    if (s.confirmCancel) return this.cancelParent(s.confirmCancel, true);
    if (s.amending) return this.amend();
    if (s.submitting || s.active) return;
    const { ticket } = this.validate();
    if (!ticket) return;
    const max = this.limits()?.maxOrderSize ?? Infinity;
    if (!confirmed && ticket.quantity >= LARGE_ORDER_FRACTION * max) {
      this.store.setState({ confirming: true });
      return;
    }
    this.store.setState({ confirming: false, submitting: true, submitError: null, notice: null });
    try {
      const r = await this.api.request('orders.submit', { ticket });
      this.store.setState({ submitting: false, active: r, selected: r.parentId });
      this.startPolling();
      await this.refresh();
      this.checkJob();
    } catch (e) {
      this.store.setState({ submitting: false, submitError: err(e, 'orders.submit', { ticket }) });
    }
  }

  /** Cancels the parent being worked (the progress bar's Cancel: the bar itself is the confirmation). */
  async cancel(): Promise<void> {
    const a = this.store.getState().active;
    if (a) await this.cancelParent(a.parentId, true);
  }

  /** Reads the blotter from the engine (`orders.list`). */
  async refresh(): Promise<void> {
    try {
      const parents = await this.api.request('orders.list', {});
      this.store.setState((s) => ({ parents, listError: null, selected: s.selected ?? parents.at(-1)?.parentId ?? null }));
    } catch (e) {
      this.store.setState({ listError: err(e, 'orders.list', {}) });
    }
  }

  dismissErrors(): void {
    this.store.setState({ submitError: null, listError: null, previewError: null });
  }

  dispose(): void {
    if (this.previewTimer) clearTimeout(this.previewTimer);
    this.stopPolling();
  }

  private checkJob(): void {
    const a = this.store.getState().active;
    if (!a) return;
    const app = this.app.getState();
    if (app.jobs[a.jobId] || app.lastJob?.jobId !== a.jobId) return;
    const cancelled = app.lastJob.cancelled;
    this.store.setState({ active: null, notice: cancelled ? 'Parent order cancelled.' : null });
    this.stopPolling();
    void this.refresh();
  }

  private startPolling(): void {
    this.stopPolling();
    this.pollTimer = setInterval(() => void this.refresh(), 1_000);
  }

  private stopPolling(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
  }

  private schedulePreview(): void {
    if (this.previewTimer) clearTimeout(this.previewTimer);
    this.previewTimer = setTimeout(() => void this.preview(), this.previewDelayMs);
  }

  private async preview(): Promise<void> {
    const { ticket } = this.validate();
    if (!ticket) return;
    const key = ticketKey(ticket);
    if (key === this.store.getState().previewKey) return;
    const seq = ++this.previewSeq;
    this.store.setState({ previewing: true });
    try {
      const preview = await this.api.request('orders.preview', { ticket: ticket as OrderTicketParsed });
      if (seq === this.previewSeq) this.store.setState({ preview, previewKey: key, previewing: false, previewError: null });
    } catch (e) {
      if (seq === this.previewSeq) this.store.setState({ previewing: false, previewError: err(e, 'orders.preview', { ticket }) });
    }
  }
}
