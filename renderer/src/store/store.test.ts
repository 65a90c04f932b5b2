import { describe, expect, it } from 'vitest';
import { activeJob, applyProgress, type JobProgress } from './app-state.js';
import { createStore } from './store.js';

describe('createStore', () => {
  it('notifies only on real changes', () => {
    const s = createStore({ a: 1, b: 'x' });
    let n = 0;
    const off = s.subscribe(() => n++);
    s.setState({ a: 1 });
    expect(n).toBe(0);
    s.setState({ a: 2 });
    s.setState((st) => ({ b: st.b + 'y' }));
    expect(n).toBe(2);
    expect(s.getState()).toEqual({ a: 2, b: 'xy' });
    off();
    s.setState({ a: 3 });
    expect(n).toBe(2);
  });
});

describe('job progress', () => {
  const p = (over: Partial<JobProgress>): JobProgress => ({ jobId: 'j1', label: 'Loading', fraction: 0.5, rate: 10, rateUnit: 'events', etaSec: 1, done: false, cancelled: false, ...over });

  it('tracks running jobs and moves finished ones to lastJob', () => {
    let st = { jobs: {}, lastJob: null } as Parameters<typeof applyProgress>[0];
    st = applyProgress(st, p({}));
    expect(activeJob(st.jobs)?.fraction).toBe(0.5);
    st = applyProgress(st, p({ fraction: 1, done: true }));
    expect(activeJob(st.jobs)).toBeNull();
    expect(st.lastJob?.done).toBe(true);
  });
});
