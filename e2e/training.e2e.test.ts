import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, useWorkstation } from './support/workstation.js';

const ws = useWorkstation();

const jobStatus = (page: Page, i: number) => page.locator('[data-testid=tr-job]').nth(i).getAttribute('data-status');
const curveCount = (page: Page, attr: 'raw' | 'evaluation') => page.locator('[data-testid=tr-curve]').getAttribute(`data-${attr}`).then(Number);

describe('Training screen (issue 11, item 8): presets, live curves, stop, stored runs, compare, promote', () => {
  it('trains CartPole PPO to the end with live curves, stops a second run, compares both and promotes one into the Models screen', async () => {
    await ws.browser.page.setViewportSize({ width: 1280, height: 720 });
    const { page } = ws.browser;
    await page.goto(ws.host.url);
    await page.waitForFunction(() => (document.querySelector('[data-testid=sb-backend] .sb-val')?.textContent ?? '—') !== '—', null, { timeout: 30_000 });
    await page.keyboard.press('Control+5');
    await page.locator('[data-testid=training-screen]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid=tr-jobs-empty]').waitFor();
    await page.locator('[data-testid=tr-runs-empty]').waitFor();

    // Validated as typed, naming the field and the limit; Start is refused meanwhile.
    await page.locator('#tr-steps').fill('0');
    expect(await page.locator('[data-testid=tr-err-steps]').innerText()).toBe('Steps 0 must be from 1 to 1,000,000,000');
    expect(await page.locator('[data-testid=tr-start]').isDisabled()).toBe(true);
    await page.locator('#tr-steps').fill('6,000');
    await page.locator('#tr-seed').fill('3');
    await page.locator('#tr-seed').press('Enter');

    await expect.poll(() => page.locator('[data-testid=tr-job]').count(), { timeout: 30_000 }).toBe(1);
    // Live: progress events draw raw points and report steps/s before the end.
    await expect.poll(() => curveCount(page, 'raw'), { timeout: 180_000 }).toBeGreaterThan(0);
    await expect.poll(() => jobStatus(page, 0), { timeout: 300_000 }).toBe('completed');
    expect(await page.locator('[data-testid=tr-job-steps]').first().innerText()).toMatch(/^6,\d{3} \/ 6,000$/);
    expect(await page.locator('[data-testid=tr-job-rate]').first().innerText()).toMatch(/^\d[\d.,k]* steps\/s$/);
    expect(await curveCount(page, 'evaluation')).toBeGreaterThan(0);
    await expect.poll(() => page.locator('[data-testid=tr-run]').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.locator('[data-testid=tr-run-eval]').first().innerText()).toMatch(/^-?\d/);

    // A long run, stopped: it ends cancelled and is stored as such.
    await page.locator('#tr-preset').selectOption('cartpole-ddqn');
    expect(await page.locator('#tr-steps').inputValue()).toBe('20000');
    await page.locator('#tr-steps').fill('1,000,000');
    await page.locator('[data-testid=tr-start]').click();
    await expect.poll(() => page.locator('[data-testid=tr-job]').count(), { timeout: 30_000 }).toBe(2);
    // Past the first checkpoint (every 1,000 steps), so the stopped run can be resumed.
    const stepsOf = (i: number) => page.locator('[data-testid=tr-job]').nth(i).locator('[data-testid=tr-job-steps]').innerText().then((t) => Number(t.split(' / ')[0]!.replace(/,/g, '')));
    await expect.poll(() => stepsOf(1), { timeout: 180_000 }).toBeGreaterThan(1_000);
    await page.locator('[data-testid=tr-stop]').click();
    await expect.poll(() => jobStatus(page, 1), { timeout: 120_000 }).toBe('cancelled');
    await expect.poll(() => page.locator('[data-testid=tr-run]').count(), { timeout: 30_000 }).toBe(2);
    expect(await page.locator('[data-testid=tr-run]').nth(1).getAttribute('data-status')).toBe('cancelled');

    // Compare both stored runs side by side.
    for (const box of await page.locator('[data-testid=tr-run] input[type=checkbox]').all()) await box.check();
    const compare = page.locator('[data-testid=tr-compare]');
    await compare.waitFor();
    expect(await compare.locator('thead th').count()).toBe(3);
    expect(await compare.locator('tbody th').allInnerTexts()).toContain('evalMeanReturn');

    // Promote the completed run; the first job's curves are shown again for the screenshot.
    await page.locator('[data-testid=tr-promote]').first().click();
    await page.locator('#tr-promote-name').fill('cartpole-e2e');
    await page.locator('#tr-promote-name').press('Enter');
    expect(await page.locator('[data-testid=tr-notice]').innerText()).toMatch(/promoted as model "cartpole-e2e"/);
    await page.locator('[data-testid=tr-job] .tr-job-pick').first().click();
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'training-1280x720.png') });
    // The page never scrolls at 1280×720.
    expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);

    // The same name again is refused in the engine's words.
    await page.locator('[data-testid=tr-promote]').first().click();
    await page.locator('#tr-promote-name').fill('cartpole-e2e');
    await page.locator('#tr-promote-name').press('Enter');
    expect(await page.locator('[data-testid=error-notice] .error-message').innerText()).toBe('A model named "cartpole-e2e" already exists; choose another name');
    await page.locator('#tr-promote-name').press('Escape');

    // Resume the stopped run: a new job that starts from its checkpoint, not from 0.
    await page.locator('[data-testid=tr-job]').nth(1).locator('[data-testid=tr-resume]').click();
    await expect.poll(() => page.locator('[data-testid=tr-job]').count(), { timeout: 30_000 }).toBe(3);
    await expect.poll(() => stepsOf(2), { timeout: 120_000 }).toBeGreaterThan(0);
    expect(await stepsOf(2)).toBeGreaterThanOrEqual(1_000);
    await page.locator('[data-testid=tr-job]').nth(2).locator('[data-testid=tr-stop]').click();
    await expect.poll(() => jobStatus(page, 2), { timeout: 120_000 }).toBe('cancelled');

    await page.keyboard.press('Control+9');
    await page.locator('[data-testid=models-screen]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid=md-item][data-model="user:cartpole-e2e"]').click();
    expect(await page.locator('[data-testid=md-algorithm]').innerText()).toBe('PPO');
    expect(await page.locator('[data-testid=md-steps]').innerText()).toMatch(/^6,\d{3}$/);
  });
});
