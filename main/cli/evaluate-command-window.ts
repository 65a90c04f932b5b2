import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { LOOKBACK_NS, MEASURE_DELAY_NS, REVERSION_HORIZON_NS } from '../backtest/job-run.js';
import type { SeenDay } from '../execution/agent/agent-model-folder.js';
import { openReplay } from '../market/replay/open-replay.js';
import { UsageError } from './cli-args.js';

/** Seconds before an order's start the backtest samples (the volatility look-back, the agent's warm-up). */
export const LOOKBACK_SEC = LOOKBACK_NS / 1e9;
/** Seconds after an order's end the backtest still reads (measurement delay, reversion window, 1 s margin; as its drawn starts leave). */
export const TAIL_SEC = Math.ceil(MEASURE_DELAY_NS / 1e9 + REVERSION_HORIZON_NS / 1e9) + 1;

/** A span of a day: [startSec, endSec] in seconds after the data's midnight on its own clock (exchange-local for LOBSTER, UTC for UTC feeds). */
export type DaySpan = readonly [number, number];

/**
 * Parses `--window HH:MM-HH:MM` (seconds allowed: `HH:MM:SS`) into seconds after midnight.
 * Throws a UsageError naming `--window` unless 00:00 ≤ start < end ≤ 24:00.
 */
export function parseWindow(raw: string): DaySpan {
  const m = /^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*-\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$/.exec(raw);
  if (!m) throw new UsageError(`--window: "${raw}" is not HH:MM-HH:MM (time of day on the data's clock, e.g. 12:45-16:00)`);
  const sec = (h: string, mi: string, s: string | undefined) => {
    const [H, M, S] = [Number(h), Number(mi), Number(s ?? 0)];
    if (M > 59 || S > 59 || H > 24 || (H === 24 && (M > 0 || S > 0))) throw new UsageError(`--window: "${raw}" has a time out of range (00:00 … 24:00)`);
    return H * 3600 + M * 60 + S;
  };
  const lo = sec(m[1]!, m[2]!, m[3]), hi = sec(m[4]!, m[5]!, m[6]);
  if (!(lo < hi)) throw new UsageError(`--window: "${raw}" must end after it starts (one day; no wrap past midnight)`);
  return [lo, hi];
}

/** `HH:MM` or `HH:MM:SS` (when not a whole minute) of seconds after midnight. */
export function formatTimeOfDay(sec: number): string {
  const s = Math.round(sec);
  const hh = String(Math.floor(s / 3600)).padStart(2, '0'), mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0'), ss = s % 60;
  return ss === 0 ? `${hh}:${mm}` : `${hh}:${mm}:${String(ss).padStart(2, '0')}`;
}

/** Seconds after midnight (the data's clock) of a day's first event: where the backtest's start offsets count from. */
export function dayFirstEventSec(files: readonly string[]): number {
  const r = openReplay(files, { noReference: true });
  try {
    r.step(1);
    const first = r.result().firstTsNs;
    if (!Number.isFinite(first)) throw new UsageError(`--data: ${files[0]} has no events`);
    return first / 1e9;
  } finally {
    r.close();
  }
}

/** The part of the day an order at `startSec` (after the first event) reads: its look-back, the order and its post-trade window. */
export function evaluatedSpan(firstSec: number, startSec: number, horizonSec: number): DaySpan {
  return [firstSec + startSec - LOOKBACK_SEC, firstSec + startSec + horizonSec + TAIL_SEC];
}

/**
 * Order starts (whole seconds after the day's first event) confined to `window`: the first leaves
 * the look-back inside it, then one every `everySec` while the order and its post-trade window
 * still end inside it. Throws a UsageError naming `--window` when no order fits.
 */
export function windowStarts(window: DaySpan, firstSec: number, horizonSec: number, everySec: number): number[] {
  const lo = Math.max(0, Math.ceil(window[0] + LOOKBACK_SEC - firstSec));
  const hi = Math.floor(window[1] - horizonSec - TAIL_SEC - firstSec);
  const out: number[] = [];
  for (let s = lo; s <= hi; s += everySec) out.push(s);
  if (out.length === 0) {
    throw new UsageError(`--window: ${formatTimeOfDay(window[0])}-${formatTimeOfDay(window[1])} is too short for a ${horizonSec} s order with its ${LOOKBACK_SEC} s look-back and ${TAIL_SEC} s post-trade window`);
  }
  return out;
}

/** Throws a UsageError naming `--start` when an order's evaluated span leaves `window`. */
export function checkStartsInWindow(window: DaySpan, firstSec: number, starts: readonly number[], horizonSec: number): void {
  for (const s of starts) {
    const [a, b] = evaluatedSpan(firstSec, s, horizonSec);
    if (a < window[0] || b > window[1]) {
      throw new UsageError(`--start ${s}: the order with its look-back and post-trade window (${formatTimeOfDay(a)}-${formatTimeOfDay(b)}) leaves --window ${formatTimeOfDay(window[0])}-${formatTimeOfDay(window[1])}`);
    }
  }
}

const sha256 = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');

/**
 * Refuses an evaluation day the model trained or validated on (no leakage of days): a day is the
 * model's when a file's base name or SHA-256 is among a `config.data` entry's. A day seen whole
 * is refused; a day seen in a window is accepted only when every evaluated span (`spans`: each
 * order's look-back, order and post-trade window; null = starts drawn across the whole day) lies
 * outside that window. Errors name the option, the file, the window and the manifest.
 */
export function checkUnseenDay(seen: readonly SeenDay[], files: readonly string[], spans: readonly DaySpan[] | null, manifestPath: string): void {
  const names = files.map((f) => f.split(/[\\/]/).pop()!);
  const hashes = seen.some((d) => d.sha256.length > 0) ? files.map(sha256) : [];
  for (const d of seen) {
    const i = names.findIndex((n, k) => d.files.includes(n) || (hashes[k] !== undefined && d.sha256.includes(hashes[k]!)));
    if (i < 0) continue;
    const name = names[i]!;
    if (d.window === undefined) {
      throw new UsageError(`--data: ${name} is a day the model trained or validated on (config.data in ${manifestPath}); evaluate on days it never saw`);
    }
    const [w0, w1] = d.window;
    const seenPart = `${formatTimeOfDay(w0)}-${formatTimeOfDay(w1)}`;
    if (spans === null) {
      throw new UsageError(`--data: the model saw ${seenPart} of ${name} (config.data window [${w0}, ${w1}] in ${manifestPath}); give --window HH:MM-HH:MM outside it (or --start times whose orders stay outside it)`);
    }
    for (const [a, b] of spans) {
      if (a < w1 && b > w0) {
        throw new UsageError(`--window: an order reading ${formatTimeOfDay(a)}-${formatTimeOfDay(b)} of ${name} (its ${LOOKBACK_SEC} s look-back, the order and its ${TAIL_SEC} s post-trade window) overlaps ${seenPart}, the part the model trained or validated on (config.data window in ${manifestPath})`);
      }
    }
  }
}
