import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ARTIFACTS, useWorkstation } from './support/workstation.js';

const ws = useWorkstation();

const parentRow = (page: Page) => page.locator('[data-testid=ticket-parents] .ag-row[row-id]').first();
const statusOf = (page: Page) => page.locator('[data-testid=ticket-parents] [data-status]').first().getAttribute('data-status');

describe('Order ticket: instrument and venue, cancel and amend a working parent (issue 14, item 10)', () => {
  it('chooses the instrument and shows its venue', async () => {
    const { page } = ws.browser;
    await page.goto(ws.host.url);
    await page.waitForFunction(() => (document.querySelector('[data-testid=sb-backend] .sb-val')?.textContent ?? '—') !== '—', null, { timeout: 30_000 });
    await page.keyboard.press('Control+3');
    await page.locator('[data-testid=ticket-screen]').waitFor({ timeout: 30_000 });
    const options = await page.locator('#ot-instrument option').allInnerTexts();
    expect(options[0]).toBe('SIM · simulated');
    expect(options.some((o) => /^AMZN · \d{4}-\d\d-\d\d$/.test(o))).toBe(true);
    expect(await page.locator('#ot-venue').inputValue()).toBe('ABM');
    const amzn = await page.locator('#ot-instrument option').nth(1).getAttribute('value');
    await page.selectOption('#ot-instrument', amzn!);
    await expect.poll(() => page.locator('#ot-venue').inputValue(), { timeout: 30_000 }).toBe('NASDAQ');
    await page.waitForSelector('[data-testid=ot-pretrade][data-ready=true]', { timeout: 30_000 });
    // The preview now speaks of the replayed instrument (AMZN at four price decimals).
    await page.selectOption('#ot-instrument', 'scenario');
    expect(await page.locator('#ot-venue').inputValue()).toBe('ABM');
  });

  it('amends a working parent with the same validation as a new ticket, then cancels it with its children', async () => {
    const { page } = ws.browser;
    await page.waitForFunction(() => [...document.querySelectorAll('#ot-scenario option')].some((o) => (o as HTMLOptionElement).value === 'calm'), null, { timeout: 30_000 });
    await page.selectOption('#ot-scenario', 'calm');
    await page.locator('#ot-durationSec').fill('23400');
    await page.selectOption('#ot-algorithm', 'twap');
    await page.locator('#ot-startSec').fill('0');
    await page.locator('#ot-horizonSec').fill('23400');
    await page.locator('#ot-quantity').fill('5,000');
    // A buy limited under the market: its children rest, so there is something to cancel.
    await page.locator('#ot-limitPrice').fill('99.00');
    await page.waitForSelector('[data-testid=ot-pretrade][data-ready=true]', { timeout: 30_000 });
    await page.waitForTimeout(400);
    await expect.poll(() => page.locator('[data-testid=ot-submit]').isDisabled(), { timeout: 10_000 }).toBe(false);
    await page.locator('[data-testid=ot-submit]').click();
    await parentRow(page).waitFor({ timeout: 30_000 });
    await expect.poll(() => statusOf(page), { timeout: 30_000 }).toBe('Working');
    await expect.poll(() => page.locator('[data-testid=ticket-children] .ag-row[row-id]').count(), { timeout: 30_000 }).toBeGreaterThan(0);

    // Amend: the ticket holds the parent; only quantity, limit, horizon and participation can change.
    await page.locator('[data-testid=ot-amend]').click();
    await page.locator('[data-testid=ot-amending]').waitFor();
    expect(await page.locator('#ot-quantity').inputValue()).toBe('5,000');
    expect(await page.locator('#ot-limitPrice').inputValue()).toBe('99.00');
    expect(await page.locator('#ot-algorithm').isDisabled()).toBe(true);
    expect(await page.locator('#ot-seed').isDisabled()).toBe(true);
    await page.locator('#ot-quantity').fill('250000');
    expect(await page.locator('[data-testid=ot-err-quantity]').innerText()).toBe('Quantity 250,000 exceeds max order quantity 100,000 (Risk settings).');
    expect(await page.locator('[data-testid=ot-submit]').isDisabled()).toBe(true);
    await page.locator('#ot-limitPrice').fill('-5');
    expect(await page.locator('[data-testid=ot-err-limitPrice]').innerText()).toBe('Limit price -5.00 must be above 0.');
    await page.locator('#ot-limitPrice').fill('99.00');
    await page.locator('#ot-quantity').fill('6,000');
    await page.locator('#ot-horizonSec').fill('15000');
    await page.waitForTimeout(400);
    await page.locator('#ot-horizonSec').press('Enter');
    await expect.poll(() => page.locator('[data-testid=ot-notice]').innerText(), { timeout: 15_000 }).toMatch(/^Amended PO-/);
    expect(await page.locator('[data-testid=ot-amending]').count()).toBe(0);
    await expect.poll(() => parentRow(page).locator('[col-id=quantity]').innerText(), { timeout: 15_000 }).toBe('6,000');
    expect(await statusOf(page)).toBe('Working');
    await page.screenshot({ path: path.join(ARTIFACTS, 'ticket-working.png') });

    // Cancel asks first; Escape backs out, Enter confirms.
    await page.locator('[data-testid=ot-cancel-parent]').click();
    await page.locator('[data-testid=ot-confirm-cancel]').waitFor();
    await page.keyboard.press('Escape');
    expect(await page.locator('[data-testid=ot-confirm-cancel]').count()).toBe(0);
    expect(await statusOf(page)).toBe('Working');
    await page.locator('[data-testid=ot-cancel-parent]').click();
    await page.locator('[data-testid=ot-confirm-cancel]').waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => statusOf(page), { timeout: 30_000 }).toBe('Cancelled');
    // Its child orders were cancelled with it: none is left working.
    await expect.poll(async () => {
      const s = await page.locator('[data-testid=ticket-children] [data-status]').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
      return s.length > 0 && s.every((x) => x === 'Cancelled' || x === 'Filled');
    }, { timeout: 15_000 }).toBe(true);
    expect(await page.locator('[data-testid=ot-amend]').isDisabled()).toBe(true);
  });
});
