/** Schedules a callback for the next paint; `requestAnimationFrame` in the browser. */
export type FrameScheduler = (cb: () => void) => unknown;

/** The default scheduler: the next animation frame, or a ~16 ms timer where there is none (tests, workers). */
export const animationFrame: FrameScheduler = (cb) =>
  typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => cb()) : setTimeout(cb, 16);

/**
 * Collects items and hands them over in one batch per scheduled tick: however many frames
 * arrive between two paints, `flush` runs at most once per paint with all of them, in order.
 */
export class FrameBatcher<T> {
  private pending: T[] = [];
  private scheduled = false;

  constructor(
    private readonly flush: (items: T[]) => void,
    private readonly schedule: FrameScheduler = animationFrame,
  ) {}

  push(item: T): void {
    this.pending.push(item);
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => this.run());
  }

  /** Drops whatever is queued (e.g. when a new file is opened). */
  discard(): void {
    this.pending = [];
  }

  /** Runs a pending batch now (tests, or before a synchronous read). */
  flushNow(): void {
    if (this.pending.length > 0) this.run();
  }

  private run(): void {
    this.scheduled = false;
    const items = this.pending;
    this.pending = [];
    if (items.length > 0) this.flush(items);
  }
}
