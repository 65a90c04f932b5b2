import { featureWindows, type RegimeFeature } from '../risk/regimes/features.js';
import { REGIME_LABELS, type RegimeLabel } from '../risk/regimes/labels.js';
import { OnlineRegimes, type RegimeAssignment, type RegimeMethod } from '../risk/regimes/online.js';
import { choiceOption, intOption, parseArgs, UsageError } from './cli-args.js';
import { DATA_USAGE, DATA_VALUE_OPTIONS, formatSeconds, readDataOption } from './risk-vol-options.js';

export const RISK_REGIMES_USAGE = `usage: slipstream risk regimes --data DAYS [options] [--json]

Finds market regimes over windows of the days: each window's realised volatility, mean spread,
mean depth and volume (bars: volatility and volume). Clusters them (k-means, k-means++ seeded, or a
Gaussian mixture by EM) and names each cluster calm, volatile, illiquid or stressed by its centroid,
relative to the windows fitted. Online: the first fit is on the first --warmup windows; each later
window is assigned when it arrives, and the model is refitted every --refit-every windows on the
latest --history windows. Same data and seed, same output.
${DATA_USAGE}
  --window N           samples per window (default 60: a minute of 1 s samples, an hour of 1 min bars)
  --method M           kmeans (default) or gmm
  --k K                clusters, 1-4 (default 4)
  --seed S             seed (default 1)
  --warmup W           windows before the first fit (default 60)
  --refit-every R      windows between refits (default 30)
  --history H          windows a refit uses at most (default 1000)
  --json               print {method, k, seed, window, features, regimes, segments, current, refits, windows}
Exit status: 0 ok, 1 unreadable or malformed data or too little data, 2 usage error.`;

/** One regime of `risk regimes --json`. Invariant: shares over regimes sum to 1. */
export interface RegimeSummary {
  readonly label: RegimeLabel;
  readonly windows: number;
  readonly share: number;
  /** Median of each feature over the windows in this regime, in its own units (bps, size, size). */
  readonly median: Partial<Record<RegimeFeature, number>>;
}

/** A run of consecutive windows of one day in one regime. Times are seconds since the day's midnight. */
export interface RegimeSegment {
  readonly day: string;
  readonly from: number;
  readonly to: number;
  readonly label: RegimeLabel;
  readonly windows: number;
}

/** What `slipstream risk regimes --json` prints. */
export interface RiskRegimesResult {
  readonly method: RegimeMethod;
  readonly k: number;
  readonly seed: number;
  readonly window: number;
  readonly windowSec: number;
  readonly features: readonly RegimeFeature[];
  readonly regimes: RegimeSummary[];
  readonly segments: RegimeSegment[];
  readonly current: { readonly label: RegimeLabel; readonly since: number; readonly day: string; readonly probability: number };
  readonly refits: number;
  readonly windows: number;
  readonly warmupWindows: number;
}

/** Runs `slipstream risk regimes`. */
export async function riskRegimesCommand(argv: readonly string[], out: (s: string) => void): Promise<number> {
  const args = parseArgs(argv, [...DATA_VALUE_OPTIONS, 'window', 'method', 'k', 'seed', 'warmup', 'refit-every', 'history'], ['json', 'help']);
  if (args.flags.has('help')) {
    out(RISK_REGIMES_USAGE);
    return 0;
  }
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"\n${RISK_REGIMES_USAGE}`);
  const window = intOption(args, 'window', 2, 1_000_000) ?? 60;
  const method = choiceOption(args, 'method', ['kmeans', 'gmm'] as const) ?? 'kmeans';
  const k = intOption(args, 'k', 1, 4) ?? 4;
  const seed = intOption(args, 'seed', 0, 2 ** 32 - 1) ?? 1;
  const warmup = intOption(args, 'warmup', 2 * k, 1_000_000) ?? 60;
  const refitEvery = intOption(args, 'refit-every', 1, 1_000_000) ?? 30;
  const history = intOption(args, 'history', warmup, 10_000_000) ?? Math.max(1000, warmup);
  const days = readDataOption(args);
  const fw = featureWindows(days, window);
  if (fw.raw.length < warmup) {
    throw new Error(`${days.map((d) => d.label).join(', ')}: ${fw.raw.length} windows of ${window} samples; --warmup needs ${warmup}`);
  }
  const tracker = new OnlineRegimes(fw.names, { method, k, seed, warmup, refitEvery, history });
  const assigned: RegimeAssignment[] = [];
  for (const row of fw.raw) {
    const a = tracker.push(row, (w) => assigned.push(...w));
    if (a) assigned.push(a);
  }
  const regimes = REGIME_LABELS.map((label): RegimeSummary => {
    const rows = fw.raw.filter((_, i) => assigned[i]!.label === label);
    const median = Object.fromEntries(fw.names.map((n, j) => [n, medianOf(rows.map((r) => r[j]!))]));
    return { label, windows: rows.length, share: rows.length / assigned.length, median };
  }).filter((r) => r.windows > 0);
  const windowSec = window * days[0]!.sampleSec;
  const segments: RegimeSegment[] = [];
  assigned.forEach((a, i) => {
    const last = segments[segments.length - 1];
    const day = days[fw.day[i]!]!.label;
    if (last && last.label === a.label && last.day === day) {
      segments[segments.length - 1] = { ...last, to: fw.t[i]!, windows: last.windows + 1 };
    } else {
      segments.push({ day, from: fw.t[i]! - windowSec, to: fw.t[i]!, label: a.label, windows: 1 });
    }
  });
  const lastSeg = segments[segments.length - 1]!;
  const result: RiskRegimesResult = {
    method, k, seed, window, windowSec, features: fw.names, regimes, segments,
    current: { label: lastSeg.label, since: lastSeg.from, day: lastSeg.day, probability: assigned[assigned.length - 1]!.probability },
    refits: tracker.refits, windows: assigned.length, warmupWindows: warmup,
  };
  if (args.flags.has('json')) {
    out(JSON.stringify(result));
    return 0;
  }
  out(`risk regimes: ${method}, k ${k}, seed ${seed}; ${assigned.length} windows of ${formatSeconds(windowSec)} over ${days.length} day(s); ${tracker.refits} fits (first on ${warmup} windows, then every ${refitEvery})`);
  out(`regime     share   (medians) ${fw.names.map((n) => n.padStart(10)).join(' ')}`);
  for (const r of regimes) {
    const cells = fw.names.map((n) => fmt(r.median[n]!).padStart(10)).join(' ');
    out(`${r.label.padEnd(10)} ${(100 * r.share).toFixed(1).padStart(5)}%  ${cells}`);
  }
  out(`segments: ${segments.length}; current: ${result.current.label} since ${clock(result.current.since)} (${result.current.day})`);
  for (const s of segments.slice(-10)) out(`  ${clock(s.from)}-${clock(s.to)} ${s.label} (${s.windows} windows)`);
  return 0;
}

function medianOf(x: number[]): number {
  const s = x.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const fmt = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toPrecision(3));

/** Seconds since the first day's midnight → hh:mm:ss, with "+Nd " for later days (a month of bars). */
export function clock(sec: number): string {
  const s = Math.floor(sec);
  const d = Math.floor(s / 86_400);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d > 0 ? `+${d}d ` : ''}${p(Math.floor((s % 86_400) / 3600))}:${p(Math.floor((s % 3600) / 60))}:${p(s % 60)}`;
}
