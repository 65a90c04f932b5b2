import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BacktestOrderDetailSchema, BacktestResultSchema, type ServerMessage } from '../contract/index.js';
import { TWAP_PACE_ENV } from '../execution/agent/agent-test-support.js';
import { saveRandomAgentModel } from '../execution/agent/random-agent-model.js';
import { OBS_NAMES } from '../learning/env/observation.js';
import { buildJobs, normalizeConfig } from '../backtest/index.js';
import { Engine } from './engine.js';
import { UPLOADS_FOLDER } from './file-access.js';
import { USER_MODELS_FOLDER } from './models-handler.js';

/**
 * Any model folder the user chose, on the TCA, What-if and Order ticket commands (#11 item 3):
 * the folder goes through file-access like a data file, is checked against the execution env
 * (a wrong observation size is refused naming the field), and every result says which model ran.
 */
const samplesDir = fileURLToPath(new URL('../../assets/sample', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'slip-model-choice-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function harness() {
  const dataDir = mkdtempSync(join(root, 'data-'));
  const pending = new Map<number, (m: ServerMessage) => void>();
  const engine = new Engine({ host: 'in-process', engineThread: 'in-process', samplesDir, dataDir }, (m) => {
    if (m.kind === 'response') pending.get(m.id)?.(m);
  });
  let id = 0;
  const request = (command: string, args: unknown): Promise<any> => new Promise((resolve) => {
    const rid = ++id;
    pending.set(rid, resolve);
    engine.handle({ kind: 'request', id: rid, command, args });
  });
  return { dataDir, engine, request };
}

/** A random (untrained) agent model written with model-io into `dir`; `badObs` declares 2 observation features fewer than the env gives. */
function model(dir: string, seed: number, badObs = false): { dir: string; sha: string } {
  mkdirSync(dir, { recursive: true });
  const m = saveRandomAgentModel(dir, { seed, env: TWAP_PACE_ENV, ...(badObs ? { observation: { size: OBS_NAMES.length - 2, names: OBS_NAMES.slice(0, -2) } } : {}) });
  return { dir, sha: m.weightsSha256 };
}

const sha256Of = (dir: string) => (JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { weightsSha256: string }).weightsSha256;
const CALM = { source: { kind: 'scenario', name: 'calm', durationSec: 60 }, seeds: { from: 1, to: 2 }, side: 'buy', quantity: 1000, startSec: 30, horizonSec: 20 };

describe('models.inspect: a chosen model folder checked against the env', () => {
  it('reads an uploaded folder that fits, refuses one with a wrong observation size naming the field, and one the user did not choose', async () => {
    const { dataDir, request } = harness();
    const good = model(join(dataDir, UPLOADS_FOLDER, 'good-folder'), 3);
    const bad = model(join(dataDir, UPLOADS_FOLDER, 'bad-folder'), 4, true);
    const ok = await request('models.inspect', { path: good.dir });
    expect(ok.error).toBeUndefined();
    expect(ok.result).toMatchObject({ source: 'folder', name: 'good-folder', weightsSha256: good.sha, problem: null });
    const no = await request('models.inspect', { path: bad.dir });
    expect(no.error).toMatchObject({ code: 'validation', field: 'path' });
    expect(no.error.message).toMatch(/obsDim: .*the model takes 16 inputs, the environment gives 18/);
    // Written outside every folder the user chose: refused before it is read, naming the field.
    const outside = model(join(root, 'outside'), 5);
    const far = await request('models.inspect', { path: outside.dir });
    expect(far.error).toMatchObject({ code: 'validation', field: 'path' });
    expect(far.error.message).toMatch(/not a model folder you chose/);
    // A folder that is not a model folder (no manifest.json) is a data-format error naming the field.
    mkdirSync(join(dataDir, UPLOADS_FOLDER, 'empty'), { recursive: true });
    const empty = await request('models.inspect', { path: join(dataDir, UPLOADS_FOLDER, 'empty') });
    expect(empty.error).toMatchObject({ code: 'data-format', field: 'path' });
    expect(empty.error.message).toMatch(/no manifest\.json/);
  });

  it('a link inside the uploads folder that leads outside it is refused like the folder itself', async () => {
    const { dataDir, request } = harness();
    const outside = model(join(root, 'linked-target'), 7);
    mkdirSync(join(dataDir, UPLOADS_FOLDER), { recursive: true });
    symlinkSync(outside.dir, join(dataDir, UPLOADS_FOLDER, 'link'));
    const r = await request('models.inspect', { path: join(dataDir, UPLOADS_FOLDER, 'link') });
    expect(r.error).toMatchObject({ code: 'validation', field: 'path', message: expect.stringMatching(/not a model folder you chose/) });
    // A file is not a folder.
    const f = await request('models.inspect', { path: join(outside.dir, 'manifest.json') });
    expect(f.error).toMatchObject({ code: 'validation', field: 'path' });
  });

  it('a model of the user registry is listed and inspected as that registry entry', async () => {
    const { dataDir, request } = harness();
    const m = model(join(dataDir, USER_MODELS_FOLDER, 'mine'), 6);
    const r = await request('models.inspect', { path: m.dir });
    expect(r.result).toMatchObject({ id: 'user:mine', source: 'user', weightsSha256: m.sha });
  });
});

describe('backtest.run with a model per agent row', () => {
  it('compares two agents on the same paths, each labelled by its name, and records which model each row used', async () => {
    const { dataDir, request } = harness();
    const a = model(join(dataDir, UPLOADS_FOLDER, 'a'), 11);
    const b = model(join(dataDir, USER_MODELS_FOLDER, 'b'), 12);
    expect(a.sha).not.toBe(b.sha);
    const r = await request('backtest.run', { ...CALM, strategies: ['twap', 'agent'], agents: [{ model: a.dir, name: 'alpha' }, { model: b.dir, name: 'beta' }] });
    expect(r.error).toBeUndefined();
    const res = BacktestResultSchema.parse(r.result);
    expect(res.failed).toEqual([]);
    expect(res.stats.map((s) => s.strategy)).toEqual(['twap', 'agent:alpha', 'agent:beta']);
    expect(res.table.columns).toEqual(['twap', 'agent:alpha', 'agent:beta']);
    expect(res.config.agents).toEqual([
      { strategy: 'agent:alpha', name: 'alpha', path: a.dir, version: expect.stringMatching(/^ppo /), weightsSha256: a.sha },
      { strategy: 'agent:beta', name: 'beta', path: b.dir, version: expect.stringMatching(/^ppo /), weightsSha256: b.sha },
    ]);
    // Every path ran each agent once; the two (different random) models do not trade identically.
    const isOf = (s: string) => res.outcomes.filter((o) => o.strategy === s).map((o) => o.isBps);
    expect(isOf('agent:alpha')).toHaveLength(2);
    expect(isOf('agent:beta')).toHaveLength(2);
    const o = res.outcomes.find((x) => x.strategy === 'agent:beta')!;
    const d = await request('backtest.orderDetail', { runId: res.runId, strategy: 'agent:beta', seed: o.seed, pathId: o.pathId });
    expect(d.error).toBeUndefined();
    const detail = BacktestOrderDetailSchema.parse(d.result);
    expect(detail.isBps).toBeCloseTo(o.isBps, 9);
    expect(detail.model).toEqual(res.config.agents![1]);
    expect(detail.explanations!.decisions.length).toBeGreaterThan(0);
    // The stored run exports both agents' parents under their strategy names.
    const ex = await request('backtest.export', { runId: res.runId, format: 'csv' });
    expect(ex.error).toBeUndefined();
    const csv = Buffer.from(ex.result.base64, 'base64').toString('utf8');
    expect(ex.result.rows).toBe(6);
    expect(csv).toContain('agent:alpha');
    expect(csv).toContain('agent:beta');
  }, 180_000);

  it('a mismatched folder is refused naming the field while the other agent and the baselines complete', async () => {
    const { dataDir, request } = harness();
    const a = model(join(dataDir, UPLOADS_FOLDER, 'a'), 21);
    const bad = model(join(dataDir, UPLOADS_FOLDER, 'bad'), 22, true);
    const r = await request('backtest.run', { ...CALM, strategies: ['twap', 'agent'], agents: [{ model: a.dir, name: 'alpha' }, { model: bad.dir, name: 'short-obs' }] });
    expect(r.error).toBeUndefined();
    const res = BacktestResultSchema.parse(r.result);
    expect(res.failed).toEqual([{ strategy: 'agent:short-obs', message: expect.stringMatching(/obsDim: .*16 inputs, the environment gives 18/) }]);
    // One agent left: it runs as the plain `agent` strategy, still recorded with its model.
    expect(res.stats.map((s) => s.strategy)).toEqual(['twap', 'agent']);
    expect(res.config.agents).toEqual([{ strategy: 'agent', name: 'alpha', path: a.dir, version: expect.any(String), weightsSha256: a.sha }]);
  }, 180_000);

  it('refuses an agent folder the user did not choose, naming agents.N.model, and keeps the old agentModel input valid', async () => {
    const { dataDir, request } = harness();
    const outside = model(join(root, 'not-chosen'), 31);
    const r = await request('backtest.run', { ...CALM, strategies: ['twap', 'agent'], agents: [{ model: outside.dir, name: 'x' }] });
    expect(r.error).toMatchObject({ code: 'validation', field: 'agents.0.model' });
    const old = await request('backtest.run', { ...CALM, strategies: ['twap', 'agent'], agentModel: outside.dir });
    expect(old.error).toMatchObject({ code: 'validation', field: 'agentModel' });
    const inside = model(join(dataDir, UPLOADS_FOLDER, 'one'), 32);
    const ok = await request('backtest.run', { ...CALM, strategies: ['twap', 'agent'], agentModel: inside.dir });
    const res = BacktestResultSchema.parse(ok.result);
    expect(res.stats.map((s) => s.strategy)).toEqual(['twap', 'agent']);
    expect(res.config.agents?.[0]).toMatchObject({ strategy: 'agent', name: 'one', weightsSha256: sha256Of(inside.dir) });
  }, 180_000);
});

describe('several agents in one backtest config (the CLI writes agent:DIR,agent:DIR2)', () => {
  const base = { sources: [{ kind: 'scenario' as const, name: 'calm' }], seeds: [1], side: 'buy' as const, quantity: 100, horizonSec: 10 };
  it('names each agent strategy by its folder (or the name given) and keeps one agent as plain agent', () => {
    const c = normalizeConfig({ ...base, strategies: ['twap', 'agent:/m/a', 'agent:/n/b/'] });
    expect(c.strategies).toEqual(['twap', 'agent:a', 'agent:b']);
    expect(c.agentModels).toEqual({ 'agent:a': '/m/a', 'agent:b': '/n/b/' });
    expect(c.agentModel).toBeUndefined();
    const named = normalizeConfig({ ...base, strategies: ['agent:/m/a', 'agent:/n/a'], agentNames: { '/m/a': 'first', '/n/a': 'second' } });
    expect(named.strategies).toEqual(['agent:first', 'agent:second']);
    expect(buildJobs(named).filter((j) => j.strategy !== null).map((j) => [j.strategy, j.agentModel])).toEqual([['agent:first', '/m/a'], ['agent:second', '/n/a']]);
    // Normalizing a normalized config changes nothing (runBacktest normalizes the CLI's config again:
    // 'agent:first' was read as the folder "first" before).
    expect(normalizeConfig(named)).toEqual(named);
    expect(named.baseline).toBe('agent:first');
    expect(normalizeConfig({ ...base, strategies: ['twap', 'agent:/m/a', 'agent:/n/b'], baseline: 'agent:/n/b' }).baseline).toBe('agent:b');
    expect(normalizeConfig(c)).toEqual(c);
    const one = normalizeConfig({ ...base, strategies: ['twap', 'agent:/m/a'] });
    expect(one.strategies).toEqual(['twap', 'agent']);
    expect(one.agentModel).toBe('/m/a');
    expect(normalizeConfig(one)).toEqual(one);
  });

  it('refuses the same folder twice, or two folders of the same name, naming strategies', () => {
    expect(() => normalizeConfig({ ...base, strategies: ['agent:/m/a', 'agent:/m/a'] })).toThrow(/^strategies: the agent \/m\/a appears twice/);
    expect(() => normalizeConfig({ ...base, strategies: ['agent:/m/a', 'agent:/n/a'] })).toThrow(/^strategies: two agents are named "a"/);
  });
});

describe('whatif.run and orders.* with a chosen model', () => {
  it('the What-if result names the model that traded; a folder not chosen is refused naming order.agentModel', async () => {
    const { dataDir, request } = harness();
    const m = model(join(dataDir, UPLOADS_FOLDER, 'wi'), 41);
    const order = { side: 'buy', quantity: 1000, algorithm: 'agent', startSec: 20, horizonSec: 20 };
    const r = await request('whatif.run', { source: { kind: 'scenario', name: 'calm', durationSec: 60 }, seed: 3, order: { ...order, agentModel: m.dir } });
    expect(r.error).toBeUndefined();
    expect(r.result.model).toEqual({ path: m.dir, version: expect.stringMatching(/^ppo /), weightsSha256: m.sha });
    const bad = await request('whatif.run', { source: { kind: 'scenario', name: 'calm', durationSec: 60 }, seed: 3, order: { ...order, agentModel: join(root, 'nowhere') } });
    expect(bad.error).toMatchObject({ code: 'validation', field: 'order.agentModel' });
  }, 120_000);

  it('the ticket preview says which model would work the order, and a mismatched model is an issue naming agentModel', async () => {
    const { dataDir, request } = harness();
    const m = model(join(dataDir, UPLOADS_FOLDER, 'tk'), 51);
    const bad = model(join(dataDir, UPLOADS_FOLDER, 'tk-bad'), 52, true);
    const ticket = { source: { kind: 'scenario', name: 'calm', durationSec: 60, seed: 7 }, side: 'buy', quantity: 2_000, algorithm: 'agent', startSec: 15, horizonSec: 30 };
    const p = (await request('orders.preview', { ticket: { ...ticket, agentModel: m.dir } })).result;
    expect(p.agent).toEqual({ path: m.dir, version: expect.any(String), weightsSha256: m.sha });
    expect(p.issues.filter((i: { field: string }) => i.field === 'agentModel')).toEqual([]);
    const q = (await request('orders.preview', { ticket: { ...ticket, agentModel: bad.dir } })).result;
    expect(q.agent).toBeUndefined();
    expect(q.issues).toContainEqual({ field: 'agentModel', message: expect.stringMatching(/obsDim: .*16 inputs/) });
    const s = await request('orders.submit', { ticket: { ...ticket, agentModel: bad.dir } });
    expect(s.error).toMatchObject({ code: 'validation', field: 'agentModel' });
    const far = await request('orders.preview', { ticket: { ...ticket, agentModel: join(root, 'nowhere') } });
    expect(far.error).toMatchObject({ code: 'validation', field: 'ticket.agentModel' });
  }, 120_000);

  it('a submitted agent parent records its model in the stored ticket', async () => {
    const { dataDir, engine, request } = harness();
    const m = model(join(dataDir, UPLOADS_FOLDER, 'po'), 61);
    const ticket = { source: { kind: 'scenario', name: 'calm', durationSec: 60, seed: 7 }, side: 'buy', quantity: 2_000, algorithm: 'agent', startSec: 15, horizonSec: 30, agentModel: m.dir };
    const s = await request('orders.submit', { ticket });
    expect(s.error).toBeUndefined();
    await engine.orders.idle();
    const list = (await request('orders.list', {})).result as Array<{ parentId: string; status: string; ticket: { agentModel?: string }; children: unknown[] }>;
    const parent = list.find((x) => x.parentId === s.result.parentId)!;
    expect(parent.ticket.agentModel).toBe(m.dir);
    expect(parent.status).toBe('done');
    expect(parent.children.length).toBeGreaterThan(0);
    engine.dispose();
  }, 120_000);
});
