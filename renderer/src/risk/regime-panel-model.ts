import type { SlipstreamApi } from '../../../main/contract/client-api.js';
import type { EventName, EventPayload } from '../../../main/contract/events.js';
import type { PostureChangeWire, RiskModelsState } from '../../../main/contract/risk-models.js';
import { createStore, type Store } from '../store/store.js';

/** Posture changes kept for the panel (newest first). */
export const POSTURE_HISTORY = 50;

/**
 * What the regime / volatility / alerts panel shows. `models` is the engine's latest
 * `risk.models` (null until one arrives); `postures` the audited `risk.posture` changes, newest
 * first, at most POSTURE_HISTORY. Invariant: replaced, never mutated.
 */
export interface RegimePanelState {
  readonly models: RiskModelsState | null;
  readonly postures: readonly PostureChangeWire[];
}

/** Folds one engine event into the panel's state (other events leave it as it is). */
export function reduceRegimePanel<N extends EventName>(s: RegimePanelState, name: N, payload: EventPayload<N>): RegimePanelState {
  if (name === 'risk.models') return { ...s, models: payload as RiskModelsState };
  if (name === 'risk.posture') return { ...s, postures: [payload as PostureChangeWire, ...s.postures].slice(0, POSTURE_HISTORY) };
  if (name === 'engine.restarted') return { models: null, postures: s.postures };
  return s;
}

const models = new WeakMap<SlipstreamApi, Store<RegimePanelState>>();

/**
 * The panel's store for an API, listening from its first use for the life of the API (so changes
 * that arrive while another screen is shown are not lost once the Risk screen has been opened).
 */
export function regimePanelStore(api: SlipstreamApi): Store<RegimePanelState> {
  let store = models.get(api);
  if (!store) {
    const s = createStore<RegimePanelState>({ models: null, postures: [] });
    api.onEvent((name, payload) => s.setState((st) => reduceRegimePanel(st, name, payload)));
    models.set(api, s);
    store = s;
  }
  return store;
}
