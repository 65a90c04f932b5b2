import { describe, expect, it } from 'vitest';
import type { SlipstreamApi } from '../../../main/contract/client-api.js';
import { createAppStore } from '../store/app-state.js';
import { fixtureResult } from './test-fixture.js';
import { WhatIfController, runJob } from './whatif-controller.js';

function setup(handlers: Record<string, (args: any) => unknown>) {
  const calls: { command: string; args: unknown }[] = [];
  const api: SlipstreamApi = {
    platform: 'browser',
    async request(command, args) {
      calls.push({ command: String(command), args });
      const h = handlers[String(command)];
      if (!h) throw { code: 'state', message: `What-if runs are not available yet` };
      return h(args) as never;
    },
    onEvent: () => () => undefined,
  };
  const app = createAppStore({ samples: [{ id: 'amzn', label: 'AMZN day', format: 'lobster', files: [] }] });
  return { w: new WhatIfController({ api, app }), calls, app };
}

describe('WhatIfController', () => {
  it('lists scenarios and picks calm as the default', async () => {
    const { w } = setup({ 'whatif.listScenarios': () => [{ name: 'trend', description: 't' }, { name: 'calm', description: 'c' }] });
    await w.loadScenarios();
    expect(w.store.getState().form.scenario).toBe('calm');
    expect(w.store.getState().scenarios).toHaveLength(2);
  });

  it('runs, keeps the result, and tells whether an identical run hashed the same', async () => {
    let hash = 'h1';
    const { w, calls } = setup({ 'whatif.run': () => fixtureResult({ summary: { ...fixtureResult().summary, eventLogHash: hash } }) });
    w.setForm({ scenario: 'calm' });
    await w.run();
    expect(calls[0]!.args).toMatchObject({ seed: 42, order: { quantity: 5000, slices: 5 } });
    const first = w.store.getState().run!;
    expect(first).toMatchObject({ runNo: 1, matchesPrevious: null, strategy: 'TWAP', sourceLabel: 'calm · 60 s' });
    await w.run();
    expect(w.store.getState().run!.matchesPrevious).toBe(true);
    hash = 'h2';
    await w.run();
    expect(w.store.getState().run!.matchesPrevious).toBe(false);
    w.setForm({ seed: '7' });
    await w.run();
    expect(w.store.getState().run!.matchesPrevious).toBeNull();
    expect(w.store.getState().history.map((r) => r.runNo)).toEqual([4, 3, 2, 1]);
    w.selectRun(2);
    expect(w.store.getState().run!.runNo).toBe(2);
  });

  it('does not run an invalid form', async () => {
    const { w, calls } = setup({});
    w.setForm({ scenario: 'calm', quantity: '' });
    await w.run();
    expect(calls).toHaveLength(0);
  });

  it('records the engine error in its words, keeps the previous result, and treats cancel as a note', async () => {
    let fail: object | null = null;
    const { w } = setup({ 'whatif.run': () => (fail ? Promise.reject(fail) : fixtureResult()) });
    w.setForm({ scenario: 'calm' });
    await w.run();
    fail = { code: 'validation', message: 'order.horizonSec: too long', field: 'order.horizonSec' };
    await w.run();
    const s = w.store.getState();
    expect(s.error?.info.message).toBe('order.horizonSec: too long');
    expect(s.error?.command).toBe('whatif.run');
    expect(s.run?.runNo).toBe(1);
    expect(s.running).toBe(false);
    fail = { code: 'cancelled', message: 'cancelled' };
    await w.run();
    expect(w.store.getState()).toMatchObject({ error: null, notice: 'Run cancelled.' });
  });

  it('steps through snapshots within bounds', async () => {
    const { w } = setup({ 'whatif.run': () => fixtureResult() });
    w.setForm({ scenario: 'calm' });
    await w.run();
    w.step(1);
    w.step(10);
    expect(w.store.getState().replayIndex).toBe(2);
    w.step(-10);
    expect(w.store.getState().replayIndex).toBe(0);
    w.togglePlay();
    expect(w.store.getState().playing).toBe(true);
    w.pause();
    expect(w.store.getState().playing).toBe(false);
  });

  it('resets the order, draws seeds, and picks a sample when switching to a real day', () => {
    const { w } = setup({});
    w.setForm({ quantity: '1', sourceKind: 'sample' });
    expect(w.store.getState().form.sampleId).toBe('amzn');
    w.resetForm();
    expect(w.store.getState().form).toMatchObject({ quantity: '5,000', sourceKind: 'sample' });
    w.newSeed();
    expect(Number(w.store.getState().form.seed)).toBeGreaterThanOrEqual(0);
  });

  it('shows the job that started with the run', () => {
    const job = (id: string) => ({ jobId: id, label: id, fraction: 0, rate: 0, rateUnit: 'events', etaSec: null, done: false, cancelled: false });
    expect(runJob({ a: job('a'), b: job('b') }, ['a'])?.jobId).toBe('b');
    expect(runJob({ a: job('a') }, ['a'])).toBeNull();
  });
});
