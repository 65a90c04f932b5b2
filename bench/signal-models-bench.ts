/**
 * Signal models' training and inference times (#12 item 10) on the real AMZN LOBSTER day: features
 * every 10 book events (5 levels), labels 50 book events ahead — about 5,500 rows × 23 columns.
 * For each kind (logreg, gbdt, mlp, lstm; default settings) the model is fitted `fits` times (the
 * first a warm-up, untimed) and every fit must predict the same numbers bit for bit as the first or
 * the bench throws (the work is deterministic, so a fit that skipped work cannot pass); `trainMs`
 * and `trainCpuMs` are medians of the timed fits. `inferenceRowsPerSec`: predictProba over every row
 * (median of 3 after one warm-up), and `singleRowUs`: one row at a time, as `AgentSignal` asks it
 * (the LSTM gets its window of rows and computes the last one only, `predictLastProba`).
 */
import { activeBackendInfo } from '../main/learning/tf-backend.js';
import { featuresFromFiles } from '../main/signals/features/replay-features.js';
import { labelRows } from '../main/signals/labels.js';
import { modelFactory } from '../main/signals/models/registry.js';
import { sharedDataDir } from './shared-data.js';

const AMZN = `${sharedDataDir()}/lobster/AMZN_2012-06-21_34200000_57600000_message_1.csv`;

const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const r1 = (x: number) => Math.round(x * 10) / 10;

/** Runs the signal-models benchmark; `fits` fits per kind including the untimed warm-up (default 2). */
export async function runSignalModelsBench(opts: { fits?: number; kinds?: string[] } = {}): Promise<object> {
  const fits = Math.max(2, opts.fits ?? 2);
  const ds = labelRows(featuresFromFiles([AMZN], { everyEvents: 10, levels: 5 }), 50);
  const d = ds.featureNames.length;
  const n = ds.t.length;
  const out: Record<string, unknown> = { rows: n, columns: d };
  for (const kind of opts.kinds ?? ['logreg', 'gbdt', 'mlp', 'lstm']) {
    const factory = await modelFactory(kind);
    const wall: number[] = [];
    const cpu: number[] = [];
    let first: Buffer | null = null;
    let model = factory.create({ seed: 1 });
    for (let i = 0; i < fits; i++) {
      model = factory.create({ seed: 1 });
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await model.fit(ds);
      const w = performance.now() - t0;
      const cu = process.cpuUsage(c0);
      const p = Buffer.from(model.predictProba(ds.X).buffer);
      if (first === null) first = p;
      else if (!p.equals(first)) throw new Error(`signal-models bench: ${kind} fit ${i + 1} predicts differently from the first`);
      if (i > 0) {
        wall.push(w);
        cpu.push((cu.user + cu.system) / 1000);
      }
    }
    const inf: number[] = [];
    let check = 0;
    for (let i = 0; i < 4; i++) {
      const t0 = performance.now();
      const p = model.predictProba(ds.X);
      if (i > 0) inf.push(performance.now() - t0);
      check += p[p.length - 1]!;
    }
    const window = (model as { params?: { window?: number } }).params?.window ?? 1;
    const single = Math.min(n - window, 2000);
    const t0 = performance.now();
    const last = (model as { predictLastProba?: (X: Float32Array) => Float32Array }).predictLastProba?.bind(model);
    for (let i = 0; i < single; i++) {
      const X = ds.X.subarray(i * d, (i + window) * d);
      check += last ? last(X)[2]! : model.predictProba(X)[window * 3 - 1]!;
    }
    const singleMs = performance.now() - t0;
    if (!Number.isFinite(check)) throw new Error(`signal-models bench: ${kind} predicted a non-finite probability`);
    out[kind] = {
      trainMs: r1(med(wall)),
      trainCpuMs: r1(med(cpu)),
      inferenceRowsPerSec: Math.round(n / (med(inf) / 1000)),
      singleRowUs: r1((singleMs * 1000) / single),
      ...(kind === 'mlp' || kind === 'lstm' ? { tfBackend: activeBackendInfo()?.name ?? null } : {}),
    };
  }
  return out;
}
