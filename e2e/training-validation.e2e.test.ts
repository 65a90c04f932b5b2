import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, useWorkstation } from './support/workstation.js';

const ws = useWorkstation({ viewport: { width: 1280, height: 720 }, tmpPrefix: 'slipstream-e2e-trval-' });

const curve = (page: Page, attr: 'raw' | 'evaluation' | 'validation' | 'band' | 'rate') => page.locator('[data-testid=tr-curve]').getAttribute(`data-${attr}`).then(Number);

describe('Training screen: validation shortfall against TWAP (issue 11, item 8)', () => {
  it('trains a tiny PPO run on the execution env from the screen and draws agent − TWAP with its interval, live and in the stored run', async () => {
    const { page } = ws.browser;
    await page.goto(ws.host.url);
    await page.waitForFunction(() => (document.querySelector('[data-testid=sb-backend] .sb-val')?.textContent ?? '—') !== '—', null, { timeout: 30_000 });
    await page.keyboard.press('Control+5');
    await page.locator('[data-testid=training-screen]').waitFor({ timeout: 30_000 });

    await page.locator('#tr-preset').selectOption('execution-ppo');
    // Two PPO updates (4 envs × 128 steps each); about ten evaluations a run ⇒ one after each update.
    await page.locator('#tr-steps').fill('1,024');
    await page.locator('#tr-seed').fill('5');
    await page.locator('#tr-seed').press('Enter');
    await expect.poll(() => page.locator('[data-testid=tr-job]').count(), { timeout: 30_000 }).toBe(1);

    // Live: the first validation is drawn from a progress event (a second follows after the second update).
    await expect.poll(() => curve(page, 'validation'), { timeout: 300_000 }).toBeGreaterThan(0);
    expect(await curve(page, 'band')).toBeGreaterThan(0);
    expect(await curve(page, 'rate')).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=tr-curve-sub]').innerText()).toMatch(/last agent − TWAP [+-]\d+\.\d\d bp \(n 16\)/);
    await expect.poll(() => page.locator('[data-testid=tr-job]').first().getAttribute('data-status'), { timeout: 300_000 }).toBe('completed');
    expect(await curve(page, 'validation')).toBe(2);
    expect(await curve(page, 'band')).toBe(2);
    // The chart really holds the band and the line: read back from ECharts' own option.
    const drawn = await page.evaluate(() => {
      const el = document.querySelector('[data-testid=tr-curve]') as HTMLElement & { getAttribute(n: string): string | null };
      const id = el.getAttribute('_echarts_instance_');
      return id !== null && el.querySelector('canvas') !== null;
    });
    expect(drawn).toBe(true);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'training-validation-1280x720.png') });

    // The stored run carries the final agent − TWAP with its interval.
    await expect.poll(() => page.locator('[data-testid=tr-run]').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.locator('[data-testid=tr-run-vs-twap]').first().innerText()).toMatch(/^[+-]\d+\.\d\d \[[+-]\d+\.\d\d, [+-]\d+\.\d\d\]$/);

    // A second run (another seed, one update); both ticked: their curves overlaid, one colour each.
    await page.locator('#tr-steps').fill('512');
    await page.locator('#tr-seed').fill('6');
    await page.locator('#tr-seed').press('Enter');
    await expect.poll(() => page.locator('[data-testid=tr-run]').count(), { timeout: 300_000 }).toBe(2);
    for (const box of await page.locator('[data-testid=tr-run] input[type=checkbox]').all()) await box.check();
    const chart = page.locator('[data-testid=tr-compare-chart]');
    await chart.waitFor();
    await expect.poll(() => chart.getAttribute('data-validated'), { timeout: 30_000 }).toBe('2');
    expect(await chart.getAttribute('data-runs')).toBe('2');
    expect(await page.locator('[data-testid=tr-compare] tbody th').allInnerTexts()).toEqual(expect.arrayContaining(['validationDiffBps', 'validationCiLowBps', 'validationCiHighBps']));
    await page.screenshot({ path: path.join(ARTIFACTS, 'training-compare-1280x720.png') });
    expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);
  }, 600_000);
});
