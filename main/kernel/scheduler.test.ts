import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventLog } from './event-log.js';
import { Scheduler, type Task } from './scheduler.js';

describe('Scheduler', () => {
  it('fires in time order, ties in scheduling order, and lets tasks reschedule', () => {
    const s = new Scheduler();
    const seen: string[] = [];
    const mk = (name: string, again?: number): Task => ({
      fire(now, sch) {
        seen.push(`${name}@${now}`);
        if (again !== undefined) sch.after(again, mk(name + "'"));
      },
    });
    s.at(10, mk('a', 5));
    s.at(10, mk('b'));
    s.at(3, mk('c'));
    expect(s.run(12)).toBe(3);
    expect(s.now).toBe(12);
    s.run(Infinity);
    expect(seen).toEqual(['c@3', 'a@10', 'b@10', "a'@15"]);
    s.at(1, mk('late'));
    s.run(Infinity);
    expect(seen.at(-1)).toBe('late@15');
  });
});

describe('Scheduler with its fused calendar queue', () => {
  /** The reference: a plain list fired in (time, scheduling order), same clock rules. */
  class RefScheduler {
    private readonly q: Array<{ t: number; seq: number; task: Task }> = [];
    private seq = 0;
    now = 0;
    at(timeNs: number, task: Task): void {
      this.q.push({ t: Math.max(timeNs, this.now), seq: this.seq++, task });
    }
    get pending(): number {
      return this.q.length;
    }
    nextTime(): number {
      return this.q.reduce((m, e) => Math.min(m, e.t), Infinity);
    }
    run(untilNs: number, maxTasks = Infinity): number {
      let n = 0;
      while (n < maxTasks) {
        this.q.sort((a, b) => a.t - b.t || a.seq - b.seq);
        const e = this.q[0];
        if (e === undefined || e.t > untilNs) break;
        this.q.shift();
        this.now = e.t;
        e.task.fire(e.t, this as unknown as Scheduler);
        n++;
      }
      if (untilNs !== Infinity && untilNs > this.now && this.nextTime() > untilNs) this.now = untilNs;
      return n;
    }
  }

  it('fires like a sorted reference over the whole time range: same bucket, other buckets, a wheel lap and more ahead, the past, from inside tasks, in slices (property)', () => {
    // Offsets from now, in ns: ties, within a 1 ms bucket, across buckets, around the ~8.6 s
    // window (2^33 ns) and far beyond it, and before now (clamped to now).
    const offset = fc.oneof(
      fc.constant(0),
      fc.integer({ min: 0, max: 2_000 }),
      fc.integer({ min: 0, max: 50_000_000 }),
      fc.integer({ min: 8_000_000_000, max: 9_500_000_000 }),
      fc.integer({ min: 0, max: 60_000_000_000 }),
      fc.integer({ min: -3_000_000_000, max: 0 }),
    );
    // An op: schedule at an offset from now (`child`: instead, the next task to fire schedules it),
    // at one of a few absolute times (equal times reached once from the far heap, once from the
    // wheel: ties across the two structures), or run a slice.
    const op = fc.oneof(
      fc.record({ kind: fc.constant('at' as const), off: offset, child: fc.boolean() }),
      fc.record({ kind: fc.constant('abs' as const), t: fc.constantFrom(0, 4_300_000_000, 9_000_000_000, 12_900_000_000, 17_200_000_000, 30_000_000_000) }),
      fc.record({ kind: fc.constant('run' as const), ahead: fc.integer({ min: 0, max: 12_000_000_000 }), max: fc.integer({ min: 1, max: 20 }) }),
    );
    type Sch = Scheduler | RefScheduler;
    /** Drives one scheduler through the ops; returns what it fired and its state after each op. */
    const drive = (s: Sch, ops: ReadonlyArray<{ kind: 'at'; off: number; child: boolean } | { kind: 'abs'; t: number } | { kind: 'run'; ahead: number; max: number }>) => {
      const trace: string[] = [];
      const children: number[] = [];
      let ids = 0;
      const mk = (id: number): Task => ({
        fire(now, sch) {
          trace.push(`${id}@${now}`);
          const off = children.shift();
          if (off !== undefined) sch.at(now + off, mk(ids++));
        },
      });
      for (const o of ops) {
        if (o.kind === 'at') {
          if (o.child) children.push(o.off);
          else s.at(s.now + o.off, mk(ids++));
        } else if (o.kind === 'abs') {
          s.at(o.t, mk(ids++));
        } else {
          trace.push(`ran ${s.run(s.now + o.ahead, o.max)}`);
        }
        trace.push(`now ${s.now} pending ${s.pending} next ${s.nextTime()}`);
      }
      trace.push(`ran ${s.run(Infinity)} pending ${s.pending} next ${s.nextTime()}`);
      return trace;
    };
    fc.assert(
      fc.property(fc.array(op, { maxLength: 600 }), (ops) => {
        expect(drive(new Scheduler(), ops)).toEqual(drive(new RefScheduler(), ops));
      }),
      { numRuns: 300 },
    );
  });
});

describe('EventLog', () => {
  it('hashes the same records to the same digest and different ones differently', () => {
    const a = new EventLog(true);
    const b = new EventLog();
    const c = new EventLog();
    for (const l of [a, b, c]) l.record('T', 1, 2.5, 'x');
    c.record('T', 1);
    expect(a.text()).toEqual(['T,1,2.5,x']);
    expect(a.hash()).toBe(b.hash());
    expect(c.hash()).not.toBe(new EventLog().hash());
  });
});
