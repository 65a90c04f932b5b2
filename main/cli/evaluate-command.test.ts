import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { OBS_NAMES } from '../learning/env/observation.js';
import { saveRandomAgentModel } from '../execution/agent/random-agent-model.js';
import { TWAP_PACE_ENV } from '../execution/agent/agent-test-support.js';
import { backtestCommand } from './backtest-command.js';
import { calibrateCommand } from './calibrate-command.js';
import { evaluateCommand } from './evaluate-command.js';
import { main } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'evaluate-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const model = join(dir, 'model');
const manifest = saveRandomAgentModel(model, { seed: 9, env: TWAP_PACE_ENV, seeds: { train: [0, 999], validation: [1000, 1099] } });

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['evaluate', ...argv], (s) => out.push(s), (s) => err.push(s));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const BASE = ['--model', model, '--vs', 'twap,vwap', '--scenario', 'calm', '--seeds', '2000-2004', '--horizon', '20', '--start', '10', '--workers', '0', '--resamples', '200'];

describe('slipstream evaluate', () => {
  it('--json: the agent and the baselines on identical paths, paired statistics, model identity; --report writes a self-contained page', async () => {
    const report = join(dir, 'eval.html');
    const r = await run([...BASE, '--side', 'buy,sell', '--qty', '1000', '--json', '--report', report]);
    expect(r.err).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j.strategies)).toEqual(['agent', 'twap', 'vwap']);
    for (const s of Object.values(j.strategies) as Array<Record<string, number>>) {
      for (const k of ['meanIsBps', 'medianIsBps', 'stdIsBps', 'ciLowBps', 'ciHighBps']) expect(Number.isFinite(s[k]), k).toBe(true);
      expect(s.n).toBe(10); // 5 seeds × buy and sell
      expect(s.ciLowBps).toBeLessThanOrEqual(s.meanIsBps);
      expect(s.ciHighBps).toBeGreaterThanOrEqual(s.meanIsBps);
    }
    expect(Object.keys(j.paired)).toEqual(['twap', 'vwap']);
    for (const p of Object.values(j.paired) as Array<Record<string, number>>) {
      for (const k of ['meanDiffBps', 'ciLowBps', 'ciHighBps', 'pValue', 'probOutperformance']) expect(Number.isFinite(p[k]), k).toBe(true);
      expect(p.pValue).toBeGreaterThan(0);
      expect(p.pValue).toBeLessThanOrEqual(1);
    }
    // The paired mean is the difference of the two means (same paths).
    expect(j.paired.twap.meanDiffBps).toBeCloseTo(j.strategies.agent.meanIsBps - j.strategies.twap.meanIsBps, 9);
    expect(j.model).toEqual({ path: model, version: expect.stringContaining('ppo'), weightsSha256: manifest.weightsSha256 });
    expect(j.backend).toMatch(/plain-ts/);
    expect(j.seeds).toEqual({ first: 2000, last: 2004, n: 5 });
    expect(j.cells.map((c: { side: string }) => c.side)).toEqual(['buy', 'sell']);
    expect(j.decisions.count).toBeGreaterThan(0);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('By scenario, side and size');
    expect(html).toContain('Where the agent loses');
    expect(html.match(/<svg[\s>]/g)).toHaveLength(2);
    expect(html).not.toMatch(/(src|href)\s*=|@import|url\(/i); // nothing loaded from anywhere
  }, 180_000);

  it('gives the same agent costs as `backtest --strategies agent:DIR,twap` on the same seeds, and is reproducible', async () => {
    const a = JSON.parse((await run([...BASE, '--side', 'buy', '--qty', '1000', '--json'])).out);
    // One cell: its statistics are the pooled ones (same paths, same bootstrap streams).
    expect(a.cells[0].strategies).toEqual(a.strategies);
    expect(a.cells[0].paired).toEqual(a.paired);
    const b = JSON.parse((await run([...BASE, '--side', 'buy', '--qty', '1000', '--json'])).out);
    delete a.elapsedSec;
    delete b.elapsedSec;
    expect(a).toEqual(b);
    const out: string[] = [];
    expect(await backtestCommand(['--scenario', 'calm', '--side', 'buy', '--qty', '1000', '--horizon', '20', '--start', '10', '--seeds', '2000-2004', '--workers', '0', '--resamples', '200', '--strategies', `agent:${model},twap`, '--json'], (s) => out.push(s), () => {})).toBe(0);
    const bt = JSON.parse(out[0]!);
    const agent = bt.comparison.strategies.find((s: { strategy: string }) => s.strategy === 'agent');
    expect(a.strategies.agent.meanIsBps).toBeCloseTo(agent.isBps.mean, 9);
    expect(a.paired.twap.meanDiffBps).toBeCloseTo(agent.vsBaseline.meanDiffBps, 9);
  }, 180_000);

  it('one cell per scenario, side and size; the report tables them', async () => {
    const report = join(dir, 'cells.html');
    const r = await run(['--model', model, '--vs', 'twap', '--scenario', 'calm,volatile', '--seeds', '2000-2002', '--horizon', '20', '--start', '10', '--workers', '0', '--resamples', '200', '--side', 'sell', '--qty', '500,1000', '--json', '--report', report]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.cells.map((c: { source: string; qty: number }) => `${c.source} ${c.qty}`)).toEqual(['calm 500', 'calm 1000', 'volatile 500', 'volatile 1000']);
    expect(j.strategies.agent.n).toBe(12);
    const html = readFileSync(report, 'utf8');
    expect(html.match(/<td>volatile<\/td><td>sell<\/td><td>1000<\/td>/g)).toHaveLength(1);
  }, 180_000);

  it('refuses seeds the model saw in training or validation (no leakage)', async () => {
    const r = await run([...BASE.slice(0, 6), '--seeds', '1090-1110', '--side', 'buy', '--qty', '1000', '--horizon', '20']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--seeds: seed 1090 was seen by the model \(validation seeds 1000-1099 in .*manifest\.json\)/);
  });

  it('refuses a day the model trained on (no leakage of days)', async () => {
    const amzn = fileURLToPath(new URL('../../assets/sample/AMZN_2012-06-21_34200000_57600000_message_1.csv', import.meta.url));
    const onDay = join(dir, 'on-day');
    saveRandomAgentModel(onDay, { seed: 3, env: TWAP_PACE_ENV, data: [`/elsewhere/${amzn.split('/').pop()}`] });
    const r = await run(['--model', onDay, '--data', amzn, '--seeds', '1-2', '--side', 'buy', '--qty', '100', '--horizon', '60']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--data: AMZN_2012-06-21_34200000_57600000_message_1\.csv is a day the model trained or validated on/);
  });

  describe('a day the model saw only in a window (config.data window)', () => {
    const amzn = fileURLToPath(new URL('../../assets/sample/AMZN_2012-06-21_34200000_57600000_message_1.csv', import.meta.url));
    const sha = createHash('sha256').update(readFileSync(amzn)).digest('hex');
    const seenAm = join(dir, 'seen-am');
    saveRandomAgentModel(seenAm, { seed: 3, env: TWAP_PACE_ENV });
    const mf = JSON.parse(readFileSync(join(seenAm, 'manifest.json'), 'utf8'));
    // As trainExecutionAgent writes it: files with SHA-256 and the window fitted (09:30–12:45).
    mf.config.data = [{ day: 'AMZN 2012-06-21', files: [{ file: 'AMZN_2012-06-21_34200000_57600000_message_1.csv', sha256: sha }], window: [34_200, 45_900] }];
    writeFileSync(join(seenAm, 'manifest.json'), JSON.stringify(mf));
    const DAY = ['--model', seenAm, '--vs', 'twap', '--seeds', '1-2', '--side', 'buy', '--qty', '100', '--workers', '0', '--resamples', '200'];

    it('refuses the day without --window, and a window whose orders (look-back and post-trade window included) overlap the seen part', async () => {
      const whole = await run([...DAY, '--data', amzn, '--horizon', '600']);
      expect(whole.code).toBe(2);
      expect(whole.err).toMatch(/--data: the model saw 09:30-12:45 of AMZN_2012-06-21_34200000_57600000_message_1\.csv \(config\.data window \[34200, 45900\]/);
      const overlap = await run([...DAY, '--data', amzn, '--horizon', '600', '--window', '12:00-16:00']);
      expect(overlap.code).toBe(2);
      expect(overlap.err).toMatch(/--window: an order reading 12:00-12:16:02 of AMZN_2012-06-21_34200000_57600000_message_1\.csv .* overlaps 09:30-12:45/);
      // 12:45 + the 300 s look-back: the first order would start at 12:50 — but a window from 12:44 reads 12:44-12:45.
      const edge = await run([...DAY, '--data', amzn, '--horizon', '600', '--window', '12:44-16:00']);
      expect(edge.code).toBe(2);
      expect(edge.err).toMatch(/overlaps 09:30-12:45/);
      // Given starts are checked too: 3,000 s after the open is 10:20, inside the seen part.
      const start = await run([...DAY, '--data', amzn, '--horizon', '600', '--start', '3000']);
      expect(start.code).toBe(2);
      expect(start.err).toMatch(/overlaps 09:30-12:45/);
    });

    it('recognises the day by SHA-256 under another name', async () => {
      const renamed = join(dir, 'AMZN_2012-06-22_34200000_57600000_message_1.csv');
      copyFileSync(amzn, renamed);
      const r = await run([...DAY, '--data', renamed, '--horizon', '600', '--window', '11:00-13:00']);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/AMZN_2012-06-22_34200000_57600000_message_1\.csv .*overlaps 09:30-12:45/);
    });

    it('accepts a window outside the seen part: orders start from its start + look-back, one every --every seconds, and end inside it', async () => {
      const r = await run([...DAY, '--data', amzn, '--horizon', '600', '--window', '15:00-16:00', '--every', '1200', '--json']);
      expect(r.err).not.toMatch(/error/i);
      expect(r.code).toBe(0);
      const j = JSON.parse(r.out);
      // Window 54,000-57,600 s; first event 34,200.017 s: starts 20,100, 21,300, 22,500 s after it
      // (15:05, 15:25, 15:45), × seeds 1-2; on a recorded L3 day the seed changes nothing once the
      // start is given, so each start is one distinct path (the copies are left out, and said so).
      expect(j.strategies.agent.n).toBe(3);
      const cell = j.cells[0];
      expect(cell.paths).toBe(3);
      expect(cell.pathNote).toMatch(/6 paths but only 3 distinct/);
      const out: string[] = [];
      const code = await evaluateCommand([...DAY, '--data', amzn, '--horizon', '600', '--window', '15:00-16:00', '--every', '1200', '--json'], (x) => out.push(x), () => {});
      expect(code).toBe(0);
      expect(JSON.parse(out[0]!).strategies).toEqual(j.strategies);
      const given = await run([...DAY, '--data', amzn, '--horizon', '600', '--start', '20100,22500', '--json']);
      expect(given.code).toBe(0);
      expect(JSON.parse(given.out).strategies.agent.n).toBe(2);
    }, 180_000);

    it('refuses --window without --data, a start outside the window, and a window too short for the order', async () => {
      const sc = await run(['--model', model, '--scenario', 'calm', '--seeds', '5000', '--side', 'buy', '--qty', '100', '--horizon', '10', '--window', '10:00-11:00']);
      expect(sc.code).toBe(2);
      expect(sc.err).toMatch(/--window: only with --data/);
      const out = await run([...DAY, '--data', amzn, '--horizon', '600', '--window', '15:00-16:00', '--start', '3000']);
      expect(out.code).toBe(2);
      expect(out.err).toMatch(/--start 3000: the order .* leaves --window 15:00-16:00/);
      const short = await run([...DAY, '--data', amzn, '--horizon', '1800', '--window', '15:30-16:00']);
      expect(short.code).toBe(2);
      expect(short.err).toMatch(/--window: 15:30-16:00 is too short for a 1800 s order/);
    });
  });

  it('refuses a model that does not fit the environment, naming the field', async () => {
    const bad = join(dir, 'bad');
    saveRandomAgentModel(bad, { seed: 1, env: { decisions: 10 }, observation: { size: 17, names: OBS_NAMES.slice(0, 17) } });
    const r = await run(['--model', bad, '--scenario', 'calm', '--seeds', '5000', '--side', 'buy', '--qty', '100', '--horizon', '10']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/obsDim: .*takes 17 inputs, the environment gives 18/);
    const missing = await run(['--scenario', 'calm', '--seeds', '5000', '--side', 'buy', '--qty', '100', '--horizon', '10']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/--model is required/);
  });

  it('--scenario takes a scenario file written by calibrate', async () => {
    const amzn = fileURLToPath(new URL('../../assets/sample/AMZN_2012-06-21_34200000_57600000_message_1.csv', import.meta.url));
    const scenario = join(dir, 'amzn.json');
    expect(await calibrateCommand([amzn, '--out', scenario, '--no-simulate'], () => {})).toBe(0);
    const out: string[] = [];
    const code = await evaluateCommand(['--model', model, '--vs', 'twap', '--scenario', scenario, '--seeds', '3000-3002', '--side', 'sell', '--qty', '300', '--horizon', '20', '--start', '10', '--workers', '0', '--resamples', '200', '--json'], (s) => out.push(s), () => {});
    expect(code).toBe(0);
    const j = JSON.parse(out[0]!);
    expect(j.cells[0].source).toBe('amzn.json');
    expect(j.strategies.agent.n).toBe(3);
    expect(JSON.parse(readFileSync(scenario, 'utf8'))).toBeTypeOf('object');
  }, 180_000);
});
