/**
 * What the event log's fingerprint costs the agent-based market: the calm preset (1,000 agents,
 * seed 1) run over the same simulated slice without a log, with the kernel `EventLog`, and with
 * the SHA-256-of-text-lines log it replaced (kept here, only as the old figure to compare with).
 * Runs alternate (off, fingerprint, sha256 text) `reps` times and the medians are compared, so a
 * burst of load on a shared machine hits all three alike. All three runs must report the same
 * event count, and the two logged runs the same count of hashed events, or the bench throws.
 *
 * `overheadPct` = (fingerprint − off) / off in wall time, `cpuOverheadPct` the same in process CPU
 * time; the goal is under 10 %.
 */
import { createHash, type Hash } from 'node:crypto';
import { EventLog } from '../main/kernel/event-log.js';
import { PRESETS } from '../main/market/scenarios/presets.js';
import { runScenario } from '../main/market/scenarios/run-scenario.js';

/** The fingerprint before #9: SHA-256 over one text line per event (the old `EventLog`). */
class Sha256TextLog {
  private readonly sha: Hash = createHash('sha256');
  count = 0;
  record(kind: string, ...fields: Array<string | number>): void {
    let line = kind;
    for (const f of fields) line += ',' + f;
    this.sha.update(line + '\n');
    this.count++;
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Options: simulated seconds per run (default 600), alternations (default 3), agents (1,000). */
export async function runEventLogBench(opts: { durationSec?: number; reps?: number; agents?: number } = {}): Promise<object> {
  const durationSec = opts.durationSec ?? 600;
  const reps = opts.reps ?? 3;
  const agents = opts.agents ?? 1000;
  // CPU time of the process besides wall time: on a shared, loaded machine it moves less.
  const run = (log: EventLog | Sha256TextLog | false) => {
    const c0 = process.cpuUsage();
    const r = runScenario(PRESETS.calm, { seed: 1, agents, durationSec, eventLog: log, recordTrades: false });
    const c = process.cpuUsage(c0);
    return { ...r, cpuMs: (c.user + c.system) / 1000 };
  };
  const off: number[] = [];
  const fp: number[] = [];
  const sha: number[] = [];
  const cpu: [number[], number[], number[]] = [[], [], []];
  let events = -1;
  let hash: string | null = null;
  for (let i = 0; i < reps; i++) {
    const a = run(false);
    const fpLog = new EventLog();
    const b = run(fpLog);
    const shaLog = new Sha256TextLog();
    const c = run(shaLog);
    if (a.events !== b.events || a.events !== c.events || fpLog.count !== shaLog.count) throw new Error(`event-log bench: runs differ (${a.events}, ${b.events}, ${c.events} events)`);
    events = a.events;
    hash = b.eventLogHash;
    off.push(a.elapsedMs);
    fp.push(b.elapsedMs);
    sha.push(c.elapsedMs);
    cpu[0].push(a.cpuMs);
    cpu[1].push(b.cpuMs);
    cpu[2].push(c.cpuMs);
  }
  const [co, cf, cs] = cpu.map(median) as [number, number, number];
  const [o, f, s] = [median(off), median(fp), median(sha)];
  return {
    what: `calm preset, ${agents} agents, seed 1, ${durationSec} simulated s; medians of ${reps} alternating runs`,
    events,
    eventLogHash: hash,
    offMs: +o.toFixed(1),
    fingerprintMs: +f.toFixed(1),
    sha256TextMs: +s.toFixed(1),
    overheadPct: +((100 * (f - o)) / o).toFixed(1),
    sha256TextOverheadPct: +((100 * (s - o)) / o).toFixed(1),
    logCostRatioVsSha256: +((s - o) / Math.max(f - o, 1e-9)).toFixed(1),
    cpuOverheadPct: +((100 * (cf - co)) / co).toFixed(1),
    cpuSha256TextOverheadPct: +((100 * (cs - co)) / co).toFixed(1),
    fingerprintNsPerEvent: +(((f - o) * 1e6) / events).toFixed(1),
    sha256TextNsPerEvent: +(((s - o) * 1e6) / events).toFixed(1),
  };
}
