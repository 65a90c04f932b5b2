import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { BookView } from '../../market/book/book-types.js';
import { EventKind, type MarketEvent } from '../../market/events/market-event.js';
import { fitQueueReactive } from '../../market/queue-reactive/qr-fit.js';
import { openReplay } from '../../market/replay/open-replay.js';
import type { FittedMarket } from './default-preset.js';

/** One data file a model was trained on: its base name and the SHA-256 of its bytes. */
export interface DataFileHash {
  readonly file: string;
  readonly sha256: string;
}

/** SHA-256 of each file's bytes, by base name (what a manifest records of its training data). */
export function hashDataFiles(files: readonly string[]): DataFileHash[] {
  return files.map((f) => ({ file: basename(f), sha256: createHash('sha256').update(readFileSync(f)).digest('hex') }));
}

/**
 * Part of a recorded day: [startSec, endSec] in seconds after the data's midnight on its own
 * clock (tsNs / 1e9; exchange-local for LOBSTER). Invariant: 0 ≤ startSec < endSec.
 */
export type DayWindow = readonly [number, number];

/**
 * Traded volume (Execute and Trade events, as the impact calibration counts them) per second of
 * the day, or of `window` only: volume of the events in it ÷ (last − first event in it).
 */
export function dayVolumePerSec(files: readonly string[], window?: DayWindow): { volume: number; sessionSec: number } {
  const lo = window === undefined ? -Infinity : window[0] * 1e9, hi = window === undefined ? Infinity : window[1] * 1e9;
  let volume = 0, first = NaN, last = NaN, at = -Infinity;
  const r = openReplay(files, { onEvent: (_k: number, ev: MarketEvent, _b: BookView) => {
    at = ev.tsNs;
    if (ev.tsNs < lo || ev.tsNs > hi) return;
    if (Number.isNaN(first)) first = ev.tsNs;
    last = ev.tsNs;
    if (ev.kind === EventKind.Execute || ev.kind === EventKind.Trade) volume += ev.size;
  } });
  try {
    while (!r.step(1 << 16) && at <= hi);
  } finally {
    r.close();
  }
  return { volume, sessionSec: Number.isNaN(first) ? 0 : (last - first) / 1e9 };
}

/**
 * Fits the queue-reactive training market to one recorded day, or to the part of it in `window`
 * (`fitQueueReactive`), and measures the traded volume per second over the same span, the basis
 * of the 1–10 % sizes. Throws naming the file when it cannot be fitted or traded nothing. Reads
 * the files: run it when building a config, never when acting (the fitted params travel in the
 * model's config).
 */
export function fitTrainingMarket(name: string, files: readonly string[], window?: DayWindow): FittedMarket {
  const params = fitQueueReactive(files, window === undefined ? {} : { window });
  const v = dayVolumePerSec(files, window);
  if (!(v.volume > 0 && v.sessionSec > 0)) {
    throw new RangeError(`${files.join(', ')}${window ? ` (window ${window[0]}-${window[1]} s)` : ''}: no executions or trades — the volume (the basis of order sizes) cannot be measured`);
  }
  return { name, params, volumePerSec: v.volume / v.sessionSec };
}
