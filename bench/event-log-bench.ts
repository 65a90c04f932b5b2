/**
 * What the event log's fingerprint costs the agent-based market: the calm preset (1,000 agents,
 * seed 1) run over the same simulated slice without a log, with the kernel `EventLog`, and with
 * the SHA-256-of-text-lines log it replaced (kept here, only as the old figure to compare with).
 * Runs alternate (off, fingerprint, sha256 text) `reps` times and the medians are compared, so a
 * burst of load on a shared machine hits all three alike. All three runs must report the same
 * event count, and the two logged runs the same count of hashed events, or the bench throws.
 *
 * `overheadPct` = fingerprint / off − 1 in wall time, `cpuOverheadPct` the same in process CPU
 * time, each the median of the alternations' own ratios; the issue's goal is under 10 %.
 * `cpuCallOnlyOverheadPct`: the same for a sink that takes the exchange's numeric fast path and
 * keeps nothing (the cost of calling a log at all, which the fingerprint cannot go below).
 * `…Ms` are medians; `…NsPerEvent` = (median with − median without) / events.
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

/**
 * A sink that takes the exchange's fast path and keeps nothing but a sum of one field (so the
 * call is not dead code): what the call path costs without any fingerprint.
 */
class CallOnlySink {
  count = 0;
  sum = 0;
  record(): void {
    throw new Error('event-log bench: the call-only sink expects the numeric fast path');
  }
  recordNums(_kind: string, _n: number, f0 = 0): void {
    this.sum += f0;
    this.count++;
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Options: simulated seconds per run (default 1,200), alternations (default 5), agents (1,000). */
export async function runEventLogBench(opts: { durationSec?: number; reps?: number; agents?: number } = {}): Promise<object> {
  const durationSec = opts.durationSec ?? 1200;
  const reps = opts.reps ?? 5;
  const agents = opts.agents ?? 1000;
  // CPU time of the process besides wall time: on a shared, loaded machine it moves less.
  const run = (log: EventLog | Sha256TextLog | CallOnlySink | false) => {
    const c0 = process.cpuUsage();
    const r = runScenario(PRESETS.calm, { seed: 1, agents, durationSec, eventLog: log, recordTrades: false });
    const c = process.cpuUsage(c0);
    return { ...r, cpuMs: (c.user + c.system) / 1000 };
  };
  const off: number[] = [];
  const fp: number[] = [];
  const sha: number[] = [];
  const cpu: [number[], number[], number[]] = [[], [], []];
  const callCpu: number[] = [];
  let events = -1;
  let hash: string | null = null;
  for (let i = 0; i < reps; i++) {
    const a = run(false);
    const fpLog = new EventLog();
    const b = run(fpLog);
    const shaLog = new Sha256TextLog();
    const c = run(shaLog);
    const callLog = new CallOnlySink();
    const d = run(callLog);
    callCpu.push(d.cpuMs);
    if (a.events !== b.events || a.events !== c.events || a.events !== d.events || fpLog.count !== shaLog.count || callLog.count !== fpLog.count) throw new Error(`event-log bench: runs differ (${a.events}, ${b.events}, ${c.events} events)`);
    events = a.events;
    hash = b.eventLogHash;
    off.push(a.elapsedMs);
    fp.push(b.elapsedMs);
    sha.push(c.elapsedMs);
    cpu[0].push(a.cpuMs);
    cpu[1].push(b.cpuMs);
    cpu[2].push(c.cpuMs);
  }
  // Each alternation's own ratio, then the median: the runs of one alternation share the load.
  const pairedPct = (on: number[], base: number[]) => +(100 * (median(on.map((x, i) => x / base[i]!)) - 1)).toFixed(1);
  const [o, f, s] = [median(off), median(fp), median(sha)];
  return {
    what: `calm preset, ${agents} agents, seed 1, ${durationSec} simulated s; medians of ${reps} alternating runs`,
    events,
    eventLogHash: hash,
    offMs: +o.toFixed(1),
    fingerprintMs: +f.toFixed(1),
    sha256TextMs: +s.toFixed(1),
    overheadPct: pairedPct(fp, off),
    sha256TextOverheadPct: pairedPct(sha, off),
    logCostRatioVsSha256: +((s - o) / Math.max(f - o, 1e-9)).toFixed(1),
    cpuOverheadPct: pairedPct(cpu[1], cpu[0]),
    cpuSha256TextOverheadPct: pairedPct(cpu[2], cpu[0]),
    cpuCallOnlyOverheadPct: pairedPct(callCpu, cpu[0]),
    fingerprintNsPerEvent: +(((f - o) * 1e6) / events).toFixed(1),
    sha256TextNsPerEvent: +(((s - o) * 1e6) / events).toFixed(1),
  };
}
