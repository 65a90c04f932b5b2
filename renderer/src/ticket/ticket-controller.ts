import type { SlipstreamApi } from '../../../main/contract/client-api.js';
import type { OrderPreview, OrderTicketParsed, ParentOrderRecord, PriceGrid, TicketLimits } from '../../../main/contract/orders.js';
import { toEngineError } from '../client/engine-error.js';
import type { AppState, AreaError } from '../store/app-state.js';
import { createStore, type Store } from '../store/store.js';
import { DEFAULT_PRICE_GRID, DEFAULT_TICKET_FORM, LARGE_ORDER_FRACTION, resetTicketForm, ticketKey, validateTicket, type TicketFormValues } from './ticket-form.js';

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
      submitting: false, active: null, parents: [], listError: null, submitError: null, selected: null, notice: null,
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

  /** Escape: cancels a pending confirmation, else resets the order fields. */
  escape(): void {
    if (this.store.getState().confirming) {
      this.store.setState({ confirming: false });
      return;
    }
    this.store.setState((s) => ({ form: resetTicketForm(s.form), submitError: null }));
    this.schedulePreview();
  }

  select(parentId: string | null): void {
    this.store.setState({ selected: parentId });
  }

  /** Enter / Submit: asks for a confirmation when the order is large, then sends it. */
  async submit(confirmed = false): Promise<void> {
    const s = this.store.getState();
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

  /** Cancels the working parent. */
  async cancel(): Promise<void> {
    const a = this.store.getState().active;
    if (!a) return;
    try {
      await this.api.request('orders.cancel', { parentId: a.parentId });
    } catch (e) {
      this.store.setState({ submitError: err(e, 'orders.cancel', { parentId: a.parentId }) });
    }
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
