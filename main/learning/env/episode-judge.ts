import { MEASURE_DELAY_NS, REVERSION_HORIZON_NS } from '../../backtest/job-run.js';
import { parentOrderTca, type MidPoint, type ParentOrderTca, type TcaFill } from '../../tca/index.js';
import { pathMid } from './episode-recorder.js';
import type { EnvAction, ExecutionEnv, StepInfo } from './execution-env.js';

/** Chooses the action of decision k from the observation and the info before it. */
export type EpisodePolicy = (observation: Float32Array, info: StepInfo, k: number) => EnvAction;

/**
 * One episode judged as a backtest judges a parent order. Prices and quantities are DECIMALS of
 * the instrument (as `JobResult`); times are the path's scheduler ns. Invariants: `fills` are
 * our fills in time order; `midPath` (with our orders) and `unaffectedMidPath` (the same seeded
 * path run again without them) are sampled at the same times (`judgeTimes`); `arrivalPrice` =
 * the unaffected path's first two-sided mid at or after the start; `tca` = `parentOrderTca` with
 * exactly the inputs a backtest gives it (end = order end + 100 ms, reversion 60 s after that,
 * market volume / VWAP over [start, end] from the path's prints when it has a tape).
 */
export interface EpisodeJudgement {
  readonly seed: number;
  readonly label: string;
  readonly steps: number;
  readonly totalReward: number;
  readonly startNs: number;
  readonly endNs: number;
  readonly measureNs: number;
  readonly arrivalPrice: number;
  readonly parentQty: number;
  readonly fills: TcaFill[];
  readonly midPath: MidPoint[];
  readonly unaffectedMidPath: MidPoint[];
  readonly marketVolume: number | null;
  readonly marketVwap: number | null;
  readonly tca: ParentOrderTca;
  /** `tca.shortfall.totalBps`: the backtest's IS (filled part, opportunity cost of the rest, fees). */
  readonly isBps: number | null;
}

function points(times: readonly number[], mids: readonly number[], scale: number): MidPoint[] {
  const out: MidPoint[] = [];
  for (let i = 0; i < mids.length; i++) if (Number.isFinite(mids[i]!) && mids[i]! > 0) out.push({ ts: times[i]!, mid: mids[i]! / scale });
  return out;
}

/**
 * Runs one episode of `env` (made with `{ record: true }`) from `seed` with `policy`, then
 * finishes sampling its path, runs the same seeded path WITHOUT our orders (`env.factory(seed)`)
 * on the same times, and computes the TCA with the backtest's code (`parentOrderTca`). Throws
 * when the env does not record or the unaffected path has no two-sided mid after the start.
 */
export function judgeEpisode(env: ExecutionEnv, seed: number, policy: EpisodePolicy): EpisodeJudgement {
  let obs = env.reset(seed);
  let info = env.info();
  let steps = 0, reward = 0;
  while (!env.done) {
    const r = env.step(policy(obs, info, steps));
    obs = r.observation;
    info = r.info;
    reward += r.reward;
    steps++;
  }
  const rec = env.recording();
  if (rec === null) throw new Error('judgeEpisode: the environment does not record episodes; make it with { record: true }');
  const { path, recorder } = rec;
  recorder.complete(path);
  const times = recorder.times.slice(0, recorder.sampled);
  const unaffected = env.factory(seed);
  const plain: number[] = [];
  for (const t of times) {
    unaffected.advanceTo(t);
    plain.push(pathMid(unaffected));
  }
  const inst = path.instrument;
  const pd = 10 ** inst.priceDecimals, sd = 10 ** inst.sizeDecimals;
  const midPath = points(times, recorder.mids, pd);
  const unaffectedMidPath = points(times, plain, pd);
  const arrival = unaffectedMidPath.find((m) => m.ts >= rec.startNs)?.mid;
  if (arrival === undefined) throw new Error(`${path.label}: the book is never two-sided during the episode, so there is no arrival price`);
  const fills: TcaFill[] = recorder.fills.map((f) => ({ ts: f.tsNs, qty: f.size / sd, price: f.priceUnits / pd, fee: f.fee / (pd * sd), passive: f.passive }));
  const measureNs = rec.endNs + MEASURE_DELAY_NS;
  const parentQty = env.config.quantity / sd;
  const marketVolume = recorder.hasTape ? recorder.volume / sd : null;
  const marketVwap = recorder.hasTape && recorder.volume > 0 ? recorder.notional / recorder.volume / pd : null;
  const tca = parentOrderTca({
    side: env.config.side, arrivalPrice: arrival, parentQty, fills, endTs: measureNs,
    marketVwap: marketVwap ?? undefined, marketVolume: marketVolume !== null && marketVolume > 0 ? marketVolume : undefined,
    midPath, unaffectedMidPath, reversionHorizons: [REVERSION_HORIZON_NS],
  });
  return {
    seed, label: path.label, steps, totalReward: reward, startNs: rec.startNs, endNs: rec.endNs, measureNs, arrivalPrice: arrival, parentQty,
    fills, midPath, unaffectedMidPath, marketVolume, marketVwap, tca, isBps: tca.shortfall?.totalBps ?? null,
  };
}
