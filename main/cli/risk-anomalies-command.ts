import { anomalyFeatures, detectAnomalies, Z_CAP } from '../risk/anomalies/detect.js';
import type { AnomalyAlert, AnomalyFeature } from '../risk/anomalies/alert.js';
import { numberOption } from './ac-command.js';
import { intOption, parseArgs, UsageError } from './cli-args.js';
import { clock } from './risk-regimes-command.js';
import { DATA_USAGE, DATA_VALUE_OPTIONS, formatSeconds, readDataOption } from './risk-vol-options.js';

export const RISK_ANOMALIES_USAGE = `usage: slipstream risk anomalies --data DAYS [options] [--json]

Liquidity-stress and flash-crash-precursor alerts, causal (every value judged against the samples
before it): robust z-scores of spread, depth, order flow and returns (bars: returns and volume)
against a rolling median and MAD, and an isolation forest over those z-scores. Each alert gives
the feature, how far out (robust z), since when, and the value against its baseline.
${DATA_USAGE}
  --window N           samples in each baseline, and the forest's training window (default 600)
  --threshold Z        |robust z| that counts as out (default 5)
  --min-run N          consecutive out samples that raise an alert (default 5)
  --quantile Q         forest: out above this quantile of its training scores (default 0.995)
  --trees N            isolation trees (default 100)
  --seed S             seed of the forest (default 1)
  --limit N            alerts listed in the text output (default 20; --json lists all)
  --json               print {samples, features, alerts, counts}
Exit status: 0 ok (alerts or not), 1 unreadable or malformed data, 2 usage error.`;

/** What `slipstream risk anomalies --json` prints. Invariant: counts add up to alerts.length. */
export interface RiskAnomaliesResult {
  readonly samples: number;
  readonly sampleSec: number;
  readonly features: readonly AnomalyFeature[];
  readonly alerts: readonly AnomalyAlert[];
  readonly counts: { readonly robustZ: number; readonly isolationForest: number };
}

/** Runs `slipstream risk anomalies`. */
export async function riskAnomaliesCommand(argv: readonly string[], out: (s: string) => void): Promise<number> {
  const args = parseArgs(argv, [...DATA_VALUE_OPTIONS, 'window', 'threshold', 'min-run', 'quantile', 'trees', 'seed', 'limit'], ['json', 'help']);
  if (args.flags.has('help')) {
    out(RISK_ANOMALIES_USAGE);
    return 0;
  }
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"\n${RISK_ANOMALIES_USAGE}`);
  const window = intOption(args, 'window', 3, 10_000_000);
  const threshold = numberOption(args, 'threshold', 0, true, 'robust z', false);
  const minRun = intOption(args, 'min-run', 1, 10_000_000);
  const quantile = numberOption(args, 'quantile', 0, true, 'quantile of training scores', false);
  if (quantile !== undefined && !(quantile < 1)) throw new UsageError(`--quantile must be < 1, got ${quantile}`);
  const trees = intOption(args, 'trees', 1, 10_000);
  const seed = intOption(args, 'seed', 0, 2 ** 32 - 1);
  const limit = intOption(args, 'limit', 0, 1_000_000) ?? 20;
  const days = readDataOption(args);
  const { alerts, samples } = detectAnomalies(days, { window, threshold, minRun, forestQuantile: quantile, trees, seed });
  const result: RiskAnomaliesResult = {
    samples,
    sampleSec: days[0]!.sampleSec,
    features: anomalyFeatures(days[0]!),
    alerts,
    counts: { robustZ: alerts.filter((a) => a.detector === 'robustZ').length, isolationForest: alerts.filter((a) => a.detector === 'isolationForest').length },
  };
  if (args.flags.has('json')) {
    out(JSON.stringify(result));
    return 0;
  }
  out(`risk anomalies: ${samples.toLocaleString('en-US')} samples every ${formatSeconds(result.sampleSec)} over ${days.length} day(s), watching ${result.features.join(', ')}`);
  out(`${alerts.length} alerts: ${result.counts.robustZ} robust z, ${result.counts.isolationForest} isolation forest`);
  for (const a of alerts.slice(0, limit)) out(describeAlert(a));
  if (alerts.length > limit) out(`… ${alerts.length - limit} more (--limit, or --json for all)`);
  return 0;
}

/** One alert in words, e.g. "10:03:12-10:03:40 spreadBps high: 12.1 vs baseline 2.05 (z 31.4) since 10:03:12, robust z". */
export function describeAlert(a: AnomalyAlert): string {
  const v = (x: number): string => (Math.abs(x) >= 1000 ? x.toFixed(0) : x.toPrecision(3));
  const forest = a.score !== null ? `, forest score ${a.score.toFixed(3)} > ${a.scoreThreshold!.toFixed(3)}` : '';
  const z = Math.abs(a.peakZ) >= Z_CAP ? `z ${a.peakZ > 0 ? '+' : '-'}∞, baseline flat` : `z ${a.peakZ.toFixed(1)}`;
  return `${clock(a.since)}-${clock(a.until)} ${a.feature} ${a.direction}: ${v(a.value)} vs baseline ${v(a.baseline)} (${z} at ${clock(a.peakAt)}), ${a.samples} samples, ${a.detector}${forest}${a.open ? ', still open' : ''}`;
}
