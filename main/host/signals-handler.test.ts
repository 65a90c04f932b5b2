import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ServerMessage } from '../contract/index.js';
import { Engine } from './engine.js';

const samplesDir = fileURLToPath(new URL('../../assets/sample', import.meta.url));
const SAMPLE = 'AMZN_2012-06-21_34200000_57600000';

function harness() {
  const events: Array<{ name: string; payload: any }> = [];
  const pending = new Map<number, (m: ServerMessage) => void>();
  const dataDir = mkdtempSync(join(tmpdir(), 'slip-signals-'));
  const engine = new Engine({ host: 'in-process', engineThread: 'in-process', samplesDir, dataDir }, (m) => {
    if (m.kind === 'response') pending.get(m.id)?.(m);
    else events.push({ name: m.name, payload: m.payload });
  });
  let id = 0;
  const request = (command: string, args: unknown): Promise<any> =>
    new Promise((resolve) => {
      const rid = ++id;
      pending.set(rid, resolve);
      engine.handle({ kind: 'request', id: rid, command, args });
    });
  return { engine, events, request, dataDir };
}

describe('signals.train', () => {
  it('trains in a worker as a job with progress, and keeps every out-of-sample row in the result file', async () => {
    const h = harness();
    const r = await h.request('signals.train', { source: { kind: 'sample', id: SAMPLE }, model: 'logreg', horizon: 50, maxPoints: 400 });
    h.engine.dispose();
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    const res = r.result;
    expect(res.folds).toHaveLength(4);
    expect(res.metrics.n).toBe(res.oosRows);
    expect(res.series.tNs.length).toBeLessThanOrEqual(400);
    expect(res.series.tNs.length).toBeLessThan(res.oosRows);
    expect(res.cpuMs).toBeGreaterThan(0);
    const progress = h.events.filter((e) => e.name === 'job.progress').map((e) => e.payload);
    expect(progress.some((p) => !p.done && p.fraction > 0 && p.fraction < 1)).toBe(true);
    const last = progress.at(-1)!;
    expect(last).toMatchObject({ done: true, cancelled: false, fraction: 1, rateUnit: 'rows/s' });
    expect(last.rate).toBeGreaterThan(0);
    expect(existsSync(res.resultFile)).toBe(true);
    const saved = JSON.parse(readFileSync(res.resultFile, 'utf8'));
    expect(saved.rows.score).toHaveLength(res.oosRows);
    expect(saved.metrics).toEqual(res.metrics);
  }, 120_000);

  it('stops at once on job.cancel and answers cancelled', async () => {
    const h = harness();
    const pending = h.request('signals.train', { source: { kind: 'sample', id: SAMPLE }, model: 'mlp', horizon: 50 });
    let jobId: string | undefined;
    for (let i = 0; i < 2000 && !jobId; i++) {
      jobId = h.events.find((e) => e.name === 'job.progress')?.payload.jobId;
      await new Promise((res) => setTimeout(res, 10));
    }
    expect(jobId).toBeDefined();
    expect((await h.request('job.cancel', { jobId })).result).toEqual({ cancelled: true });
    const r = await pending;
    h.engine.dispose();
    expect(r.ok).toBe(false);
    expect(r.error.code).toBe('cancelled');
    expect(h.events.filter((e) => e.name === 'job.progress').at(-1)!.payload).toMatchObject({ done: true, cancelled: true });
  }, 120_000);

  it('names the field of a bad request', async () => {
    const h = harness();
    const unknownSample = await h.request('signals.train', { source: { kind: 'sample', id: 'nope' }, model: 'logreg', horizon: 50 });
    const badHorizon = await h.request('signals.train', { source: { kind: 'sample', id: SAMPLE }, model: 'logreg', horizon: 0 });
    const badFeature = await h.request('signals.train', { source: { kind: 'sample', id: SAMPLE }, model: 'logreg', horizon: 50, chartFeatures: ['nope'] });
    const notGranted = await h.request('signals.train', { source: { kind: 'files', files: ['/etc/passwd'] }, model: 'logreg', horizon: 50 });
    h.engine.dispose();
    expect(unknownSample.error).toMatchObject({ code: 'not-found', field: 'source.id' });
    expect(badHorizon.error).toMatchObject({ code: 'validation', field: 'horizon' });
    expect(badFeature.error).toMatchObject({ code: 'validation', field: 'chartFeatures' });
    expect(notGranted.ok).toBe(false);
    expect(notGranted.error.field).toBe('source.files.0');
  }, 120_000);
});
