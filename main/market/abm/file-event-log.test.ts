import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventLog } from '../../kernel/event-log.js';
import { PRESETS } from '../scenarios/presets.js';
import { runScenario } from '../scenarios/run-scenario.js';
import type { EventSink } from './exchange.js';
import { FileEventLog } from './file-event-log.js';

/** 20 simulated seconds of the calm market, about 17,000 exchange events of every kind. */
const run = (eventLog: EventLog | EventSink) => runScenario(PRESETS.calm, { seed: 3, durationSec: 20, eventLog, recordTrades: false });

describe('the exchange event stream through every kind of sink', () => {
  it('gives the same lines and fingerprint to the hash-only log, the line-keeping log, the file log and a record-only sink', () => {
    const hashOnly = new EventLog();
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
      const r = run(file);
      file.close();
      expect(r.eventLogHash).toBe(fast.eventLogHash);
      expect(readFileSync(file.path, 'utf8')).toBe(lines.join('\n') + '\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
