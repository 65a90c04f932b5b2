import type { SignalModelFactory } from './signal-model.js';

/** Every model kind the `signals` command knows, available or planned. */
export const MODEL_KINDS = ['logreg', 'gbdt', 'mlp', 'lstm'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

/**
 * The model kinds that exist, each loaded lazily (a model may pull in TensorFlow.js; the CLI must not
 * load it for another kind). To add a kind: one line here, `kind: async () => (await import('./x.js')).xFactory`.
 */
const AVAILABLE: Partial<Record<ModelKind, () => Promise<SignalModelFactory>>> = {
  logreg: async () => (await import('./logreg.js')).logregFactory,
  gbdt: async () => (await import('./gbdt.js')).gbdtFactory,
  mlp: async () => (await import('./mlp.js')).mlpFactory,
  lstm: async () => (await import('./lstm.js')).lstmFactory,
};

/** Thrown for a model kind that is planned but not built yet, or unknown; the message says which. */
export class ModelUnavailableError extends Error {
  constructor(kind: string) {
    const known = (MODEL_KINDS as readonly string[]).includes(kind);
    super(known
      ? `model "${kind}" is not yet available (available now: ${availableKinds().join(', ')})`
      : `unknown model "${kind}" (one of ${MODEL_KINDS.join(', ')})`);
    this.name = 'ModelUnavailableError';
  }
}

/** The kinds that can be trained now. */
export function availableKinds(): ModelKind[] {
  return MODEL_KINDS.filter((k) => AVAILABLE[k] !== undefined);
}

/** The factory of `kind`; throws `ModelUnavailableError` for a planned or unknown kind. */
export async function modelFactory(kind: string): Promise<SignalModelFactory> {
  const load = Object.hasOwn(AVAILABLE, kind) ? AVAILABLE[kind as ModelKind] : undefined;
  if (!load) throw new ModelUnavailableError(kind);
  return load();
}
