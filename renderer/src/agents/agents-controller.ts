import type { SlipstreamApi } from '../../../main/contract/client-api.js';
import type { EventName } from '../../../main/contract/events.js';
import { toEngineError } from '../client/engine-error.js';
import type { AreaError } from '../store/app-state.js';
import { createStore, type Store } from '../store/store.js';
import { DEFAULT_AGENT_FORM, readAgentForm, type AgentForm, type Supervised } from './agents-model.js';

/** How often the supervised parents are asked for while the screen is open. */
export const SUPERVISION_POLL_MS = 500;

/**
 * The Agents screen's state. Invariants: `parents` is the engine's last answer (oldest first);
 * `selected` names one of them or is null; `confirmKill` is a parent waiting for the trader's
 * confirmation before it is cancelled; `busy` holds parents with a command in flight.
 */
export interface AgentsState {
  readonly form: AgentForm;
  readonly scenarios: readonly string[];
  readonly parents: readonly Supervised[];
  readonly selected: string | null;
  readonly confirmKill: string | null;
  readonly starting: boolean;
  readonly busy: readonly string[];
  readonly error: AreaError | null;
}

/**
 * Runs agents and algorithms on parent orders (`orders.submit`, the Order ticket's path: risk
 * gate, store) and supervises them (`supervision.*`): pause, resume, hand the rest to TWAP,
 * kill after a confirmation (`orders.cancel`). Polls while the screen is open. Never throws.
 */
export class AgentsController {
  readonly store: Store<AgentsState>;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly api: SlipstreamApi) {
    this.store = createStore<AgentsState>({ form: DEFAULT_AGENT_FORM, scenarios: ['calm'], parents: [], selected: null, confirmKill: null, starting: false, busy: [], error: null });
  }

  /** Starts polling (the screen mounted) and fetches the scenario names once. */
  open(): void {
    void this.poll();
    this.timer ??= setInterval(() => void this.poll(), SUPERVISION_POLL_MS);
    void this.api.request('whatif.listScenarios', {}).then((list) => this.store.setState({ scenarios: list.map((s) => s.name) }), () => undefined);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  onEvent(name: EventName): void {
    if (name === 'engine.restarted') void this.poll();
  }

  async poll(): Promise<void> {
    try {
      const parents = await this.api.request('supervision.state', {});
      const sel = this.store.getState().selected;
      this.store.setState({ parents, selected: sel && parents.some((p) => p.parentId === sel) ? sel : (parents.at(-1)?.parentId ?? null) });
    } catch {
      // A missed poll is retried on the next tick; the last answer stays on screen.
    }
  }

  setForm(patch: Partial<AgentForm>): void {
    this.store.setState({ form: { ...this.store.getState().form, ...patch } });
  }

  async start(): Promise<void> {
    const { ticket } = readAgentForm(this.store.getState().form);
    if (!ticket || this.store.getState().starting) return;
    this.store.setState({ starting: true, error: null });
    try {
      const r = await this.api.request('orders.submit', { ticket });
      this.store.setState({ starting: false, selected: r.parentId });
      await this.poll();
    } catch (e) {
      this.store.setState({ starting: false });
      this.fail(e, 'orders.submit', { ticket });
    }
  }

  select(parentId: string): void {
    this.store.setState({ selected: parentId });
  }

  pause(parentId: string): Promise<void> {
    return this.act('supervision.pause', parentId);
  }

  resume(parentId: string): Promise<void> {
    return this.act('supervision.resume', parentId);
  }

  fallback(parentId: string): Promise<void> {
    return this.act('supervision.fallback', parentId);
  }

  /** Asks to confirm killing a parent (cancel it and its working children). */
  requestKill(parentId: string): void {
    this.store.setState({ confirmKill: parentId });
  }

  cancelKill(): void {
    this.store.setState({ confirmKill: null });
  }

  async confirmKill(): Promise<void> {
    const id = this.store.getState().confirmKill;
    if (!id) return;
    this.store.setState({ confirmKill: null });
    await this.act('orders.cancel', id);
  }

  dismissError(): void {
    this.store.setState({ error: null });
  }

  private async act(command: 'supervision.pause' | 'supervision.resume' | 'supervision.fallback' | 'orders.cancel', parentId: string): Promise<void> {
    this.store.setState({ busy: [...this.store.getState().busy, parentId], error: null });
    try {
      await this.api.request(command, { parentId });
    } catch (e) {
      this.fail(e, command, { parentId });
    }
    this.store.setState({ busy: this.store.getState().busy.filter((b) => b !== parentId) });
    await this.poll();
  }

  private fail(e: unknown, command: string, args?: unknown): void {
    const err = toEngineError(e, command, args);
    this.store.setState({ error: { info: err.info, command, args, atMs: Date.now() } });
  }
}
