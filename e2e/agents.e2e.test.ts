import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, useWorkstation } from './support/workstation.js';

const ws = useWorkstation();

const card = (page: Page, i: number) => page.locator('[data-testid=ag-parent]').nth(i);
const stateOf = (page: Page, i: number) => card(page, i).getAttribute('data-state');

describe('Agents screen (issue 13, item 5): run, several at once, pause, resume, rest to TWAP, kill with confirmation', () => {
  it('supervises two parents on the simulated venue with live progress, children and fills', async () => {
    await ws.browser.page.setViewportSize({ width: 1280, height: 720 });
    const { page } = ws.browser;
    await page.goto(ws.host.url);
    await page.waitForFunction(() => (document.querySelector('[data-testid=sb-backend] .sb-val')?.textContent ?? '—') !== '—', null, { timeout: 30_000 });
    await page.keyboard.press('Control+4');
    await page.locator('[data-testid=agents-screen]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid=ag-parents-empty]').waitFor();
    expect(await page.locator('[data-testid=ag-fix-empty]').innerText()).toMatch(/No FIX session state from the engine/);

    // Validated as typed; a 6.5 h horizon keeps both parents working through the test.
    await page.locator('#ag-quantity').fill('0');
    expect(await page.locator('[data-testid=ag-err-quantity]').innerText()).toBe('Quantity "0" must be a whole number of 1 or more');
    expect(await page.locator('[data-testid=ag-start]').isDisabled()).toBe(true);
    await page.locator('#ag-quantity').fill('20,000');
    await page.locator('#ag-horizon').fill('23,000');
    await page.locator('#ag-algorithm').selectOption('vwap');
    await page.locator('#ag-horizon').press('Enter');
    await expect.poll(() => page.locator('[data-testid=ag-parent]').count(), { timeout: 60_000 }).toBe(1);
    await expect.poll(() => stateOf(page, 0), { timeout: 30_000 }).toBe('working');
    // Live: children arrive in the grid by transaction while the parent works.
    await expect.poll(() => page.locator('[data-testid=ag-children]').getAttribute('data-rows').then(Number), { timeout: 60_000 }).toBeGreaterThan(0);

    // A second one at the same time: TWAP, sell.
    await page.locator('#ag-algorithm').selectOption('twap');
    await page.locator('#ag-side').selectOption('sell');
    await page.locator('[data-testid=ag-start]').click();
    await expect.poll(() => page.locator('[data-testid=ag-parent]').count(), { timeout: 60_000 }).toBe(2);
    await expect.poll(() => stateOf(page, 1), { timeout: 30_000 }).toBe('working');

    // Pause and resume the first.
    await card(page, 0).locator('.ag-parent-pick').click();
    await card(page, 0).locator('[data-testid=ag-pause]').click();
    await expect.poll(() => stateOf(page, 0), { timeout: 15_000 }).toBe('paused');
    await card(page, 0).locator('[data-testid=ag-resume]').click();
    await expect.poll(() => stateOf(page, 0), { timeout: 15_000 }).toBe('working');

    // Hand its rest to TWAP in one click.
    await card(page, 0).locator('[data-testid=ag-fallback]').click();
    await expect.poll(() => card(page, 0).getAttribute('data-algorithm'), { timeout: 15_000 }).toBe('twap');
    expect(await card(page, 0).innerText()).toContain('TWAP (was vwap)');
    expect(await page.locator('[data-testid=ag-decisions-empty]').innerText()).toMatch(/fixed rule/);
    await expect.poll(() => page.locator('[data-testid=ag-fills]').getAttribute('data-rows').then(Number), { timeout: 60_000 }).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=ag-filled]').innerText()).toMatch(/^[\d,]+ \/ 20,000$/);
    expect(await page.locator('[data-testid=ag-est-is]').innerText()).toMatch(/bp$/);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'agents-1280x720.png') });
    expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);

    // Kill the second: Escape backs out, Enter confirms.
    await card(page, 1).locator('[data-testid=ag-kill]').click();
    await page.locator('[data-testid=ag-confirm]').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-testid=ag-confirm]').count()).toBe(0);
    expect(await stateOf(page, 1)).toBe('working');
    await card(page, 1).locator('[data-testid=ag-kill]').click();
    await page.locator('[data-testid=ag-confirm]').waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => stateOf(page, 1), { timeout: 60_000 }).toBe('ended');
    // The first is killed too, so nothing is left working when the host closes.
    await card(page, 0).locator('[data-testid=ag-kill]').click();
    await page.keyboard.press('Enter');
    await expect.poll(() => stateOf(page, 0), { timeout: 60_000 }).toBe('ended');
  });
});
