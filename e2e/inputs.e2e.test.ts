import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useWorkstation } from './support/workstation.js';

const ws = useWorkstation();

/** Clears a field and types `text` key by key, as a trader would. */
async function typeInto(page: Page, selector: string, text: string): Promise<void> {
  await page.locator(selector).fill('');
  await page.locator(selector).pressSequentially(text);
}

async function openScreen(page: Page, key: string, testId: string): Promise<void> {
  await page.keyboard.press(`Control+${key}`);
  await page.locator(`[data-testid=${testId}]`).waitFor({ timeout: 30_000 });
}

describe('Numeric fields, display units and empty grids on every screen (issue 14, items 1, 2, 4, 6)', () => {
  it('the ticket reads what was typed, never rewrites it, and names limit prices in display units', async () => {
    const { page } = ws.browser;
    await page.goto(ws.host.url);
    await page.waitForFunction(() => (document.querySelector('[data-testid=sb-backend] .sb-val')?.textContent ?? '—') !== '—', null, { timeout: 30_000 });
    await openScreen(page, '3', 'ticket-screen');

    // An empty blotter says what would appear and how, instead of "Loading...".
    const parents = page.locator('[data-testid=ticket-parents]');
    await expect.poll(() => parents.locator('[data-testid=grid-empty]').count(), { timeout: 10_000 }).toBe(1);
    expect(await parents.locator('[data-testid=grid-empty]').innerText()).toContain('No parent orders yet');
    expect(await parents.innerText()).not.toContain('Loading');
    const children = page.locator('[data-testid=ticket-children]');
    expect(await children.locator('[data-testid=grid-empty]').innerText()).toContain('select a parent order');

    await page.waitForSelector('[data-testid=ot-pretrade][data-ready=true]', { timeout: 30_000 });
    const submit = page.locator('[data-testid=ot-submit]');
    const cases: [string, string][] = [
      ['-100', 'Quantity -100 must be a whole number above 0.'],
      ['12.5', 'Quantity 12.5 must be a whole number.'],
      ['1e6', 'Quantity "1e6": write the number in full (no exponents such as 1e6).'],
      ['12a', 'Quantity "12a" is not a number.'],
    ];
    for (const [typed, message] of cases) {
      await typeInto(page, '#ot-quantity', typed);
      expect(await page.locator('#ot-quantity').inputValue()).toBe(typed);
      expect(await page.locator('[data-testid=ot-err-quantity]').innerText()).toBe(message);
      expect(await submit.isDisabled()).toBe(true);
    }
    // A suffix is accepted and shown written out before submit.
    await typeInto(page, '#ot-quantity', '1.5k');
    expect(await page.locator('#ot-quantity').inputValue()).toBe('1.5k');
    expect(await page.locator('[data-testid=ot-expanded-quantity]').innerText()).toBe('= 1,500');
    await expect.poll(() => submit.isDisabled(), { timeout: 10_000 }).toBe(false);

    // Limit prices in the instrument's units: "-5" is -5.00, never -500 (price units).
    await typeInto(page, '#ot-limitPrice', '-5');
    expect(await page.locator('[data-testid=ot-err-limitPrice]').innerText()).toBe('Limit price -5.00 must be above 0.');
    await typeInto(page, '#ot-limitPrice', '100.005');
    expect(await page.locator('[data-testid=ot-err-limitPrice]').innerText()).toBe('Limit price 100.005 has more than 2 decimals.');
    expect(await page.locator('#ot-limitPrice').inputValue()).toBe('100.005');
    await page.locator('#ot-limitPrice').fill('');
    for (const [sel, typed, err, msg] of [
      ['#ot-seed', '4.2', 'ot-err-seed', 'Seed 4.2 must be a whole number.'],
      ['#ot-horizonSec', '-3', 'ot-err-horizonSec', 'Horizon -3 s must be above 0 s.'],
      ['#ot-maxParticipation', '1e-1', 'ot-err-maxParticipation', 'Max participation "1e-1": write the number in full (no exponents such as 1e6).'],
    ] as const) {
      const before = await page.locator(sel).inputValue();
      await typeInto(page, sel, typed);
      expect(await page.locator(sel).inputValue()).toBe(typed);
      expect(await page.locator(`[data-testid=${err}]`).innerText()).toBe(msg);
      await page.locator(sel).fill(before);
    }
  });

  it('What-if and TCA read their numbers the same way and show empty grids as empty states', async () => {
    const { page } = ws.browser;
    await openScreen(page, '2', 'whatif-screen');
    const blotter = page.locator('[data-testid=whatif-blotter]');
    await expect.poll(() => blotter.locator('[data-testid=grid-empty]').count(), { timeout: 10_000 }).toBe(1);
    expect(await blotter.innerText()).not.toContain('Loading');
    await typeInto(page, '#wi-quantity', '-100');
    expect(await page.locator('#wi-quantity').inputValue()).toBe('-100');
    expect(await page.locator('[data-testid=err-quantity]').innerText()).toBe('Quantity -100 is below the minimum 1.');
    await typeInto(page, '#wi-quantity', '12.5');
    expect(await page.locator('[data-testid=err-quantity]').innerText()).toBe('Quantity 12.5 must be a whole number.');
    await typeInto(page, '#wi-quantity', '2k');
    expect(await page.locator('[data-testid=expanded-quantity]').innerText()).toBe('= 2,000');

    await openScreen(page, '6', 'tca-screen');
    for (const id of ['tca-headline', 'tca-outcomes']) {
      const grid = page.locator(`[data-testid=${id}]`);
      await expect.poll(() => grid.locator('[data-testid=grid-empty]').count(), { timeout: 10_000 }).toBe(1);
      expect(await grid.innerText()).not.toContain('Loading');
    }
    await typeInto(page, '#tca-quantity', '1e6');
    expect(await page.locator('#tca-quantity').inputValue()).toBe('1e6');
    expect(await page.locator('[data-testid=tca-err-quantity]').innerText()).toContain('no exponents');
    await typeInto(page, '#tca-seedTo', '7.5');
    expect(await page.locator('[data-testid=tca-err-seedFrom]').innerText()).toBe('Seeds to 7.5 must be a whole number.');
    await typeInto(page, '#tca-quantity', '2,500');
    expect(await page.locator('[data-testid=tca-err-quantity]').count()).toBe(0);
  });
});
