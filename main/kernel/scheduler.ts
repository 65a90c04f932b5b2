import { EventQueue } from './event-queue.js';

/** Something that happens at a simulated time. `fire` may schedule more work (including itself). */
export interface Task {
  fire(nowNs: number, scheduler: Scheduler): void;
}

/**
 * The simulated clock and its event loop: tasks fire in (time, scheduling order), never in the
 * past, single-threaded, so a run is deterministic. Time is integer nanoseconds since the
 * session start (exact in a float64 for ~104 days).
 *
 * Invariants: `now` never decreases; a task scheduled for a time before `now` fires at `now`
 * (after everything already due then); `run(until)` fires every task due at or before `until`.
 */
export class Scheduler {
  private readonly queue = new EventQueue();
  private readonly tasks: Array<Task | null> = [];
  private readonly free: number[] = [];
  now = 0;
  fired = 0;

  /** Schedules `task` at `timeNs` (clamped to now). */
  at(timeNs: number, task: Task): void {
    const t = timeNs < this.now ? this.now : timeNs;
    let slot: number;
    if (this.free.length > 0) {
      slot = this.free.pop()!;
      this.tasks[slot] = task;
    } else {
      slot = this.tasks.length;
      this.tasks.push(task);
    }
    this.queue.push(t, slot);
  }

  /** Schedules `task` `delayNs` after now. */
  after(delayNs: number, task: Task): void {
    this.at(this.now + delayNs, task);
  }

  /** Time of the next task (Infinity when none). */
  nextTime(): number {
    return this.queue.peekTime();
  }

  /** Fires tasks due at or before `untilNs`, at most `maxTasks`; returns how many fired. */
  run(untilNs: number, maxTasks = Number.POSITIVE_INFINITY): number {
    let n = 0;
    while (n < maxTasks && this.queue.size > 0 && this.queue.peekTime() <= untilNs) {
      const slot = this.queue.pop();
      this.now = this.queue.time;
      const task = this.tasks[slot]!;
      this.tasks[slot] = null;
      this.free.push(slot);
      task.fire(this.now, this);
      n++;
    }
    this.fired += n;
    if (this.queue.size === 0 || this.queue.peekTime() > untilNs) {
      if (untilNs !== Number.POSITIVE_INFINITY && untilNs > this.now) this.now = untilNs;
    }
    return n;
  }

  get pending(): number {
    return this.queue.size;
  }
}
