import type { SlipstreamApi } from '../../../main/contract/client-api.js';
import type { CommandArgs } from '../../../main/contract/commands.js';
import type { EventName } from '../../../main/contract/events.js';
import { toEngineError } from '../client/engine-error.js';
import type { AreaError } from '../store/app-state.js';
import { createStore, type Store } from '../store/store.js';
import type { FixSessionStateWire } from '../../../main/contract/fix-live.js';
import { DEFAULT_AGENT_FORM, fixSessionOf, readAgentForm, readFixForm, type AgentForm, type Supervised } from './agents-model.js';

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
  /** Every FIX session of this engine session (`fix.sessions`): the logged-on ones are venues of the form. */
  readonly sessions: readonly FixSessionStateWire[];
  readonly selected: string | null;
  readonly confirmKill: string | null;
  readonly starting: boolean;
  readonly busy: readonly string[];
  readonly error: AreaError | null;
}

/**
 * Runs agents and algorithms on parent orders — on the simulated market (`orders.submit`, the
 * Order ticket's path: risk gate, store) or through a logged-on FIX session (`fix.work`: the
 * same strategies on the session's FIX market data) — and supervises both alike
 * (`supervision.*`): pause, resume, hand the rest to TWAP, kill after a confirmation
 * (`supervision.kill`). Polls while the screen is open. Never throws.
 */
export class AgentsController {
  readonly store: Store<AgentsState>;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly api: SlipstreamApi) {
    this.store = createStore<AgentsState>({ form: DEFAULT_AGENT_FORM, scenarios: ['calm'], parents: [], sessions: [], selected: null, confirmKill: null, starting: false, busy: [], error: null });
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
      const [parents, sessions] = await Promise.all([this.api.request('supervision.state', {}), this.api.request('fix.sessions', {})]);
      const { selected: sel, form } = this.store.getState();
      // A FIX venue whose session logged out falls back to the simulated market.
      const venueGone = fixSessionOf(form.venue) !== null && !sessions.some((x) => x.sessionId === fixSessionOf(form.venue) && x.state === 'logged-on');
      this.store.setState({
        parents, sessions, selected: sel && parents.some((p) => p.parentId === sel) ? sel : (parents.at(-1)?.parentId ?? null),
        ...(venueGone ? { form: { ...form, venue: 'sim' as const } } : {}),
      });
    } catch {
      // A missed poll is retried on the next tick; the last answer stays on screen.
    }
  }

  setForm(patch: Partial<AgentForm>): void {
    this.store.setState({ form: { ...this.store.getState().form, ...patch } });
  }

  async start(): Promise<void> {
    const { form, starting, sessions } = this.store.getState();
    if (starting) return;
    const sid = fixSessionOf(form.venue);
    if (sid !== null) {
      const session = sessions.find((x) => x.sessionId === sid);
      const { work } = readFixForm(form, sid, session?.priceDecimals ?? 2);
      if (!work) return;
      return this.send('fix.work', work);
    }
    const { ticket } = readAgentForm(form);
    if (ticket) return this.send('orders.submit', { ticket });
  }

  private async send<C extends 'fix.work' | 'orders.submit'>(command: C, args: C extends 'fix.work' ? CommandArgs<'fix.work'> : CommandArgs<'orders.submit'>): Promise<void> {
    this.store.setState({ starting: true, error: null });
    try {
      const r = await this.api.request(command, args as never) as { parentId: string };
      this.store.setState({ starting: false, selected: r.parentId });
      await this.poll();
    } catch (e) {
      this.store.setState({ starting: false });
      this.fail(e, command, args);
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
    await this.act('supervision.kill', id);
  }

  dismissError(): void {
    this.store.setState({ error: null });
  }

  private async act(command: 'supervision.pause' | 'supervision.resume' | 'supervision.fallback' | 'supervision.kill', parentId: string): Promise<void> {
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
