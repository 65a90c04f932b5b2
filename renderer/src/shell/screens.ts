/** Every screen on the left rail, in Ctrl+1…9, 0 order. */
export const SCREEN_IDS = ['market', 'what-if', 'order-ticket', 'agents', 'training', 'tca', 'risk', 'settings', 'models', 'signals'] as const;
/** A screen's id. */
export type ScreenId = (typeof SCREEN_IDS)[number];

/** How a screen appears on the rail and, until it is built, what it will hold. */
export interface ScreenDef {
  readonly id: ScreenId;
  readonly label: string;
  /** Two-letter rail glyph. */
  readonly glyph: string;
  /** 1-based rail position; Ctrl+N shortcut with N = index mod 10 (the tenth screen is Ctrl+0). */
  readonly index: number;
  /** Whether the screen works yet. */
  readonly built: boolean;
  /** The capability that will live here (placeholder text). */
  readonly capability: string;
}

/** Screen definitions, in rail order. */
export const SCREENS: readonly ScreenDef[] = [
  { id: 'market', label: 'Market', glyph: 'Mk', index: 1, built: true, capability: 'Historical replay of limit-order-book data: depth ladder, price chart and live microstructure statistics.' },
  { id: 'what-if', label: 'What-if', glyph: 'Wi', index: 2, built: true, capability: 'Counterfactual replay: place hypothetical orders into the historical book and see fills, queue position and market impact under the latency, queue and impact models.' },
  { id: 'order-ticket', label: 'Order ticket', glyph: 'Ot', index: 3, built: true, capability: 'Parent and child order entry through the pre-trade risk gate, with validation as you type, and the order and route blotters.' },
  { id: 'agents', label: 'Agents', glyph: 'Ag', index: 4, built: true, capability: 'Supervision of running execution agents and baseline algorithms (TWAP, VWAP, POV, Almgren-Chriss): inventory against schedule, actions, fills and overrides.' },
  { id: 'training', label: 'Training', glyph: 'Tr', index: 5, built: true, capability: 'Reinforcement-learning training jobs (DQN family, PPO) on TensorFlow.js: learning curves, checkpoints, hyper-parameter sweeps.' },
  { id: 'tca', label: 'TCA', glyph: 'Tc', index: 6, built: true, capability: 'Transaction-cost analysis: implementation shortfall and arrival slippage in bps (positive = cost), strategy comparisons and the cost-risk frontier.' },
  { id: 'risk', label: 'Risk', glyph: 'Rk', index: 7, built: true, capability: 'Pre-trade risk limits and their usage, volatility and regime models, anomaly alerts and the kill switch.' },
  { id: 'settings', label: 'Settings', glyph: 'St', index: 8, built: true, capability: 'Theme, engine and connection details, keyboard shortcuts.' },
  { id: 'models', label: 'Models', glyph: 'Md', index: 9, built: true, capability: 'Shipped and trained models: manifests, training metrics, evaluation results; promoted runs can be deleted.' },
  { id: 'signals', label: 'Signals', glyph: 'Sg', index: 10, built: true, capability: 'Predictive signals: direction models (logistic regression, GBDT, MLP, LSTM) trained with walk-forward validation, their metrics against a naive baseline, and the predicted score over the price.' },
];

/** Looks a screen up by id. */
export function screenDef(id: ScreenId): ScreenDef {
  return SCREENS.find((s) => s.id === id)!;
}
