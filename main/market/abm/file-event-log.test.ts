import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventLog } from '../../kernel/event-log.js';
import { PRESETS } from '../scenarios/presets.js';
import { runScenario } from '../scenarios/run-scenario.js';
import { Scheduler } from '../../kernel/scheduler.js';
import { Exchange, type EventSink } from './exchange.js';
import { FileEventLog } from './file-event-log.js';

/** 20 simulated seconds of the calm market, about 17,000 exchange events of every kind. */
const run = (eventLog: EventLog | EventSink) => runScenario(PRESETS.calm, { seed: 3, durationSec: 20, eventLog, recordTrades: false });

describe('the exchange event stream through every kind of sink', () => {
  it('gives the same lines and fingerprint to the hash-only log, the line-keeping log, the file log and a record-only sink', () => {
    const hashOnly = new EventLog();
    // The hash-only log takes the exchange's inline writes (#9), every other sink its calls: the
    // comparisons below are of the two paths.
    expect(hashOnly.acceptsDirectWrites()).toBe(true);
    expect(new EventLog(true).acceptsDirectWrites()).toBe(false);
    const fast = run(hashOnly);
    expect(fast.events).toBeGreaterThan(10_000);
    expect(hashOnly.count).toBe(fast.events);

    const kept = new EventLog(true);
    expect(run(kept).eventLogHash).toBe(fast.eventLogHash);
    const lines = kept.text();
    expect(new Set(lines.map((l) => l[0]))).toEqual(new Set(['N', 'M', 'I', 'C', 'R', 'T']));

    // A sink with only `record` (no fast numeric path): the exchange wraps it (#9), same events.
    const seen: string[] = [];
    const recordOnly: EventSink = { record: (kind, ...fields) => void seen.push([kind, ...fields].join(',')) };
    expect(run(recordOnly).events).toBe(fast.events);
    expect(seen).toEqual(lines);

    // The fingerprint of that long stream replayed through the exchange's call: a change of one
    // field (time, id, agent, side, price, size) of one event deep in the run changes it, and so
    // does swapping two neighbouring events.
    const events = lines.map((l) => {
      const [kind, ...f] = l.split(',');
      return { kind: kind!, f: f.map(Number) };
    });
    const replay = (evs: typeof events) => {
      const log = new EventLog();
      for (const { kind, f } of evs) log.recordNums(kind, f.length, f[0], f[1], f[2] ?? 0, f[3] ?? 0, f[4] ?? 0, f[5] ?? 0);
      return log.hash();
    };
    expect(replay(events)).toBe(fast.eventLogHash);
    const at = events.findIndex((e, i) => i > 10_000 && e.kind === 'N');
    const hashes = new Set([fast.eventLogHash]);
    for (let k = 0; k < 6; k++) {
      const changed = [...events];
      const f = [...events[at]!.f];
      f[k] = k === 3 ? -f[k]! : f[k]! + 1; // the side flips; the others move by one unit
      changed[at] = { kind: 'N', f };
      hashes.add(replay(changed));
    }
    const swapped = [...events];
    [swapped[at], swapped[at + 1]] = [swapped[at + 1]!, swapped[at]!];
    hashes.add(replay(swapped));
    expect(hashes.size).toBe(1 + 6 + 1);

    const dir = mkdtempSync(join(tmpdir(), 'file-event-log-'));
    try {
      const file = new FileEventLog(join(dir, 'events.csv'));
      expect(file.acceptsDirectWrites()).toBe(false);
      const r = run(file);
      file.close();
      expect(r.eventLogHash).toBe(fast.eventLogHash);
      expect(readFileSync(file.path, 'utf8')).toBe(lines.join('\n') + '\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("writes inline exactly the words of recordNums: a NaN of any bit pattern, −0, large ids and times, full blocks, every kind", () => {
    // A NaN with the sign bit set (what x86 arithmetic gives for 0/0): stored as given it would
    // differ from the log's one canonical NaN, so the inline writes must hand it to recordNums.
    const signedNaN = new Float64Array(new Uint32Array([0, 0xfff80000]).buffer)[0]!;
    expect(new Uint32Array(new Float64Array([signedNaN]).buffer)[1]).toBe(0xfff80000);
    const script = (log: EventLog) => {
      const sch = new Scheduler();
      const ex = new Exchange(sch, 1, 100, log);
      const base = ex.addOwner({ onRestingFill: () => {} }, 2);
      let t = 3e12; // times past 2^31 ns, as in a session
      sch.at(t, { fire: () => {} });
      sch.run(t);
      for (let i = 0; i < 6000; i++) {
        const id = ex.limit(base, -1, 101 + (i % 3), 5);
        ex.replace(id, 102 + (i % 3), 4);
        ex.limit(base + 1, 1, 103, 2); // trades
        ex.ioc(base + 1, 1, 101, 1);
        ex.market(base + 1, 1, 1);
        ex.cancel(id);
        if (i % 1000 === 7) {
          ex.limit(base, -1, signedNaN, 5); // rejected by the book, but logged first
          ex.limit(base, -1, 104, NaN);
          ex.replace(ex.limit(base, -1, 105, 1), -0, 1);
        }
        t += 1e6 + i;
        sch.at(t, { fire: () => {} });
        sch.run(t);
      }
      return ex.events;
    };
    const direct = new EventLog();
    const called = new EventLog(true);
    const events = script(direct);
    expect(script(called)).toBe(events);
    expect(direct.count).toBe(events);
    expect(called.count).toBe(events);
    expect(events).toBeGreaterThan(30_000); // > 100 blocks of 4,096 words: the module's mix too
    const kinds = new Set(called.text().map((l) => l[0]));
    expect(kinds).toEqual(new Set(['N', 'M', 'I', 'C', 'R', 'T']));
    expect(called.text().some((l) => l.startsWith('N,') && l.includes(',NaN,'))).toBe(true);
    expect(called.text().some((l) => l.startsWith('N,') && l.endsWith(',NaN'))).toBe(true);
    expect(direct.hash()).toBe(called.hash());
  });
});
