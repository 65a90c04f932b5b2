import type { WhatIfArgs } from '../../../main/contract/whatif.js';
import { groupThousands } from '../format/numbers.js';
import { readTypedNumber, type TypedNumber } from '../format/typed-number.js';

/** Where the market path comes from: a generated scenario, the bundled real day, or uploaded files. */
export type SourceKind = 'scenario' | 'sample' | 'files';
/** The parent order's execution algorithm. */
export type Algorithm = 'twap' | 'passive' | 'market' | 'agent';

/** An uploaded (or, in Electron, picked) data file: its display name and the engine-side path. */
export interface SourceFile {
  readonly name: string;
  readonly path: string;
}

/**
 * The setup form exactly as typed: numbers stay text so a half-typed value is never coerced.
 * `validateWhatIf` turns it into `whatif.run` arguments or field errors.
 */
export interface WhatIfFormValues {
  readonly sourceKind: SourceKind;
  readonly scenario: string;
  readonly durationSec: string;
  readonly sampleId: string;
  readonly files: readonly SourceFile[];
  readonly seed: string;
  readonly side: 'buy' | 'sell';
  /** With thousands separators, as shown. */
  readonly quantity: string;
  readonly algorithm: Algorithm;
  readonly startSec: string;
  readonly horizonSec: string;
  readonly slices: string;
  readonly impact: boolean;
  /** The agent's model folder (the model picker's choice); '' = the shipped agent. */
  readonly agentModel: string;
}

/** A form field that can carry an error. */
export type FormField = 'source' | 'durationSec' | 'seed' | 'quantity' | 'startSec' | 'horizonSec' | 'slices';
/** One error message per invalid field, naming the field and the limit in words. */
export type FormErrors = Partial<Record<FormField, string>>;

/** The contract's limits, in the units the user types. */
export const LIMITS = {
  seedMax: 2 ** 31 - 1,
  quantityMax: 1_000_000_000,
  durationMinSec: 10,
  durationMaxSec: 6.5 * 3600,
  horizonMaxSec: 6.5 * 3600,
  slicesMax: 10_000,
  filesMax: 4,
} as const;

/** The default seed (the same path every time until the user asks for a new one). */
export const DEFAULT_SEED = 42;

/** A fresh form: buy 5,000 TWAP over 50 s in 5 slices on a 60 s scenario, seed 42. */
export const DEFAULT_FORM: WhatIfFormValues = {
  sourceKind: 'scenario',
  scenario: '',
  durationSec: '60',
  sampleId: '',
  files: [],
  seed: String(DEFAULT_SEED),
  side: 'buy',
  quantity: '5,000',
  algorithm: 'twap',
  startSec: '0',
  horizonSec: '50',
  slices: '5',
  impact: true,
  agentModel: '',
};

/** Display names of the algorithms (also the blotter's strategy column). */
export const ALGORITHM_LABELS: Readonly<Record<Algorithm, string>> = { twap: 'TWAP', passive: 'Passive', market: 'Market', agent: 'Agent' };

/** "Escape resets": the order and seed go back to their defaults; the chosen source stays. */
export function resetForm(values: WhatIfFormValues): WhatIfFormValues {
  return { ...DEFAULT_FORM, sourceKind: values.sourceKind, scenario: values.scenario, durationSec: values.durationSec, sampleId: values.sampleId, files: values.files, agentModel: values.agentModel };
}

/** A new random seed in the contract's range. */
export function newSeed(random: () => number = Math.random): number {
  return Math.floor(random() * (LIMITS.seedMax + 1)) % (LIMITS.seedMax + 1);
}

const fmt = (n: number) => groupThousands(String(n));

/** Reads a typed number as it stands (`readTypedNumber`); `integer` rejects fractions, quantities take k/m. */
function parseNumber(label: string, text: string, integer: boolean, suffixes = false): TypedNumber {
  return readTypedNumber(label, text, { integer, suffixes });
}

/** The outcome of validating the form: errors by field, plus the run's arguments when there are none. */
export interface FormValidation {
  readonly errors: FormErrors;
  readonly args: WhatIfArgs | null;
  /** Source duration in seconds when known (scenarios), for the start/horizon limits. */
  readonly durationSec: number | null;
  /** Values typed with a suffix or odd separators, written out in full, shown under the field. */
  readonly expanded: Partial<Record<FormField, string>>;
}

/**
 * Validates the form against the contract's limits (and the scenario's duration), naming the field
 * and the limit in words, e.g. "Quantity 2,000,000,000 exceeds the maximum 1,000,000,000."
 */
export function validateWhatIf(v: WhatIfFormValues): FormValidation {
  const errors: FormErrors = {};
  const expanded: Partial<Record<FormField, string>> = {};
  let source: WhatIfArgs['source'] | null = null;
  let durationSec: number | null = null;

  if (v.sourceKind === 'scenario') {
    const d = parseNumber('Duration', v.durationSec, true);
    if (!d.ok) errors.durationSec = d.error;
    else if (d.value < LIMITS.durationMinSec) errors.durationSec = `Duration ${fmt(d.value)} s is below the minimum ${LIMITS.durationMinSec} s.`;
    else if (d.value > LIMITS.durationMaxSec) errors.durationSec = `Duration ${fmt(d.value)} s exceeds the maximum ${fmt(LIMITS.durationMaxSec)} s (6.5 h).`;
    else durationSec = d.value;
    if (!v.scenario) errors.source = 'Scenario: choose one.';
    else if (durationSec !== null) source = { kind: 'scenario', name: v.scenario, durationSec };
  } else if (v.sourceKind === 'sample') {
    if (!v.sampleId) errors.source = 'Real day: choose a sample.';
    else source = { kind: 'sample', id: v.sampleId };
  } else {
    if (v.files.length === 0) errors.source = `Files: upload 1 to ${LIMITS.filesMax} data files.`;
    else if (v.files.length > LIMITS.filesMax) errors.source = `Files: ${v.files.length} files exceed the maximum ${LIMITS.filesMax}.`;
    else source = { kind: 'files', files: v.files.map((f) => f.path) };
  }

  let seed: number | null = null;
  const s = parseNumber('Seed', v.seed, true);
  if (!s.ok) errors.seed = s.error;
  else if (s.value < 0 || s.value > LIMITS.seedMax) errors.seed = `Seed ${fmt(s.value)} is outside 0 to ${fmt(LIMITS.seedMax)}.`;
  else seed = s.value;

  let quantity: number | null = null;
  const q = parseNumber('Quantity', v.quantity, true, true);
  if (q.ok && q.expanded) expanded.quantity = q.expanded;
  if (!q.ok) errors.quantity = q.error;
  else if (q.value < 1) errors.quantity = `Quantity ${fmt(q.value)} is below the minimum 1.`;
  else if (q.value > LIMITS.quantityMax) errors.quantity = `Quantity ${fmt(q.value)} exceeds the maximum ${fmt(LIMITS.quantityMax)}.`;
  else quantity = q.value;

  let startSec: number | null = null;
  const st = parseNumber('Start', v.startSec, false);
  if (!st.ok) errors.startSec = st.error;
  else if (st.value < 0) errors.startSec = `Start ${st.value} s is before the path's start (minimum 0 s).`;
  else if (durationSec !== null && st.value >= durationSec) errors.startSec = `Start ${fmt(st.value)} s is at or after the scenario's end (${fmt(durationSec)} s).`;
  else startSec = st.value;

  let horizonSec: number | null = null;
  const h = parseNumber('Horizon', v.horizonSec, false);
  if (!h.ok) errors.horizonSec = h.error;
  else if (h.value <= 0) errors.horizonSec = `Horizon ${h.value} s must be above 0 s.`;
  else if (h.value > LIMITS.horizonMaxSec) errors.horizonSec = `Horizon ${fmt(h.value)} s exceeds the maximum ${fmt(LIMITS.horizonMaxSec)} s (6.5 h).`;
  else if (durationSec !== null && startSec !== null && startSec + h.value > durationSec)
    errors.horizonSec = `Start + horizon ${fmt(startSec + h.value)} s exceeds the scenario's duration ${fmt(durationSec)} s.`;
  else horizonSec = h.value;

  // Slices are TWAP's; other algorithms leave them to the engine's default.
  let slices: number | undefined;
  if (v.algorithm === 'twap') {
    const sl = parseNumber('Slices', v.slices, true);
    if (!sl.ok) errors.slices = sl.error;
    else if (sl.value < 1) errors.slices = `Slices ${fmt(sl.value)} is below the minimum 1.`;
    else if (sl.value > LIMITS.slicesMax) errors.slices = `Slices ${fmt(sl.value)} exceeds the maximum ${fmt(LIMITS.slicesMax)}.`;
    else if (quantity !== null && sl.value > quantity) errors.slices = `Slices ${fmt(sl.value)} exceeds the quantity ${fmt(quantity)} (at least 1 share per slice).`;
    else slices = sl.value;
  }

  const valid = Object.keys(errors).length === 0 && source && seed !== null && quantity !== null && startSec !== null && horizonSec !== null;
  const args: WhatIfArgs | null = valid
    ? {
        source: source!,
        seed: seed!,
        order: {
          side: v.side,
          quantity: quantity!,
          algorithm: v.algorithm,
          startSec: startSec!,
          horizonSec: horizonSec!,
          ...(slices !== undefined ? { slices } : {}),
          impact: v.sourceKind !== 'scenario' && v.impact,
          ...(v.algorithm === 'agent' && v.agentModel !== '' ? { agentModel: v.agentModel } : {}),
        },
      }
    : null;
  return { errors, args, durationSec, expanded };
}

/** A stable key for "the same run": identical arguments give identical keys. */
export function argsKey(args: WhatIfArgs): string {
  const o = args.order;
  return JSON.stringify([args.source, args.seed, o.side, o.quantity, o.algorithm, o.startSec, o.horizonSec, o.slices ?? 10, o.impact ?? true, o.agentModel ?? null]);
}

/** A one-line description of a run's source: "calm · 60 s", "Sample AMZN", "2 files". */
export function sourceLabel(source: WhatIfArgs['source'], sampleLabel?: string): string {
  if (source.kind === 'scenario') return `${source.name} · ${fmt(source.durationSec)} s`;
  if (source.kind === 'sample') return sampleLabel ?? source.id;
  return `${source.files.length} file${source.files.length === 1 ? '' : 's'}`;
}
