import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHeadlessHost, type HeadlessHost } from '../app/headless/headless-host.js';
import { launchBrowser, type TestBrowser } from './support/browser.js';
import { ensureRendererBuilt } from './support/renderer-build.js';
import { ARTIFACTS } from './support/workstation.js';

// Our own host: the shipped models' folder is set through SLIPSTREAM_NATIVE_MODELS before the engine starts.
let host: HeadlessHost;
let browser: TestBrowser;
let tmp = '';
const savedEnv = process.env.SLIPSTREAM_NATIVE_MODELS;

function manifest(seed: number, steps: number): Record<string, unknown> {
  return {
    format: 'slipstream-model', version: { format: '1.0.0', package: '0.1.0' }, algorithm: 'ppo', config: { algo: 'ppo', env: 'execution', seed }, seed,
    dataHash: null, backend: 'cpu', trainingSteps: steps, metrics: { evalMeanReturn: -3.25, stepsPerSec: 812 }, weightsSha256: 'c0'.repeat(32),
    observation: { size: 3, names: ['timeLeft', 'inventoryLeft', 'spreadTicks'] }, actionSpace: { kind: 'discrete', n: 6 }, policy: { network: 'pi', head: 'categorical' },
  };
}
function modelFolder(dir: string, m: unknown, evaluation?: unknown): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(m));
  fs.writeFileSync(path.join(dir, 'weights.bin'), Buffer.alloc(8));
  if (evaluation !== undefined) fs.writeFileSync(path.join(dir, 'evaluation.json'), JSON.stringify(evaluation));
}

beforeAll(async () => {
  ensureRendererBuilt();
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slipstream-e2e-models-'));
  modelFolder(path.join(tmp, 'native', 'execution-default'), manifest(7, 400_000), {
    strategies: { agent: { meanIsBps: 2.1, medianIsBps: 1.8, ciLowBps: 1.6, ciHighBps: 2.6, n: 200 }, twap: { meanIsBps: 3.4, medianIsBps: 3.1, ciLowBps: 2.9, ciHighBps: 3.9, n: 200 } },
    paired: { twap: { meanDiffBps: -1.3, ciLowBps: -1.7, ciHighBps: -0.9, pValue: 0.0001 } },
  });
  modelFolder(path.join(tmp, 'data', 'model-registry', 'my-agent'), manifest(11, 50_000));
  process.env.SLIPSTREAM_NATIVE_MODELS = path.join(tmp, 'native');
  host = await startHeadlessHost({ port: 0, engineMode: 'worker', dataDir: path.join(tmp, 'data'), settingsDir: path.join(tmp, 'settings') });
  browser = await launchBrowser({ width: 1280, height: 720 });
});
afterEach(() => {
  const logged = browser ? browser.errors.splice(0) : [];
  expect(logged, 'the page logged console errors or warnings').toEqual([]);
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
  if (savedEnv === undefined) delete process.env.SLIPSTREAM_NATIVE_MODELS;
  else process.env.SLIPSTREAM_NATIVE_MODELS = savedEnv;
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('Models screen (issue 11, item 8): shipped and user models, manifests, evaluation, delete with confirmation', () => {
  it('shows both kinds with their manifests and evaluation; a user model is deleted only after the confirmation, a shipped one never', async () => {
    const { page } = browser;
    await page.goto(host.url);
    await page.waitForFunction(() => (document.querySelector('[data-testid=sb-backend] .sb-val')?.textContent ?? '—') !== '—', null, { timeout: 30_000 });
    await page.keyboard.press('Control+9');
    await page.locator('[data-testid=models-screen]').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('[data-testid=md-item]').evaluateAll((els) => els.map((e) => e.getAttribute('data-model'))), { timeout: 15_000 })
      .toEqual(['shipped:execution-default', 'user:my-agent']);

    // The shipped model: manifest, evaluation tables, no Delete.
    await page.locator('[data-testid=md-item][data-model="shipped:execution-default"]').click();
    expect(await page.locator('[data-testid=md-detail]').getAttribute('data-model')).toBe('shipped:execution-default');
    expect(await page.locator('[data-testid=md-steps]').innerText()).toBe('400,000');
    expect(await page.locator('[data-testid=md-sha]').innerText()).toBe('c0'.repeat(32));
    expect(await page.locator('[data-testid=md-eval-row]').allInnerTexts()).toEqual(['agent\t2.1 bp\t1.8 bp\t1.6 bp … 2.6 bp\t200', 'twap\t3.4 bp\t3.1 bp\t2.9 bp … 3.9 bp\t200']);
    expect(await page.locator('[data-testid=md-delete]').count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'models-1280x720.png') });
    expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);

    // The user's model: no evaluation yet (says how to get one); Delete asks first, Escape backs out.
    await page.locator('[data-testid=md-item][data-model="user:my-agent"]').click();
    await page.locator('[data-testid=md-eval-empty]').waitFor();
    await page.locator('[data-testid=md-delete]').click();
    await page.locator('[data-testid=md-confirm]').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-testid=md-confirm]').count()).toBe(0);
    expect(fs.existsSync(path.join(tmp, 'data', 'model-registry', 'my-agent', 'manifest.json'))).toBe(true);

    // Enter confirms (focus starts on Delete): the folder is gone and so is the row.
    await page.locator('[data-testid=md-delete]').click();
    await page.locator('[data-testid=md-confirm]').waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-testid=md-item]').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.locator('[data-testid=md-notice]').innerText()).toBe('Deleted my-agent.');
    expect(fs.existsSync(path.join(tmp, 'data', 'model-registry', 'my-agent'))).toBe(false);
    expect(fs.existsSync(path.join(tmp, 'native', 'execution-default', 'manifest.json'))).toBe(true);
  });
});
