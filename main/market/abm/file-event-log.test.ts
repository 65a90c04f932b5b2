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
