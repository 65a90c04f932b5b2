/**
 * Argument parsing shared by the calibration developer tools (`variant-trials-main.ts`,
 * `spread-histogram-main.ts`): data files as positionals, `--name value` options, number lists
 * written `A-B` or `a,b,c`, and trial-variant names checked against `TRIAL_VARIANTS`.
 */
import { TRIAL_VARIANTS } from './trial-variants.js';

/** A tool's command line: positional data files and `--name value` options (a flag's value may be ''). */
export interface DevToolArgs {
  readonly files: readonly string[];
  readonly opt: ReadonlyMap<string, string>;
}

/** Splits argv into files and options; `tool` names the tool in the error when no file is given. */
export function parseDevToolArgs(argv: readonly string[], tool: string): DevToolArgs {
  const files: string[] = [];
  const opt = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) opt.set(a.slice(2), argv[++i] ?? '');
    else files.push(a);
  }
  if (files.length === 0) throw new Error(`${tool}: give the data files to calibrate to`);
  return { files, opt };
}

/** `A-B` (inclusive) or `a,b,c` as numbers; `def` when absent. Throws naming `field` on anything else. */
export function numberList(s: string | undefined, def: readonly number[], field: string): number[] {
  if (s === undefined || s === '') return [...def];
  const m = /^(\d+)-(\d+)$/.exec(s);
  if (m) return Array.from({ length: Number(m[2]) - Number(m[1]) + 1 }, (_, i) => Number(m[1]) + i);
  const out = s.split(',').map(Number);
  if (out.some((x) => !Number.isFinite(x))) throw new Error(`--${field}: "${s}" is not A-B or a comma-separated list of numbers`);
  return out;
}

/** The `--variants` list (default `def`), each a known trial variant. */
export function variantNames(s: string | undefined, def: string): string[] {
  const names = (s || def).split(',');
  for (const n of names) if (!TRIAL_VARIANTS[n]) throw new Error(`--variants: unknown variant "${n}" (known: ${Object.keys(TRIAL_VARIANTS).join(', ')})`);
  return names;
}
