import { describe, expect, it } from 'vitest';
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
