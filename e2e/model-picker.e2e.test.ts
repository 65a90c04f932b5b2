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
 * Any model folder in the TCA and Order ticket screens (#11 item 3): the model picker lists the
 * registry (the shipped agent), "Choose a folder…" uploads a folder the user chose (the browser's
 * folder input: the headless host's folder choice), the engine checks it against the env and a
 * folder with the wrong observation size is refused at the picker naming the field; two agents
 * are compared in one backtest, labelled by model name, and the ticket's preview and blotter say
 * which model works the order. Screenshots at 1280×720.
 */
const ws = useWorkstation();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slip-e2e-models-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

// Random (untrained) agents written with model-io: one that fits the env, one with 2 observation features too few.
const GOOD = path.join(tmp, 'e2e-agent');
const BAD = path.join(tmp, 'short-obs-agent');
const goodSha = saveRandomAgentModel(GOOD, { seed: 5, env: TWAP_PACE_ENV }).weightsSha256;
saveRandomAgentModel(BAD, { seed: 6, env: TWAP_PACE_ENV, observation: { size: OBS_NAMES.length - 2, names: OBS_NAMES.slice(0, -2) } });

type TcaHook = ReturnType<NonNullable<Window['__slipstream']>['tca']>;
const tcaOf = (page: Page): Promise<TcaHook> => page.evaluate(() => window.__slipstream!.tca());

/** Chooses a folder in picker `key` as a user would in the browser: "Choose a folder…", then the browser's folder chooser. */
async function chooseFolder(page: Page, key: string, dir: string): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator(`[data-testid="mp-choose-${key}"]`).click()]);
  await chooser.setFiles(dir);
  await expect.poll(() => page.locator(`[data-testid="mp-${key}"]`).getAttribute('data-checking'), { timeout: 30_000 }).toBeNull();
}

describe('choosing any model folder on the real headless host and engine', () => {
  it('TCA: a mismatched folder is refused naming the field; the shipped agent and a chosen folder are compared in one run, labelled by model', async () => {
    const { page } = ws.browser;
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(ws.host.url);
    await page.waitForFunction(() => (document.querySelector('[data-testid=sb-backend] .sb-val')?.textContent ?? '—') !== '—', null, { timeout: 30_000 });
    await page.keyboard.press('Control+6');
    await page.locator('[data-testid=tca-screen]').waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => [...document.querySelectorAll('#tca-scenario option')].some((o) => (o as HTMLOptionElement).value === 'calm'), null, { timeout: 30_000 });
    await page.selectOption('#tca-scenario', 'calm');
    for (const s of ['twap', 'vwap', 'pov', 'almgren-chriss', 'adaptive-shortfall', 'immediate', 'submit-and-leave', 'agent']) {
      const box = page.locator(`[data-strategy="${s}"] input`);
      if ((await box.isChecked()) !== (s === 'twap' || s === 'agent')) await box.click();
    }
    await page.locator('#tca-seedFrom').fill('1');
    await page.locator('#tca-seedTo').fill('2');
    await page.locator('#tca-quantity').fill('1,000');

    // Row 1: the registry's shipped agent, chosen by default.
    const row0 = page.locator('[data-testid="mp-tca.agent.0"]');
    await expect.poll(() => row0.getAttribute('data-model-name'), { timeout: 30_000 }).toBe('execution-default');
    const listed = await row0.locator('option').allInnerTexts();
    expect(listed).toEqual(expect.arrayContaining([expect.stringMatching(/^execution-default — PPO · v[\d.]+ · [0-9a-f]{8} · [\d,]+ steps$/)]));
    // native-models/evaluations/ holds no model: not offered.
    expect(listed.some((o) => o.startsWith('evaluations'))).toBe(false);

    // Row 2: a folder whose model takes 16 inputs — refused at the picker, naming the field, with Copy details.
    await page.locator('[data-testid=tca-agent-add]').click();
    await chooseFolder(page, 'tca.agent.1', BAD);
    const refusal = page.locator('[data-testid="mp-tca.agent.1"] [data-testid=error-notice]');
    await refusal.waitFor({ timeout: 30_000 });
    expect(await refusal.locator('.error-message').innerText()).toMatch(/obsDim: .*the model takes 16 inputs, the environment gives 18/);
    expect(await refusal.locator('.error-field').innerText()).toBe('field: path');
    expect(await refusal.getByRole('button', { name: 'Copy details' }).count()).toBe(1);
    // Still on the default, which row 1 uses too: the form says so in words.
    expect(await page.locator('[data-testid=tca-err-agents]').innerText()).toBe('Agents 1 and 2 use the same model execution-default: choose another or remove one.');
    await page.mouse.move(5, 710);
    await page.screenshot({ path: path.join(ARTIFACTS, 'model-picker-refused-1280x720.png') });

    // The good folder fits: it is chosen and listed under its folder's name.
    await chooseFolder(page, 'tca.agent.1', GOOD);
    const row1 = page.locator('[data-testid="mp-tca.agent.1"]');
    await expect.poll(() => row1.getAttribute('data-model-name')).toBe('e2e-agent');
    expect(await row1.locator('[data-testid=error-notice]').count()).toBe(0);
    expect(await page.locator('[data-testid="mp-detail-tca.agent.1"]').innerText()).toContain(goodSha.slice(0, 8));
    expect(await page.locator('.tca-setup .wi-err').count()).toBe(0);

    await page.locator('[data-testid=tca-run]').click();
    await page.waitForFunction(() => {
      const t = window.__slipstream!.tca();
      return t.runNo === 1 || (!t.running && t.error !== null);
    }, null, { timeout: 240_000, polling: 250 });
    const t = await tcaOf(page);
    expect(t.error).toBeNull();
    expect(t.failed).toEqual([]);
    expect(t.columns).toEqual(['twap', 'agent:execution-default', 'agent:e2e-agent']);
    // The results record which model each agent row used.
    const agents = (t.config as { agents?: Array<{ strategy: string; name: string; weightsSha256: string; path: string }> }).agents!;
    expect(agents.map((a) => [a.strategy, a.name])).toEqual([['agent:execution-default', 'execution-default'], ['agent:e2e-agent', 'e2e-agent']]);
    expect(agents[1]!.weightsSha256).toBe(goodSha);

    const headline = page.locator('[data-testid=tca-headline]');
    await expect.poll(() => headline.locator('.ag-header-cell-text').allInnerTexts(), { timeout: 10_000 }).toEqual(expect.arrayContaining(['TWAP (baseline)', 'Agent · execution-default', 'Agent · e2e-agent']));
    await page.mouse.move(5, 710);
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(ARTIFACTS, 'model-picker-tca-1280x720.png') });

    // The drill-down of the chosen agent's parent names its model.
    const agentRow = page.locator('[data-testid=tca-outcomes] .ag-row[row-id^="agent:e2e-agent|"]').first();
    await agentRow.locator('[col-id=path]').click();
    const detail = page.locator('[data-testid=tca-detail]');
    await detail.waitFor({ timeout: 10_000 });
    await expect.poll(() => detail.getAttribute('data-loading'), { timeout: 60_000 }).toBe('false');
    expect(await page.locator('[data-testid=tca-detail-caption]').innerText()).toMatch(/^Agent · e2e-agent · /);
    expect(await page.locator('[data-testid=tca-detail-model]').innerText()).toMatch(new RegExp(`^Model e2e-agent · ppo .+ · ${goodSha.slice(0, 8)}$`));
    await page.mouse.move(5, 710);
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(ARTIFACTS, 'model-picker-tca-drilldown-1280x720.png') });
    await page.keyboard.press('Escape');
  }, 360_000);

  it('Order ticket: the agent works the order with a chosen folder; the preview and the blotter say which model; the choice is kept in the settings', async () => {
    const { page } = ws.browser;
    await page.keyboard.press('Control+3');
    await page.locator('[data-testid=ticket-screen]').waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => [...document.querySelectorAll('#ot-scenario option')].some((o) => (o as HTMLOptionElement).value === 'calm'), null, { timeout: 30_000 });
    await page.selectOption('#ot-scenario', 'calm');
    await page.locator('#ot-durationSec').fill('60');
    await page.selectOption('#ot-algorithm', 'agent');
    await page.locator('#ot-quantity').fill('2,000');
    await page.locator('#ot-startSec').fill('10');
    await page.locator('#ot-horizonSec').fill('30');
    const picker = page.locator('[data-testid=mp-ticket]');
    await expect.poll(() => picker.getAttribute('data-model-name'), { timeout: 30_000 }).toBe('execution-default');
    // The folder chosen on the TCA screen is offered here too (chosen folders are listed in every picker).
    const options = await picker.locator('option').allInnerTexts();
    expect(options.some((o) => o.startsWith('e2e-agent — '))).toBe(true);
    await picker.locator('select').selectOption({ label: options.find((o) => o.startsWith('e2e-agent — '))! });
    await expect.poll(() => picker.getAttribute('data-model-name')).toBe('e2e-agent');

    // The preview says which model would work the order.
    const line = page.locator('[data-testid=ot-agent-model]');
    await expect.poll(async () => ((await line.count()) > 0 ? line.innerText() : ''), { timeout: 30_000 }).toContain(goodSha.slice(0, 8));
    expect(await line.innerText()).toMatch(/^Worked by the agent e2e-agent ppo /);
    await page.mouse.move(5, 710);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(ARTIFACTS, 'model-picker-ticket-1280x720.png') });

    await expect.poll(() => page.locator('.ot-ticket .wi-err').count()).toBe(0);
    await page.locator('[data-testid=ot-submit]').click();
    // The parent appears in the blotter with its model in the strategy column.
    const strategy = page.locator('[data-testid=ticket-screen] .ag-row[row-id^="PO-"] [col-id=strategy]').first();
    await expect.poll(async () => ((await strategy.count()) > 0 ? strategy.innerText() : ''), { timeout: 60_000 }).toMatch(/^agent · e2e-agent-[0-9a-f]{8}$/);

    // The choice is in the host's settings, so it is there after a reload.
    const settings = (await (await fetch(`http://127.0.0.1:${ws.host.port}/api/settings?token=${ws.host.token}`)).json()) as { modelChoices?: Record<string, string> };
    expect(Object.keys(settings.modelChoices ?? {}).sort()).toEqual(['tca.agent.1', 'ticket']);
    expect(settings.modelChoices?.ticket).toMatch(/[\\/]uploads[\\/]e2e-agent-[0-9a-f]{8}$/);
    await page.reload();
    // The app's keys work once it has started (the status bar names the backend), as at the start of the first test.
    await page.waitForFunction(() => (document.querySelector('[data-testid=sb-backend] .sb-val')?.textContent ?? '—') !== '—', null, { timeout: 30_000 });
    await page.keyboard.press('Control+3');
    await page.locator('[data-testid=ticket-screen]').waitFor({ timeout: 30_000 });
    await page.selectOption('#ot-algorithm', 'agent');
    await expect.poll(() => page.locator('[data-testid=mp-ticket]').getAttribute('data-model-name'), { timeout: 30_000 }).toMatch(/^e2e-agent/);
    await page.mouse.move(5, 710);
    await page.waitForTimeout(800);
    await page.screenshot({ path: path.join(ARTIFACTS, 'model-picker-ticket-blotter-1280x720.png') });
  }, 240_000);
  it('What-if: the same picker (saved per screen) runs the agent with the chosen folder, and the result names the model', async () => {
    const { page } = ws.browser;
    await page.keyboard.press('Control+2');
    await page.locator('[data-testid=whatif-screen]').waitFor({ timeout: 30_000 });
    await page.locator('[data-source=scenario]').click();
    await page.waitForFunction(() => [...document.querySelectorAll('#wi-scenario option')].some((o) => (o as HTMLOptionElement).value === 'calm'), null, { timeout: 30_000 });
    await page.selectOption('#wi-scenario', 'calm');
    await page.locator('#wi-durationSec').fill('60');
    await page.locator('#wi-quantity').fill('2,000');
    await page.locator('[data-algo=agent]').click();
    await page.locator('#wi-startSec').fill('10');
    await page.locator('#wi-horizonSec').fill('30');
    const picker = page.locator('[data-testid=mp-whatif]');
    // Its own choice: nothing saved for the What-if yet, so the shipped agent (the ticket's choice does not leak here).
    await expect.poll(() => picker.getAttribute('data-model-name'), { timeout: 30_000 }).toBe('execution-default');
    await chooseFolder(page, 'whatif', GOOD);
    await expect.poll(() => picker.getAttribute('data-model-name')).toBe('e2e-agent');
    await page.locator('[data-testid=wi-run]').click();
    await page.waitForFunction(() => {
      const w = window.__slipstream!.whatif();
      return w.runNo === 1 || (!w.running && w.error !== null);
    }, null, { timeout: 120_000, polling: 200 });
    expect(await page.evaluate(() => window.__slipstream!.whatif().error)).toBeNull();
    expect(await page.locator('[data-testid=wi-model]').innerText()).toMatch(new RegExp(`model e2e-agent-[0-9a-f]{8} ${goodSha.slice(0, 8)}$`));
    await page.mouse.move(5, 710);
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(ARTIFACTS, 'model-picker-whatif-1280x720.png') });
  }, 240_000);
});
