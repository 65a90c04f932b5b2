/**
 * Signal features and the logistic baseline (#12 item 10: feature events per second, model training
 * and inference times), on the real AMZN LOBSTER day (57,515 events, level 1) and the MSFT level-50
 * slice (1,000 events, 10 levels counted).
 *
 * Events are decoded once (copied records), then each timed run rebuilds the L3 book from them:
 *   - `bookOnly`: applying the events to the book, nothing else (the floor);
 *   - `withFeatures`: the same plus the feature engine (event clock every 10 book events, or a 1 s
 *     time clock) — `featureEventsPerSec` is events / wall second of this loop, and
 *     `featureNsPerEvent` what the features add per event over `bookOnly` in the same run.
 * Logistic regression (defaults: 10 epochs, batch 256) on the day's dataset, horizon 50 book events:
 * `trainMs` (fit) and `inferenceRowsPerSec` (predictProba over every row). Medians of `reps` runs
 * after a warm-up, with CPU time; every run's output checksum must equal the first's (the work is
 * deterministic) or the bench throws, so a run that skipped work cannot pass.
 */
import { OrderBook } from '../main/market/book/order-book.js';
import { copyMarketEvent, type MarketEvent } from '../main/market/events/market-event.js';
import { openReader } from '../main/market/readers/open-reader.js';
import { applyL3 } from '../main/market/replay/apply-l3.js';
import { newReplayCounters } from '../main/market/replay/replay-counters.js';
import type { FeatureConfig } from '../main/signals/features/feature-config.js';
import { FeatureEngine } from '../main/signals/features/feature-engine.js';
import { featuresFromFiles, feedReplayEvent } from '../main/signals/features/replay-features.js';
import { labelRows } from '../main/signals/labels.js';
import { LogisticRegression } from '../main/signals/models/logreg.js';
import { sharedDataDir } from './shared-data.js';

const root = `${sharedDataDir()}/lobster/`;
const AMZN = `${root}AMZN_2012-06-21_34200000_57600000_message_1.csv`;
const MSFT = `${root}MSFT_2012-06-21_34200000_37800000_message_50.csv`;

function decode(file: string): { events: MarketEvent[]; tick: number } {
  const { reader } = openReader([file]);
  const events: MarketEvent[] = [];
  for (let ev = reader.next(); ev; ev = reader.next()) events.push(copyMarketEvent(ev));
  const tick = reader.info.instrument.tickSizeUnits;
  reader.close();
  return { events, tick };
}

interface Timed {
  wallMs: number;
  cpuMs: number;
}

function time(fn: () => number, reps: number): { runs: Timed[]; checksum: number } {
  let checksum = NaN;
  const runs: Timed[] = [];
  for (let i = 0; i < reps + 1; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const c = fn();
    const wallMs = performance.now() - t0;
    const cu = process.cpuUsage(c0);
    if (i === 0) checksum = c;
    else if (c !== checksum) throw new Error(`signals bench: run ${i} gave checksum ${c}, the first gave ${checksum}`);
    if (i > 0) runs.push({ wallMs, cpuMs: (cu.user + cu.system) / 1000 });
  }
  return { runs, checksum };
}

const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

function featureBench(file: string, cfg: Partial<FeatureConfig>, reps: number) {
  const { events, tick } = decode(file);
  const bookOnly = time(() => {
    const book = new OrderBook({ tickUnits: tick });
    const c = newReplayCounters();
    for (const ev of events) applyL3(book, ev, c);
    return book.bestBid() + book.bestAsk() + c.events;
  }, reps);
  let rows = 0;
  const withFeatures = time(() => {
    const book = new OrderBook({ tickUnits: tick });
    const c = newReplayCounters();
    const engine = new FeatureEngine(cfg, tick);
    for (const ev of events) {
      applyL3(book, ev, c);
      feedReplayEvent(engine, ev, book);
    }
    const out = engine.finish();
    rows = out.t.length;
    let s = 0;
    for (let i = 0; i < out.X.length; i += 7) s += out.X[i]!;
    return s + rows;
  }, reps);
  const n = events.length;
  const b = med(bookOnly.runs.map((r) => r.wallMs));
  const f = med(withFeatures.runs.map((r) => r.wallMs));
  return {
    events: n,
    rows,
    columns: new FeatureEngine(cfg, tick).featureNames.length,
    bookOnlyMs: r3(b),
    withFeaturesMs: r3(f),
    featureEventsPerSec: Math.round(n / (f / 1000)),
    featureEventsPerCpuSec: Math.round(n / (med(withFeatures.runs.map((r) => r.cpuMs)) / 1000)),
    featureNsPerEvent: Math.round(((f - b) * 1e6) / n),
  };
}

/** Runs the signals benchmark; `reps` timed runs per figure (default 5). */
export async function runSignalsBench(opts: { reps?: number } = {}): Promise<object> {
  const reps = opts.reps ?? 5;
  const features = {
    amznEvery10: featureBench(AMZN, { everyEvents: 10, levels: 5 }, reps),
    amznTime1s: featureBench(AMZN, { everyEvents: 0, everyNs: 1e9, levels: 5 }, reps),
    msftL50Every10: featureBench(MSFT, { everyEvents: 10, levels: 10 }, reps),
  };
  const ds = labelRows(featuresFromFiles([AMZN], { everyEvents: 10, levels: 5 }), 50);
  const trainRuns: Timed[] = [];
  let trainSum = NaN;
  for (let i = 0; i < Math.max(2, Math.floor(reps / 2)) + 1; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const m = new LogisticRegression({ seed: 1 });
    await m.fit(ds);
    const wallMs = performance.now() - t0;
    const cu = process.cpuUsage(c0);
    const p = m.predictProba(ds.X.subarray(0, ds.featureNames.length));
    if (i === 0) trainSum = p[0]! + p[2]!;
    else if (p[0]! + p[2]! !== trainSum) throw new Error('signals bench: logistic regression fits differ between runs');
    if (i > 0) trainRuns.push({ wallMs, cpuMs: (cu.user + cu.system) / 1000 });
  }
  const train = { runs: trainRuns };
  const model = new LogisticRegression({ seed: 1 });
  await model.fit(ds);
  const infer = time(() => {
    const p = model.predictProba(ds.X);
    let s = 0;
    for (let i = 0; i < p.length; i += 3) s += p[i]!;
    return s;
  }, reps);
  const inferMs = med(infer.runs.map((r) => r.wallMs));
  return {
    features,
    logreg: {
      rows: ds.t.length,
      columns: ds.featureNames.length,
      epochs: model.params.epochs,
      trainMs: r3(med(train.runs.map((r) => r.wallMs))),
      trainCpuMs: r3(med(train.runs.map((r) => r.cpuMs))),
      inferenceMs: r3(inferMs),
      inferenceRowsPerSec: Math.round(ds.t.length / (inferMs / 1000)),
    },
  };
}
