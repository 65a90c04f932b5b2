/**
 * Lets through at most one progress event every `minIntervalMs` (plus forced ones, e.g. the
 * last), so a fast trainer does not flood the host and the UI. It measures elapsed time with an
 * injected clock (the worker passes `performance.now`: progress pacing is a host-side,
 * wall-clock concern that never touches the simulation or the weights).
 * Invariant: the first event always passes.
 */
export class ProgressThrottle {
  private last = -Infinity;

  constructor(private readonly minIntervalMs: number, private readonly now: () => number) {}

  pass(force = false): boolean {
    const t = this.now();
    if (!force && t - this.last < this.minIntervalMs) return false;
    this.last = t;
    return true;
  }
}
