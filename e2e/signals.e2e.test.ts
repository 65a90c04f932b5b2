import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, useWorkstation } from './support/workstation.js';

const ws = useWorkstation();

describe('Signals screen (issue 12, item 9): train a signal model with progress and cancel, metrics vs naive, price chart with score and feature', () => {
  it('cancels a running MLP, trains logistic regression to the end and draws its out-of-sample score over the mid at 1280×720', async () => {
    await ws.browser.page.setViewportSize({ width: 1280, height: 720 });
    const { page } = ws.browser;
    await page.goto(ws.host.url);
    await page.waitForFunction(() => (document.querySelector('[data-testid=sb-backend] .sb-val')?.textContent ?? '—') !== '—', null, { timeout: 30_000 });

    // Reached from the command palette as well as Ctrl+0.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('Signals');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=signals-screen]').waitFor({ timeout: 30_000 });
    await page.keyboard.press('Control+1');
    await page.keyboard.press('Control+0');
    await page.locator('[data-testid=signals-screen]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid=sg-empty]').waitFor();
    // Navigating by the palette started nothing.
    expect(await page.locator('[data-testid=job-progress]').count()).toBe(0);
    expect(await page.locator('[data-testid=sg-train]').isDisabled()).toBe(false);
    // The bundled sample is preselected.
    expect(await page.locator('[data-testid=sg-source]').inputValue()).toMatch(/^sample:AMZN/);

    // Validated as typed, naming the field and the limit; Train is refused meanwhile.
    await page.locator('#sg-horizon').fill('0');
    expect(await page.locator('[data-testid=sg-err-horizon]').innerText()).toBe('Horizon: 0 is outside 1…100,000');
    expect(await page.locator('[data-testid=sg-train]').isDisabled()).toBe(true);
    await page.locator('#sg-horizon').fill('50');

    // A slow model shows progress with rate and time left, and Cancel stops it.
    await page.locator('[data-testid=sg-model]').selectOption('mlp');
    // Started from the palette (its Train command names Enter, the form's key).
    await page.keyboard.press('Control+k');
    await page.locator('.palette-input').fill('Train the signal');
    await page.keyboard.press('Enter');
    const bar = page.locator('[data-testid=job-progress]');
    await expect.poll(async () => Number(await bar.locator('[role=progressbar]').getAttribute('aria-valuenow').catch(() => '0')), { timeout: 120_000 }).toBeGreaterThan(0);
    expect(await bar.locator('.job-rate').innerText()).toMatch(/rows\/s/);
    expect(await bar.locator('.job-eta').innerText()).toMatch(/left$/);
    await bar.locator('[data-testid=job-cancel]').click();
    await page.locator('[data-testid=sg-notice]').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid=sg-notice]').innerText()).toMatch(/^Training cancelled/);
    expect(await page.locator('[data-testid=sg-empty]').count()).toBe(1);

    // Logistic regression to the end: metrics against the naive baseline and the chart.
    await page.locator('[data-testid=sg-model]').selectOption('logreg');
    await page.locator('#sg-horizon').press('Enter');
    await page.locator('[data-testid=sg-metrics]').waitFor({ timeout: 180_000 });
    expect(await page.locator('[data-testid=sg-metric]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-metric')))).toEqual(['accuracy', 'macroF1', 'auc', 'ic']);
    for (const k of ['accuracy', 'macroF1', 'auc']) {
      const v = Number(await page.locator(`[data-testid=sg-${k}]`).innerText());
      expect(v, k).toBeGreaterThan(0);
      expect(v, k).toBeLessThanOrEqual(1);
    }
    expect(Math.abs(Number(await page.locator('[data-testid=sg-ic]').innerText()))).toBeLessThanOrEqual(1);
    expect(await page.locator('[data-testid=sg-folds] tbody tr').count()).toBe(4);
    expect(await page.locator('[data-testid=sg-summary]').innerText()).toMatch(/rows out of sample · 4 walk-forward folds · horizon 50 book events/);
    const chart = page.locator('[data-testid=sg-chart]');
    const points = Number(await chart.getAttribute('data-points'));
    expect(points).toBeGreaterThan(100);
    expect(points).toBeLessThanOrEqual(3000);
    expect(await chart.locator('canvas').count()).toBeGreaterThan(0);
    await page.locator('[data-testid=sg-feature]').selectOption('ofiZ');
    await expect.poll(() => chart.getAttribute('data-feature')).toBe('ofiZ');
    expect(Number(await chart.getAttribute('data-feature-points'))).toBe(points);

    // Everything fits: the page never scrolls at 1280×720.
    const scroll = await page.evaluate(() => ({ h: document.documentElement.scrollHeight, w: document.documentElement.scrollWidth }));
    expect(scroll.h).toBeLessThanOrEqual(720);
    expect(scroll.w).toBeLessThanOrEqual(1280);
    // The result stays reachable after leaving the screen.
    await page.keyboard.press('Control+5');
    await page.keyboard.press('Control+0');
    await page.locator('[data-testid=sg-chart]').waitFor();
    await page.mouse.move(900, 300);
    await page.screenshot({ path: path.join(ARTIFACTS, 'signals-1280x720.png') });
  }, 400_000);
});
