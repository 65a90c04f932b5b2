import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { dayStatsFromTape } from '../../market/impact/calibrate-impact.js';
import { fitQueueReactive } from '../../market/queue-reactive/qr-fit.js';
import { EventTape } from '../../market/replay/event-tape.js';
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
 * Fits the queue-reactive training market to one recorded day (`fitQueueReactive`) and measures
 * the day's traded volume per second (executions and trades over first→last event, as the impact
 * calibration counts them), the basis of the 1–10 % sizes. Throws naming the file when the day
 * cannot be fitted or traded nothing. Reads the files: run it when building a config, never when
 * acting (the fitted params travel in the model's config).
 */
export function fitTrainingMarket(name: string, files: readonly string[]): FittedMarket {
  const params = fitQueueReactive(files);
  const tape = new EventTape(1 << 16);
  const r = openReplay(files, { tape });
  const info = r.runToEnd().info;
  r.close();
  const stats = dayStatsFromTape(tape, info);
  if (!(stats.dailyVolume > 0 && stats.sessionNs > 0)) throw new RangeError(`${files.join(', ')}: no executions or trades — the day's volume (the basis of order sizes) cannot be measured`);
  return { name, params, volumePerSec: stats.dailyVolume / (stats.sessionNs / 1e9) };
}
