import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TrainingRunStore } from '../store/training-runs.js';
import { main } from './index.js';
import { parseTrainArgs, trainCommand, type TrainCliResult } from './train-command.js';

const dir = mkdtempSync(join(tmpdir(), 'train-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [], err: string[] = [];
  const code = await main(argv, (s) => out.push(s), (s) => err.push(s));
  return { code, out, err };
}

// A small CartPole PPO run: 4 envs × 64 steps a rollout, a checkpoint every 512 steps, 1,536 steps.
const cfg = join(dir, 'ppo.json');
writeFileSync(cfg, JSON.stringify({ numEnvs: 4, ppo: { numSteps: 64 }, evalEpisodes: 5, checkpointEvery: 512 }));
const base = ['--algo', 'ppo', '--env', 'cartpole', '--config', cfg, '--steps', '1536', '--seed', '3', '--backend', 'cpu', '--json'];

describe('slipstream train', () => {
  it('trains end to end: one JSON object with the issue fields, a progress line on stderr, the model folder, the run in the registry; --resume from a checkpoint gives the uninterrupted weightsSha256', async () => {
    const out = join(dir, 'full');
    const errs: string[] = [], lines: string[] = [];
    // A clock that moves 2 s per reading: every progress event passes the 1 s throttle (so the last one must not be printed twice).
    let t = 0;
    const code = await trainCommand([...base, '--out', out], (s) => lines.push(s), { err: (s) => errs.push(s), now: () => (t += 2000) });
    expect(code).toBe(0);
    expect(lines).toHaveLength(1);
    const r = JSON.parse(lines[0]!) as TrainCliResult;
    expect(r).toMatchObject({ algo: 'ppo', env: 'cartpole', steps: 1536, seed: 3, backend: 'cpu', evalEpisodes: 5, out, status: 'completed' });
    for (const k of ['evalMeanReturn', 'stepsPerSec', 'elapsedSec'] as const) expect(r[k]).toBeGreaterThan(0);
    expect(r.weightsSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(errs).toHaveLength(1536 / 256); // one line per PPO update (4 envs × 64 steps)
    expect(errs.at(-1)).toMatch(/^train: step 1,536\/1,536 \(100\.0%\)/);
    expect(errs.filter((l) => l.startsWith('train: step 1,536/'))).toHaveLength(1); // the last line once
    expect(existsSync(join(out, 'model.json')) && existsSync(join(out, 'manifest.json'))).toBe(true);
    const store = await TrainingRunStore.open(join(dir, 'training-runs.duckdb'));
    const runs = await store.list();
    store.close();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ id: r.runId, algo: 'ppo', env: 'cartpole', seed: 3, steps: 1536, backend: 'cpu', status: 'completed', modelPath: out, weightsSha256: r.weightsSha256 });
    // Resume from the first checkpoint into another folder: the same weights bit for bit.
    const cps = readdirSync(join(out, 'checkpoints')).sort();
    expect(cps.length).toBeGreaterThanOrEqual(1);
    const resumed: string[] = [];
    expect(await trainCommand([...base, '--out', join(dir, 'resumed'), '--resume', join(out, 'checkpoints', cps[0]!)], (s) => resumed.push(s), { err: () => {} })).toBe(0);
    const r2 = JSON.parse(resumed[0]!) as TrainCliResult;
    expect(r2.steps).toBe(1536);
    expect(r2.weightsSha256).toBe(r.weightsSha256);
    // A different seed gives other weights (the digest is not a constant).
    const other: string[] = [];
    await trainCommand([...base.map((a) => (a === '3' ? '4' : a)), '--out', join(dir, 'seed4')], (s) => other.push(s), { err: () => {} });
    expect((JSON.parse(other[0]!) as TrainCliResult).weightsSha256).not.toBe(r.weightsSha256);
  }, 300_000);

  it('on the execution env prints each validation against TWAP and the final one; --json carries it; cartpole has none', async () => {
    const exe = join(dir, 'exe.json');
    writeFileSync(exe, JSON.stringify({ numEnvs: 2, ppo: { numSteps: 16, numMinibatches: 2, updateEpochs: 1, hidden: [16] }, evalEvery: 32, evalEpisodes: 3 }));
    const argv = ['--algo', 'ppo', '--env', 'execution', '--scenario', 'calm', '--config', exe, '--steps', '64', '--seed', '2', '--backend', 'cpu', '--db', join(dir, 'exe.duckdb')];
    const lines: string[] = [], errs: string[] = [];
    // A clock that never moves: only the first event, the validations and the last line get through the throttle.
    expect(await trainCommand([...argv, '--out', join(dir, 'exe')], (x) => lines.push(x), { err: (x) => errs.push(x), now: () => 0 })).toBe(0);
    expect(errs.filter((l) => / vs TWAP agent − TWAP [+-]\d+\.\d\d bp \[[+-]\d+\.\d\d, [+-]\d+\.\d\d\] \(n 3\)$/.test(l)).map((l) => /step (\d+)/.exec(l)![1])).toEqual(['32', '64']);
    expect(lines.find((l) => l.startsWith('validation vs TWAP (3 episodes, IS + = cost): agent '))).toMatch(/TWAP [+-]\d+\.\d\d bp, agent − TWAP [+-]\d+\.\d\d bp \[/);
    const json: string[] = [];
    expect(await trainCommand([...argv, '--out', join(dir, 'exe-json'), '--json'], (x) => json.push(x), { err: () => {} })).toBe(0);
    const r = JSON.parse(json[0]!) as TrainCliResult;
    expect(r.validation).toMatchObject({ step: 64, n: 3 });
    expect(r.validation!.diffBps!).toBeCloseTo(r.validation!.agentIsBps! - r.validation!.twapIsBps!, 9);
    const cart: string[] = [];
    await trainCommand([...base.map((x) => (x === '1536' ? '256' : x)), '--out', join(dir, 'cart-nv'), '--db', join(dir, 'exe.duckdb')], (x) => cart.push(x), { err: () => {} });
    expect((JSON.parse(cart[0]!) as TrainCliResult).validation).toBeNull();
  }, 300_000);

  it('fails with a non-zero status naming the problem: unknown flag, missing flag, bad config field with its limit, unreadable data', async () => {
    const u = await run(['train', ...base, '--out', join(dir, 'x'), '--stepz', '5']);
    expect(u.code).toBe(2);
    expect(u.err.join('\n')).toMatch(/unknown option --stepz/);
    const m = await run(['train', '--algo', 'ppo', '--env', 'cartpole', '--steps', '10', '--seed', '1']);
    expect(m.code).toBe(2);
    expect(m.err.join('\n')).toMatch(/--out is required/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ppo: { clipCoef: 5 } }));
    const b = await run(['train', '--algo', 'ppo', '--env', 'cartpole', '--config', bad, '--steps', '64', '--seed', '1', '--backend', 'cpu', '--out', join(dir, 'bad')]);
    expect(b.code).toBe(1);
    expect(b.err.join('\n')).toMatch(/ppo\.clipCoef.*1/);
    const d = await run(['train', '--algo', 'ppo', '--env', 'execution', '--data', join(dir, 'no-such-day.csv'), '--steps', '64', '--seed', '1', '--out', join(dir, 'd')]);
    expect(d.code).toBe(1);
    expect(d.err.join('\n')).toMatch(/no-such-day\.csv: cannot read the data file \(ENOENT\)/);
    const j = join(dir, 'broken.json');
    writeFileSync(j, '{ "numEnvs": ');
    const c = await run(['train', '--algo', 'ddqn', '--env', 'cartpole', '--config', j, '--steps', '64', '--seed', '1', '--out', join(dir, 'c')]);
    expect(c.code).toBe(1);
    expect(c.err.join('\n')).toMatch(/broken\.json: not valid JSON/);
    expect(() => parseTrainArgs(['--algo', 'ppo', '--env', 'cartpole', '--scenario', 'calm', '--steps', '1', '--seed', '1', '--out', 'o'])).toThrow(/takes neither --scenario nor --data/);
  }, 120_000);
});
