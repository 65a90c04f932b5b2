import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../contract/index.js';
import { Engine } from '../../host/engine.js';
import { TrainingRunStore } from '../../store/training-runs.js';

const samplesDir = fileURLToPath(new URL('../../../assets/sample', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'train-commands-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('engine train.* commands', () => {
  it('train.start trains in a worker (progress and one finished event), train.list shows it, the run lands in training-runs.duckdb; bad args name the field', async () => {
    const events: Array<{ name: string; payload: any }> = [];
    const pending = new Map<number, (m: ServerMessage) => void>();
    const engine = new Engine({ host: 'in-process', engineThread: 'in-process', samplesDir, dataDir }, (m) => {
      if (m.kind === 'response') pending.get(m.id)?.(m);
      else events.push({ name: m.name, payload: m.payload });
    });
    let id = 0;
    const request = (command: string, args: unknown): Promise<any> => new Promise((resolve) => {
      const rid = ++id;
      pending.set(rid, resolve);
      engine.handle({ kind: 'request', id: rid, command, args });
    });
    try {
      const bad = await request('train.start', { algo: 'ppo', env: 'cartpole', steps: 0, seed: 1 });
      expect(bad.ok).toBe(false);
      expect(bad.error).toMatchObject({ code: 'validation', field: 'steps' });
      const r = await request('train.start', { algo: 'ppo', env: 'cartpole', steps: 512, seed: 2, backend: 'cpu', config: { numEnvs: 4, ppo: { numSteps: 64 }, evalEpisodes: 3 } });
      expect(r.ok).toBe(true);
      const { jobId, outDir } = r.result as { jobId: string; outDir: string };
      const t0 = Date.now();
      while (!events.some((e) => e.name === 'train.finished')) {
        if (Date.now() - t0 > 120_000) throw new Error('timed out');
        await new Promise((res) => setTimeout(res, 20));
      }
      const fin = events.filter((e) => e.name === 'train.finished');
      expect(fin).toHaveLength(1);
      expect(fin[0]!.payload).toMatchObject({ jobId, status: 'completed', stepsDone: 512, outDir, error: null });
      expect(fin[0]!.payload.weightsSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(events.filter((e) => e.name === 'train.progress').length).toBeGreaterThanOrEqual(1);
      const list = await request('train.list', {});
      expect(list.result).toEqual([expect.objectContaining({ jobId, status: 'completed', runId: fin[0]!.payload.runId })]);
      expect(existsSync(join(outDir, 'manifest.json'))).toBe(true);
      const store = await TrainingRunStore.open(join(dataDir, 'training-runs.duckdb'));
      const runs = await store.list();
      store.close();
      expect(runs).toEqual([expect.objectContaining({ id: fin[0]!.payload.runId, algo: 'ppo', env: 'cartpole', seed: 2, steps: 512, backend: 'cpu', weightsSha256: fin[0]!.payload.weightsSha256 })]);
      expect((await request('train.cancel', { jobId })).result).toEqual({ cancelled: false });
    } finally {
      engine.dispose();
    }
  }, 180_000);
});
