import type { EpisodeTracker } from '../cartpole/episode-tracker.js';

/** The running returns and lengths of the episodes in progress (an `EpisodeTracker`'s state, for checkpoints). */
export interface TrackerState {
  readonly ret: Float64Array;
  readonly len: Int32Array;
  readonly total: number;
}

// EpisodeTracker keeps its running sums private (cartpole/ is not ours to change); they only
// feed the reported episode returns, never the weights, but a resumed run should report the
// same returns as an uninterrupted one.
interface TrackerInternals {
  ret: Float64Array;
  len: Int32Array;
  total: number;
  completed: Array<{ return: number; length: number }>;
}

export function getTrackerState(t: EpisodeTracker): TrackerState {
  const x = t as unknown as TrackerInternals;
  return { ret: Float64Array.from(x.ret), len: Int32Array.from(x.len), total: x.total };
}

export function setTrackerState(t: EpisodeTracker, s: TrackerState): void {
  const x = t as unknown as TrackerInternals;
  if (s.ret.length !== x.ret.length) throw new RangeError(`episode tracker state has ${s.ret.length} envs, the tracker ${x.ret.length}`);
  x.ret.set(s.ret);
  x.len.set(s.len);
  x.total = s.total;
  x.completed = [];
}
