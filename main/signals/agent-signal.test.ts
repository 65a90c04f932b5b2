import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OBS, OBS_DIM, SIGNAL_SLOTS, writeObservation, DEFAULT_OBS_SCALES } from '../learning/env/observation.js';
import { FixedBook } from '../learning/env/test-book.js';
import { dataPath } from '../market/readers/test-support.js';
import { openReplay } from '../market/replay/open-replay.js';
import { AgentSignal } from './agent-signal.js';
import { featuresFromFiles, feedReplayEvent } from './features/replay-features.js';
import { trainSignalModel } from './pipeline.js';

const MSFT = dataPath('lobster/MSFT_2012-06-21_34200000_37800000_message_50.csv');

/** Replays MSFT through an AgentSignal, taking the slots every 25th event: [rows written, buy slots, sell slots]. */
function replayThrough(signal: AgentSignal): [number, Float32Array, Float32Array][] {
  const seen: [number, Float32Array, Float32Array][] = [];
  let n = 0;
  const replay = openReplay([MSFT], {
    onEvent: (_i, ev, book) => {
      feedReplayEvent(signal.engine, ev, book);
      if (++n % 25 === 0) seen.push([signal.engine.rowCount, signal.slots(1), signal.slots(-1)]);
    },
  });
  try {
    replay.runToEnd();
  } finally {
    replay.close();
  }
  return seen;
}

describe('AgentSignal (a trained model filling the observation signal slots, causally)', () => {
  for (const [kind, params] of [['logreg', {}], ['lstm', { window: 4, hidden: 4, epochs: 1 }]] as const) {
    it(`${kind}: slots at each moment equal the offline prediction of the latest row; side flips the score`, async () => {
      const dir = mkdtempSync(join(tmpdir(), `slipstream-agent-signal-${kind}-`));
      await trainSignalModel({
        kind, days: [[MSFT]], horizon: 5, features: { everyEvents: 2, levels: 10 }, seed: 3, params,
        validation: { mode: 'walk-forward', folds: 2, embargoRows: 0 }, outDir: dir,
      });
      const signal = await AgentSignal.load(dir, 0);
      const seen = replayThrough(signal);
      const batch = featuresFromFiles([MSFT], signal.manifest.featureConfig);
      const p = signal.model.predictProba(batch.X);
      expect(seen.length).toBeGreaterThan(20);
      let checked = 0;
      for (const [rows, buy, sell] of seen) {
        if (rows === 0) {
          expect(Array.from(buy)).toEqual([0, 0, 0]);
          continue;
        }
        const r = (rows - 1) * 3;
        expect(buy[0]).toBe(Math.fround(p[r + 2]! - p[r]!));
        expect(sell[0]).toBe(-buy[0]!);
        expect(buy[1]).toBe(p[r + 1]!);
        expect(buy[2]).toBe(1);
        checked++;
      }
      expect(checked).toBeGreaterThan(20);
      // The score moves over the day (a constant would pass the equalities above only if the model were constant).
      expect(new Set(seen.map(([, b]) => b[0])).size).toBeGreaterThan(5);
    }, 120_000);
  }

  it('writeObservation puts the slots in the reserved signal slots (clipped), zeros without them', () => {
    const book = new FixedBook([[1000, 10]], [[1002, 10]]);
    const state = { side: 1 as const, timeLeft: 1, inventoryLeft: 1, book, tickUnits: 1, volatilityBps: 0, volumeRatio: 0, buyVolume: 0, sellVolume: 0, totalVolume: 0, queuePosition: 1 };
    const out = new Float32Array(OBS_DIM);
    writeObservation(out, 0, { ...state, signals: Float32Array.from([0.25, 0.5, 1]) }, DEFAULT_OBS_SCALES);
    expect(Array.from(out.subarray(OBS.signal0))).toEqual([0.25, 0.5, 1, 0, 0, 0, 0, 0]);
    writeObservation(out, 0, { ...state, signals: [3, -7, NaN] }, DEFAULT_OBS_SCALES);
    expect(Array.from(out.subarray(OBS.signal0, OBS.signal0 + 3))).toEqual([1, -1, 0]);
    writeObservation(out, 0, state, DEFAULT_OBS_SCALES);
    expect(Array.from(out.subarray(OBS.signal0))).toEqual(new Array(SIGNAL_SLOTS).fill(0));
  });
});
