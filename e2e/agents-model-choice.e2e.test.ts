import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { TWAP_PACE_ENV } from '../main/execution/agent/agent-test-support.js';
import { saveRandomAgentModel } from '../main/execution/agent/random-agent-model.js';
import { OBS_NAMES } from '../main/learning/env/observation.js';
import { ARTIFACTS, useWorkstation } from './support/workstation.js';

/**
 * The agent's model in the Agents screen's Run form (#13 item 5 with #11 item 3): the shared model
 * picker appears when the strategy is the agent; a folder that does not fit the env is refused at
 * the picker naming the field; a chosen folder works a simulated parent, and the parent's row and
 * detail name the model (name · short weights hash); the choice survives a reload (settings).
 */
const ws = useWorkstation();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slip-e2e-agents-model-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

// Random (untrained) agents: one that fits the env, one with 2 observation features too few.
const GOOD = path.join(tmp, 'desk-agent');
const BAD = path.join(tmp, 'short-obs-agent');
const goodSha = saveRandomAgentModel(GOOD, { seed: 11, env: TWAP_PACE_ENV }).weightsSha256;
saveRandomAgentModel(BAD, { seed: 12, env: TWAP_PACE_ENV, observation: { size: OBS_NAMES.length - 2, names: OBS_NAMES.slice(0, -2) } });

async function chooseFolder(page: Page, dir: string): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator('[data-testid="mp-choose-agents"]').click()]);
  await chooser.setFiles(dir);
  await expect.poll(() => page.locator('[data-testid="mp-agents"]').getAttribute('data-checking'), { timeout: 30_000 }).toBeNull();
}

async function openAgents(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => (document.querySelector('[data-testid=sb-backend] .sb-val')?.textContent ?? '—') !== '—', null, { timeout: 30_000 });
  await page.keyboard.press('Control+4');
  await page.locator('[data-testid=agents-screen]').waitFor({ timeout: 30_000 });
}

describe('Agents screen: choosing the agent model in the Run form', () => {
  it('refuses a mismatched folder at the picker, runs a simulated parent on a chosen folder and names the model on its row and detail', async () => {
    const { page } = ws.browser;
    await page.setViewportSize({ width: 1280, height: 720 });
    await openAgents(page, ws.host.url);

    // No picker for a fixed-rule strategy; the agent gets one, on the shipped agent by default.
    await page.locator('#ag-algorithm').selectOption('vwap');
    expect(await page.locator('[data-testid="mp-agents"]').count()).toBe(0);
    await page.locator('#ag-algorithm').selectOption('agent');
    const picker = page.locator('[data-testid="mp-agents"]');
    await picker.waitFor();
    await expect.poll(() => picker.getAttribute('data-model-name'), { timeout: 30_000 }).toBe('execution-default');

    // A folder whose model takes 16 inputs: refused at the picker, naming the field.
    await chooseFolder(page, BAD);
    const refusal = picker.locator('[data-testid=error-notice]');
    await refusal.waitFor({ timeout: 30_000 });
    expect(await refusal.locator('.error-message').innerText()).toMatch(/obsDim: .*the model takes 16 inputs, the environment gives 18/);
    expect(await refusal.locator('.error-field').innerText()).toBe('field: path');
    expect(await picker.getAttribute('data-model-name')).toBe('execution-default');

    // The fitting folder is chosen (the refusal goes) and works the parent.
    await chooseFolder(page, GOOD);
    await expect.poll(() => picker.getAttribute('data-model-name'), { timeout: 30_000 }).toBe('desk-agent');
    expect(await refusal.count()).toBe(0);
    expect(await page.locator('[data-testid="mp-detail-agents"]').innerText()).toContain(goodSha.slice(0, 8));
    await page.locator('#ag-quantity').fill('3,000');
    await page.locator('#ag-horizon').fill('1,200');
    await page.locator('[data-testid=ag-start]').click();
    const card = page.locator('[data-testid=ag-parent]').first();
    await expect.poll(() => page.locator('[data-testid=ag-parent]').count(), { timeout: 60_000 }).toBe(1);
    expect(await card.getAttribute('data-algorithm')).toBe('agent');
    const line = `desk-agent · ${goodSha.slice(0, 8)}`;
    await expect.poll(() => card.locator('[data-testid=ag-parent-model]').innerText(), { timeout: 30_000 }).toBe(`Model ${line}`);
    expect(await page.locator('[data-testid=ag-model]').innerText()).toBe(line);
    expect(await page.locator('[data-testid=ag-model]').getAttribute('title')).toContain(goodSha);
    // The agent explains its decisions (the chosen model's, not the shipped one's).
    await page.locator('[data-testid=ag-decision]').first().waitFor({ timeout: 60_000 });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.mouse.move(5, 710);
    await page.screenshot({ path: path.join(ARTIFACTS, 'agents-model-choice-1280x720.png') });
    expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);

    // Persisted like the other screens' choices: after a reload the Run form is on the same folder
    // (read back by the picker under the uploaded folder's name, desk-agent-<batch suffix>).
    const chosenPath = await picker.getAttribute('data-model-path');
    await openAgents(page, ws.host.url);
    await page.locator('#ag-algorithm').selectOption('agent');
    await expect.poll(() => page.locator('[data-testid="mp-agents"]').getAttribute('data-model-path'), { timeout: 30_000 }).toBe(chosenPath);
    expect(await page.locator('[data-testid="mp-agents"]').getAttribute('data-model-name')).toMatch(/^desk-agent/);

    // Nothing left working when the host closes.
    const again = page.locator('[data-testid=ag-parent]').first();
    if ((await again.getAttribute('data-state')) !== 'ended') {
      await again.locator('[data-testid=ag-kill]').click();
      await page.keyboard.press('Enter');
      await expect.poll(() => again.getAttribute('data-state'), { timeout: 60_000 }).toBe('ended');
    }
  });
});
