import type { SlipstreamApi } from '../../../main/contract/client-api.js';
import type { EventName, EventPayload } from '../../../main/contract/events.js';
import type { KillSwitchState, RiskLimits, RiskUsage } from '../../../main/contract/risk.js';
import { toEngineError } from '../client/engine-error.js';
import { createStore, type Store } from '../store/store.js';
import { limitTexts, readLimits, type LimitKey } from './limit-fields.js';

/**
 * The Risk screen's and status bar's state. `limits` is what the engine checks now (null before
 * the first answer); `texts` what the editor shows (equal to `limitTexts(limits)` unless edited);
 * `errors` the typed-input problems by limit; `confirm` the kill-switch change waiting for the
 * trader's confirmation. Invariant: `texts` is only replaced by the engine's limits when nothing
 * is being edited, so an answer never overwrites what the trader is typing.
 */
export interface RiskState {
  readonly limits: RiskLimits | null;
  readonly texts: Record<LimitKey, string>;
  readonly edited: boolean;
  readonly errors: Partial<Record<LimitKey, string>>;
  readonly saving: boolean;
  /** The engine's answer to the last save when it refused (its words), else null. */
  readonly saveError: string | null;
  readonly notice: string | null;
  readonly killSwitch: KillSwitchState | null;
  readonly confirm: { readonly on: boolean } | null;
  readonly killError: string | null;
  readonly usage: RiskUsage | null;
}

/** How often the usage is asked for (the status bar's gauge is always visible). */
export const USAGE_POLL_MS = 1_000;

/**
 * The Risk actions: edit and save the limits (validated as typed, saved by `risk.setLimits`, which
 * the host stores in the settings), turn the global kill switch on or off after a confirmation,
 * and follow the usage. Never throws; an engine refusal is shown where the action was taken.
 */
export class RiskController {
  readonly store: Store<RiskState>;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly api: SlipstreamApi) {
    this.store = createStore<RiskState>({
      limits: null, texts: limitTexts({}), edited: false, errors: {}, saving: false, saveError: null, notice: null,
      killSwitch: null, confirm: null, killError: null, usage: null,
    });
  }

  /** Fetches limits, kill switch and usage, and polls the usage. */
  start(): void {
    void this.refresh();
    this.timer ??= setInterval(() => void this.pollUsage(), USAGE_POLL_MS);
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async refresh(): Promise<void> {
    await Promise.all([
      this.api.request('risk.getLimits', {}).then((l) => this.gotLimits(l), () => undefined),
      this.api.request('risk.getKillSwitch', {}).then((k) => this.store.setState({ killSwitch: k }), () => undefined),
      this.pollUsage(),
    ]);
  }

  /** Engine events: new limits, kill switch changes, a restarted engine (state asked again). */
  onEvent<N extends EventName>(name: N, payload: EventPayload<N>): void {
    if (name === 'risk.limits') this.gotLimits(payload as RiskLimits);
    else if (name === 'risk.killSwitch') this.store.setState({ killSwitch: payload as KillSwitchState });
    else if (name === 'engine.restarted') void this.refresh();
  }

  /** One limit typed: validated at once, nothing sent. */
  setText(key: LimitKey, text: string): void {
    const texts = { ...this.store.getState().texts, [key]: text };
    this.store.setState({ texts, edited: true, errors: readLimits(texts).errors, notice: null, saveError: null });
  }

  /** Enter: sends the limits when every field reads; the engine validates again and the host stores them. */
  async save(): Promise<void> {
    const st = this.store.getState();
    const r = readLimits(st.texts);
    if (!r.limits) {
      this.store.setState({ errors: r.errors });
      return;
    }
    this.store.setState({ saving: true, saveError: null, notice: null });
    try {
      const limits = await this.api.request('risk.setLimits', { limits: r.limits });
      this.store.setState({ saving: false, edited: false, errors: {}, limits, texts: limitTexts(limits), notice: 'Limits saved; they apply to new tickets and parent orders.' });
    } catch (err) {
      this.store.setState({ saving: false, saveError: toEngineError(err, 'risk.setLimits').info.message });
    }
  }

  /** Escape: back to the engine's limits. */
  revert(): void {
    const l = this.store.getState().limits ?? {};
    this.store.setState({ texts: limitTexts(l), edited: false, errors: {}, saveError: null, notice: null });
  }

  /** The global shortcut and the Risk screen's button: asks to confirm turning the switch on (or off when it is on). */
  requestKill(on?: boolean): void {
    const target = on ?? !(this.store.getState().killSwitch?.global ?? false);
    this.store.setState({ confirm: { on: target }, killError: null });
  }

  cancelConfirm(): void {
    this.store.setState({ confirm: null });
  }

  /** Confirmed: sets the global kill switch (on cancels every open order at once and refuses new ones). */
  async confirmKill(): Promise<void> {
    const c = this.store.getState().confirm;
    if (!c) return;
    this.store.setState({ confirm: null });
    try {
      const killSwitch = await this.api.request('risk.setKillSwitch', { scope: 'global', on: c.on });
      this.store.setState({ killSwitch, killError: null });
    } catch (err) {
      this.store.setState({ killError: toEngineError(err, 'risk.setKillSwitch').info.message });
    }
  }

  private gotLimits(limits: RiskLimits): void {
    const st = this.store.getState();
    this.store.setState({ limits, ...(st.edited ? {} : { texts: limitTexts(limits), errors: {} }) });
  }

  private async pollUsage(): Promise<void> {
    try {
      this.store.setState({ usage: await this.api.request('risk.usage', {}) });
    } catch {
      // The engine may be restarting; the next poll asks again and the gauge keeps its last value.
    }
  }
}
