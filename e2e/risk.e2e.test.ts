import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHeadlessHost, type HeadlessHost } from '../app/headless/headless-host.js';
import { launchBrowser, type TestBrowser } from './support/browser.js';
import { ensureRendererBuilt } from './support/renderer-build.js';
import { ARTIFACTS } from './support/workstation.js';

// Our own host (not useWorkstation): the last test closes it and starts a new one on the same settings.
let host: HeadlessHost;
let browser: TestBrowser;
let tmp = '';
const startHost = () => startHeadlessHost({ port: 0, engineMode: 'worker', dataDir: path.join(tmp, 'data'), settingsDir: path.join(tmp, 'settings') });

beforeAll(async () => {
  ensureRendererBuilt();
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slipstream-e2e-risk-'));
  host = await startHost();
  browser = await launchBrowser({ width: 1280, height: 720 });
});
afterEach(() => {
  const logged = browser ? browser.errors.splice(0) : [];
  expect(logged, 'the page logged console errors or warnings').toEqual([]);
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

async function openRisk(page: Page): Promise<void> {
  await page.keyboard.press('Control+7');
  await page.locator('[data-testid=risk-screen]').waitFor({ timeout: 30_000 });
  await expect.poll(() => page.locator('#rk-maxOrderQty').isDisabled(), { timeout: 15_000 }).toBe(false);
}

const childStatuses = (page: Page) => page.locator('[data-testid=ticket-children] [data-status]').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
/** Submits the ticket; with max order quantity 1,500 every order here is "large" (≥ 25 %), so the ticket asks to confirm. */
async function submitTicket(page: Page): Promise<void> {
  await page.locator('[data-testid=ot-submit]').click();
  await page.locator('[data-testid=ot-confirm]').waitFor({ timeout: 10_000 });
  await page.locator('[data-testid=ot-submit]').click();
}
const parentStatus = (page: Page) => page.locator('[data-testid=ticket-parents] [data-status]').first().getAttribute('data-status');

describe('Risk screen: limits in settings, usage, denials and the kill switch (issue 12, item 9)', () => {
  it('edits a limit (validated as typed, Enter saves); a ticket over it is refused with the sentence', async () => {
    const { page } = browser;
    await page.goto(host.url);
    await page.waitForFunction(() => (document.querySelector('[data-testid=sb-backend] .sb-val')?.textContent ?? '—') !== '—', null, { timeout: 30_000 });
    await openRisk(page);
    expect(await page.locator('#rk-maxOrderQty').inputValue()).toBe('100,000');
    expect(await page.locator('[data-testid=sb-kill]').innerText()).toMatch(/Kill switch\s*off/);

    await page.locator('#rk-maxOrderQty').fill('-5');
    expect(await page.locator('[data-testid=rk-err-maxOrderQty]').innerText()).toBe('Max order quantity -5 must be 0 or more (empty = no limit).');
    expect(await page.locator('[data-testid=rk-save]').isDisabled()).toBe(true);
    // Escape reverts to the engine's limits.
    await page.locator('#rk-maxOrderQty').press('Escape');
    expect(await page.locator('#rk-maxOrderQty').inputValue()).toBe('100,000');

    await page.locator('#rk-maxOrderQty').fill('1.5k');
    await page.locator('#rk-maxOpenOrders').fill('');
    await page.locator('#rk-maxOrderQty').press('Enter');
    await page.locator('[data-testid=rk-notice]').waitFor({ timeout: 15_000 });
    expect(await page.locator('#rk-maxOrderQty').inputValue()).toBe('1,500');
    expect(await page.locator('#rk-maxOpenOrders').inputValue()).toBe('');
    // No open-order limit now: that usage row says so.
    await expect.poll(() => page.locator('[data-testid=risk-usage-maxOpenOrders]').innerText(), { timeout: 10_000 }).toContain('no limit');

    await page.keyboard.press('Control+3');
    await page.locator('[data-testid=ticket-screen]').waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => [...document.querySelectorAll('#ot-scenario option')].some((o) => (o as HTMLOptionElement).value === 'calm'), null, { timeout: 30_000 });
    await page.locator('#ot-quantity').fill('2,000');
    await expect.poll(() => page.locator('[data-testid=ot-err-quantity]').innerText().catch(() => ''), { timeout: 15_000 })
      .toBe('Quantity 2,000 exceeds max order quantity 1,500 (Risk settings).');
    expect(await page.locator('[data-testid=ot-submit]').isDisabled()).toBe(true);
    await page.locator('#ot-quantity').fill('1,500');
    await expect.poll(() => page.locator('[data-testid=ot-err-quantity]').count(), { timeout: 15_000 }).toBe(0);
  });

  it('the kill switch: Ctrl+Shift+K and a keyboard confirmation cancel the working parent\'s children and refuse new tickets', async () => {
    const { page } = browser;
    await page.selectOption('#ot-scenario', 'calm');
    await page.locator('#ot-durationSec').fill('23400');
    await page.selectOption('#ot-algorithm', 'twap');
    await page.locator('#ot-startSec').fill('0');
    await page.locator('#ot-horizonSec').fill('23400');
    await page.locator('#ot-quantity').fill('1,500');
    // A buy limited under the market: its children rest and stay working.
    await page.locator('#ot-limitPrice').fill('99.00');
    await page.waitForSelector('[data-testid=ot-pretrade][data-ready=true]', { timeout: 30_000 });
    await expect.poll(() => page.locator('[data-testid=ot-submit]').isDisabled(), { timeout: 10_000 }).toBe(false);
    await submitTicket(page);
    await expect.poll(() => parentStatus(page), { timeout: 30_000 }).toBe('Working');
    await expect.poll(async () => (await childStatuses(page)).some((s) => s === 'Working' || s === 'New'), { timeout: 30_000 }).toBe(true);
    // The status bar's gauge follows the working parent (open orders, position against the limits).
    await expect.poll(() => page.locator('[data-testid=sb-risk]').getAttribute('data-fraction'), { timeout: 15_000 }).not.toBe('');

    // Escape backs out: nothing changes.
    await page.keyboard.press('Control+Shift+K');
    await page.locator('[data-testid=kill-confirm]').waitFor();
    await page.keyboard.press('Escape');
    expect(await page.locator('[data-testid=kill-confirm]').count()).toBe(0);
    expect(await page.locator('[data-testid=sb-kill]').getAttribute('data-on')).toBe('false');
    expect(await parentStatus(page)).toBe('Working');

    // Typing in a field, the shortcut still works; Enter confirms.
    await page.locator('#ot-quantity').focus();
    await page.keyboard.press('Control+Shift+K');
    await page.locator('[data-testid=kill-confirm]').waitFor();
    expect(await page.locator('[data-testid=kill-confirm] h2').innerText()).toBe('Turn the kill switch on?');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-testid=sb-kill]').getAttribute('data-on'), { timeout: 10_000 }).toBe('true');
    expect(await page.locator('[data-testid=sb-kill]').innerText()).toMatch(/Kill switch\s*on/);
    expect(await page.locator('[data-testid=sb-kill]').evaluate((e) => getComputedStyle(e).backgroundColor)).not.toBe('rgba(0, 0, 0, 0)');
    // Every child that was working is cancelled; the parent's later slices are denied by the gate.
    await expect.poll(async () => {
      const s = await childStatuses(page);
      return s.length > 0 && s.every((x) => x === 'Cancelled' || x === 'Filled' || x === 'Denied');
    }, { timeout: 30_000 }).toBe(true);

    // The parent works on: the Risk screen lists its gate's denials of the later slices, in the gate's words.
    await openRisk(page);
    await expect.poll(() => page.locator('[data-testid=risk-denial]').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const denials = await page.locator('[data-testid=risk-denial]').allInnerTexts();
    for (const d of denials) expect(d).toMatch(/Kill switch is on/);
    expect(await page.locator('[data-testid=risk-kill-state]').getAttribute('data-on')).toBe('true');
    await page.screenshot({ path: path.join(ARTIFACTS, 'risk-1280x720.png') });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(ARTIFACTS, 'risk-1920x1080.png') });
    // Neither size scrolls the page.
    expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight && document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.setViewportSize({ width: 1280, height: 720 });

    // The ticket works one parent at a time: cancel this one (Enter confirms), then try a new ticket.
    await page.keyboard.press('Control+3');
    await page.locator('[data-testid=ticket-screen]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid=ot-cancel-parent]').click();
    await page.locator('[data-testid=ot-confirm-cancel]').waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => parentStatus(page), { timeout: 30_000 }).toBe('Cancelled');

    // A new ticket under the switch is refused before anything is sent, in the engine's words.
    await page.locator('#ot-limitPrice').fill('');
    await page.locator('#ot-horizonSec').fill('600');
    await page.locator('#ot-quantity').fill('1,000');
    await expect.poll(() => page.locator('[data-testid=ot-err-source]').innerText().catch(() => ''), { timeout: 15_000 })
      .toBe('Kill switch is on: new orders are refused until it is turned off (Risk screen).');
    expect(await page.locator('[data-testid=ot-submit]').isDisabled()).toBe(true);
    expect(await page.locator('[data-testid=ticket-parents] .ag-row[row-id]').count()).toBe(1);

    // From the palette, with its shortcut shown: turn it off again (confirmed with Enter).
    await page.keyboard.press('Control+k');
    await page.keyboard.type('kill switch');
    const item = page.locator('.palette-item', { hasText: 'Turn the kill switch off' });
    expect(await item.innerText()).toContain('Ctrl+Shift+K');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=kill-confirm]').waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-testid=sb-kill]').getAttribute('data-on'), { timeout: 10_000 }).toBe('false');

    // Nothing left working before the host is restarted in the next test.
    await page.keyboard.press('Control+3');
    await page.locator('[data-testid=ticket-screen]').waitFor({ timeout: 30_000 });
    const statuses = () => page.locator('[data-testid=ticket-parents] [data-status]').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
    if ((await statuses()).includes('Working')) {
      await page.locator('[data-testid=ticket-parents] [data-status=Working]').first().click();
      await page.locator('[data-testid=ot-cancel-parent]').click();
      await page.locator('[data-testid=ot-confirm-cancel]').waitFor();
      await page.keyboard.press('Enter');
    }
    await expect.poll(async () => (await statuses()).includes('Working'), { timeout: 30_000 }).toBe(false);
  });

  it('keeps the limits across a host restart (settings), and pushes them to the new engine', async () => {
    const { page } = browser;
    // Leave the page first: its reconnect attempts to the closed host would log connection errors.
    await page.goto('about:blank');
    await host.close();
    host = await startHost();
    await page.goto(host.url);
    await page.waitForFunction(() => (document.querySelector('[data-testid=sb-backend] .sb-val')?.textContent ?? '—') !== '—', null, { timeout: 30_000 });
    await openRisk(page);
    expect(await page.locator('#rk-maxOrderQty').inputValue()).toBe('1,500');
    expect(await page.locator('#rk-maxOpenOrders').inputValue()).toBe('');
    // The engine checks them, not only the screen: the ticket's preview speaks of 1,500.
    await page.keyboard.press('Control+3');
    await page.locator('[data-testid=ticket-screen]').waitFor({ timeout: 30_000 });
    await page.locator('#ot-quantity').fill('1,600');
    await expect.poll(() => page.locator('[data-testid=ot-err-quantity]').innerText().catch(() => ''), { timeout: 15_000 })
      .toBe('Quantity 1,600 exceeds max order quantity 1,500 (Risk settings).');
    const stored = JSON.parse(fs.readFileSync(path.join(tmp, 'settings', 'config.json'), 'utf8')) as { riskLimits?: unknown };
    expect(stored.riskLimits).toMatchObject({ maxOrderQty: 1500 });
    expect(stored.riskLimits).not.toHaveProperty('maxOpenOrders');
  });
});
