import type { Scheduler, Task } from '../../kernel/scheduler.js';

/**
 * A one-way message line with delay that never reorders: an item pushed for time t is delivered
 * at max(t, the previous item's delivery time), in push order, through ONE pending scheduler task
 * (no task object per message). Used for requests towards the venue and events back from it.
 * Invariant: delivery times are non-decreasing and every pushed item is delivered exactly once.
 */
export class FifoLine<T> {
  private readonly items: Array<{ at: number; item: T }> = [];
  private head = 0;
  private last = Number.NEGATIVE_INFINITY;
  private readonly task: Task = { fire: (now) => this.drain(now) };

  constructor(
    private readonly scheduler: Scheduler,
    private readonly deliver: (item: T) => void,
  ) {}

  /** Queues `item` for time `atNs` (clamped to the previous delivery time); returns the delivery time. */
  push(atNs: number, item: T): number {
    const at = atNs < this.last ? this.last : atNs;
    this.last = at;
    this.items.push({ at, item });
    if (this.items.length - this.head === 1) this.scheduler.at(at, this.task);
    return at;
  }

  private drain(now: number): void {
    const items = this.items;
    while (this.head < items.length && items[this.head]!.at <= now) {
      const { item } = items[this.head++]!;
      this.deliver(item);
    }
    if (this.head === items.length) {
      items.length = 0;
      this.head = 0;
    } else {
      this.scheduler.at(items[this.head]!.at, this.task);
    }
  }
}
