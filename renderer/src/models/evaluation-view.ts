/** One strategy's row of an evaluation (`slipstream evaluate --json`'s `strategies`). */
export interface EvalStrategyRow {
  readonly name: string;
  readonly meanIsBps: number | null;
  readonly medianIsBps: number | null;
  readonly ciLowBps: number | null;
  readonly ciHighBps: number | null;
  readonly n: number | null;
}

/** One agent-minus-baseline row (`paired`). */
export interface EvalPairedRow {
  readonly baseline: string;
  readonly meanDiffBps: number | null;
  readonly ciLowBps: number | null;
  readonly ciHighBps: number | null;
  readonly pValue: number | null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const obj = (v: unknown): Record<string, unknown> | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

/**
 * Reads an evaluation object into table rows; unknown shapes give empty tables (the raw JSON is
 * still shown), so a newer evaluate output never breaks the screen.
 */
export function evaluationRows(ev: unknown): { strategies: EvalStrategyRow[]; paired: EvalPairedRow[] } {
  const e = obj(ev);
  const strategies = Object.entries(obj(e?.strategies) ?? {}).map(([name, v]) => {
    const s = obj(v) ?? {};
    return { name, meanIsBps: num(s.meanIsBps), medianIsBps: num(s.medianIsBps), ciLowBps: num(s.ciLowBps), ciHighBps: num(s.ciHighBps), n: num(s.n) };
  });
  const paired = Object.entries(obj(e?.paired) ?? {}).map(([baseline, v]) => {
    const s = obj(v) ?? {};
    return { baseline, meanDiffBps: num(s.meanDiffBps), ciLowBps: num(s.ciLowBps), ciHighBps: num(s.ciHighBps), pValue: num(s.pValue) };
  });
  return { strategies, paired };
}
