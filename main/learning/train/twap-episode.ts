import { MEASURE_DELAY_NS, REVERSION_HORIZON_NS } from '../../backtest/job-run.js';
import { createExecutor } from '../../execution/algorithms/index.js';
import { SimExecutionContext } from '../../execution/execution-context.js';
import { OrderPath } from '../../execution/order-path.js';
import { parseParentOrder } from '../../execution/parent-order.js';
import { DEFAULT_RISK_LIMITS } from '../../risk/risk-limits.js';
import { parentOrderTca, type MidPoint, type TcaFill } from '../../tca/index.js';
import { resolveEnvConfig, type EnvConfigInput } from '../env/env-config.js';
import { EpisodeRecorder, pathMid } from '../env/episode-recorder.js';
import type { EnvPathFactory } from '../env/execution-env.js';
import { MarketFeed } from '../env/market-feed.js';

/**
 * The TWAP baseline's outcome on one validation episode, judged by the same TCA code as the
 * agent's episode (`judgeEpisode`). Invariants: same seed + factory + config ⇒ the same path as
 * the agent's episode up to the start, the same judge times, the same arrival price (the
 * unaffected path's first two-sided mid at or after the start) and the same TCA window (order
 * end + 100 ms, 60 s reversion), so agent − TWAP is a paired difference.
 */
export interface TwapEpisode {
  readonly seed: number;
  readonly arrivalPrice: number;
  readonly filledQty: number;
  /** `tca.shortfall.totalBps` (positive = cost), null when the TCA has no shortfall. */
  readonly isBps: number | null;
}

function points(times: readonly number[], mids: readonly number[], scale: number): MidPoint[] {
  const out: MidPoint[] = [];
  for (let i = 0; i < mids.length; i++) if (Number.isFinite(mids[i]!) && mids[i]! > 0) out.push({ ts: times[i]!, mid: mids[i]! / scale });
  return out;
}

/**
 * Runs the backtest's TWAP (`TwapExecutor`: one slice per decision of the env config, passive at
 * the touch, the slice's rest crossed at its end, the remainder swept at the order's end) on the
 * path `factory(seed)` over the env's window [t0, t0 + decisions × Δ], records it as the env
 * records an episode (`EpisodeRecorder`), runs the same seeded path again without our orders and
 * computes the TCA exactly as `judgeEpisode` does. The risk gate is the backtest's (size limit
 * raised to the parent, no notional / position limit), so this TWAP is the one `backtest` and
 * `evaluate` compare against. Deterministic in (factory, config, seed); reads no clock.
 */
export function judgeTwapEpisode(factory: EnvPathFactory, input: EnvConfigInput, seed: number): TwapEpisode {
  const c = resolveEnvConfig(input);
  const path = factory(seed);
  // The agent's lagged view where the venue offers one (a replayed day), as the env builds it, BEFORE the recorder.
  const feed = new MarketFeed(path);
  const deltaNs = Math.round((c.horizonSec * 1e9) / c.decisions);
  const t0 = path.startNs + Math.round(c.startSec * 1e9);
  const end = t0 + c.decisions * deltaNs;
  if (end > path.endNs) throw new RangeError(`TWAP validation: the episode ends at ${end} ns, after the path's end ${path.endNs} (${path.label})`);
  const rec = new EpisodeRecorder(path, t0, end);
  rec.advance(path, t0);
  const inst = path.instrument;
  const { maxNotional: _n, maxPosition: _p, ...gate } = DEFAULT_RISK_LIMITS;
  const limits = { ...gate, maxOrderQty: Math.max(DEFAULT_RISK_LIMITS.maxOrderQty!, c.quantity / 10 ** inst.sizeDecimals) };
  const orderPath = new OrderPath(path.venue, path.scheduler, inst, limits, 'V');
  const ctx = new SimExecutionContext(inst, feed.book, orderPath, path.scheduler);
  const spec = parseParentOrder({ id: 'validation twap', symbol: inst.symbol, side: c.side, quantity: c.quantity, startNs: t0, endNs: end });
  const executor = createExecutor(ctx, spec, { name: 'twap', slices: c.decisions });
  executor.parent.onChildEvent((ev) => {
    if (ev.type === 'OrderFilled') rec.addFill({ tsNs: ev.tsNs, size: ev.size, priceUnits: ev.priceUnits, fee: ev.fee, passive: !ev.aggressor });
  });
  executor.start();
  rec.complete(path);
  path.release?.();

  // From here on exactly `judgeEpisode`'s TCA (env/episode-judge.ts), so the two are comparable.
  const times = rec.times.slice(0, rec.sampled);
  const unaffected = factory(seed);
  const plain: number[] = [];
  for (const t of times) {
    unaffected.advanceTo(t);
    plain.push(pathMid(unaffected));
  }
  unaffected.release?.();
  const pd = 10 ** inst.priceDecimals, sd = 10 ** inst.sizeDecimals;
  const midPath = points(times, rec.mids, pd);
  const unaffectedMidPath = points(times, plain, pd);
  const arrival = unaffectedMidPath.find((m) => m.ts >= t0)?.mid;
  if (arrival === undefined) throw new Error(`${path.label}: the book is never two-sided during the episode, so there is no arrival price`);
  const fills: TcaFill[] = rec.fills.map((f) => ({ ts: f.tsNs, qty: f.size / sd, price: f.priceUnits / pd, fee: f.fee / (pd * sd), passive: f.passive }));
  const marketVolume = rec.hasTape ? rec.volume / sd : null;
  const marketVwap = rec.hasTape && rec.volume > 0 ? rec.notional / rec.volume / pd : null;
  const tca = parentOrderTca({
    side: c.side, arrivalPrice: arrival, parentQty: c.quantity / sd, fills, endTs: end + MEASURE_DELAY_NS,
    marketVwap: marketVwap ?? undefined, marketVolume: marketVolume !== null && marketVolume > 0 ? marketVolume : undefined,
    midPath, unaffectedMidPath, reversionHorizons: [REVERSION_HORIZON_NS],
  });
  return { seed, arrivalPrice: arrival, filledQty: tca.filledQty, isBps: tca.shortfall?.totalBps ?? null };
}
