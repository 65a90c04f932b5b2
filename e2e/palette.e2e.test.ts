import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useWorkstation } from './support/workstation.js';

const ws = useWorkstation();

/** The palette's entries for a query: label, group and shortcut text, as shown. */
async function paletteFor(page: Page, query: string): Promise<{ label: string; group: string; shortcut: string; disabled: boolean }[]> {
  if ((await page.locator('.palette').count()) === 0) await page.keyboard.press('Control+k');
  await page.locator('.palette-input').fill(query);
  return page.locator('.palette-item').evaluateAll((items) =>
    items.map((li) => ({
      label: li.querySelector('.palette-label')?.textContent ?? '',
      group: li.querySelector('.palette-group')?.textContent ?? '',
      shortcut: li.querySelector('kbd')?.textContent ?? '',
      disabled: li.getAttribute('aria-disabled') === 'true',
    })),
  );
}

describe('Command palette (issue 14, item 11)', () => {
  it('lists every action of the What-if, Order ticket and TCA screens with its shortcut, and runs them', async () => {
    const { page } = ws.browser;
    await page.goto(ws.host.url);
    await page.waitForFunction(() => (document.querySelector('[data-testid=sb-backend] .sb-val')?.textContent ?? '—') !== '—', null, { timeout: 30_000 });

    // Every button these screens offer has its palette command (Enter / Esc where the screen binds them).
    const expected: [string, string, string][] = [
      ['What-if', 'Run what-if', 'Enter'], ['What-if', 'Reset order and seed', 'Esc'], ['What-if', 'New seed', ''], ['What-if', 'Cancel the what-if run', ''],
      ['What-if', 'Play or pause the run replay', 'Space'], ['What-if', 'Next snapshot of the run', '→'], ['What-if', 'Previous snapshot of the run', '←'],
      ['Order ticket', 'Submit the order ticket', 'Enter'], ['Order ticket', 'Reset the order fields', 'Esc'], ['Order ticket', 'Amend the selected parent', ''],
      ['Order ticket', 'Cancel the selected parent…', ''], ['Order ticket', 'Refresh the parent orders', ''],
      ['TCA', 'Run backtest', 'Enter'], ['TCA', 'Reset the backtest setup', 'Esc'], ['TCA', 'Cancel the backtest', ''], ['TCA', 'Close the order drill-down', 'Esc'],
      ['TCA', 'Export backtest results as CSV', ''], ['TCA', 'Export backtest results as JSON', ''], ['TCA', 'Export backtest results as PARQUET', ''],
    ];
    const all = await paletteFor(page, '');
    for (const [group, label, shortcut] of expected) {
      const hit = all.find((c) => c.group === group && c.label === label);
      expect(hit, `${group}: ${label}`).toBeDefined();
      expect(hit!.shortcut, `${group}: ${label}`).toBe(shortcut);
    }
    // Actions that need something first are offered but disabled until then.
    expect(all.find((c) => c.label === 'Export backtest results as CSV')?.disabled).toBe(true);
    expect(all.find((c) => c.label === 'Amend the selected parent')?.disabled).toBe(true);

    // Running one goes to its screen and does it: the TCA backtest of the default setup.
    await paletteFor(page, 'run backtest');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=tca-screen]').waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => window.__slipstream!.tca().runNo === 1 || window.__slipstream!.tca().error !== null, null, { timeout: 150_000, polling: 200 });
    expect((await page.evaluate(() => window.__slipstream!.tca())).error).toBeNull();
    expect((await paletteFor(page, 'export csv')).find((c) => c.label === 'Export backtest results as CSV')?.disabled).toBe(false);
    await page.keyboard.press('Escape');

    // And from the ticket: Reset via the palette restores the defaults there.
    await page.keyboard.press('Control+3');
    await page.locator('#ot-quantity').fill('9');
    await paletteFor(page, 'reset the order fields');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#ot-quantity').inputValue()).toBe('5,000');
  });
});
