import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, useWorkstation } from './support/workstation.js';

const ws = useWorkstation();

describe('Order ticket on the real headless host and engine', () => {
  it('previews the AC cost and risk, validates as typed, submits, and the parent appears Filled with its children', async () => {
    const { page } = ws.browser;
    await page.goto(ws.host.url);
    await page.waitForFunction(() => (document.querySelector('[data-testid=sb-backend] .sb-val')?.textContent ?? '—') !== '—', null, { timeout: 30_000 });

    await page.keyboard.press('Control+3');
    await page.locator('[data-testid=ticket-screen]').waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => [...document.querySelectorAll('#ot-scenario option')].some((o) => (o as HTMLOptionElement).value === 'calm'), null, { timeout: 30_000 });
    await page.selectOption('#ot-scenario', 'calm');
    await page.locator('#ot-durationSec').fill('60');
    await page.locator('#ot-seed').fill('42');
    await page.locator('[data-ot-side=buy]').click();
    await page.selectOption('#ot-algorithm', 'almgren-chriss');
    await page.locator('#ot-urgency').fill('3');
    await page.locator('#ot-startSec').fill('10');
    await page.locator('#ot-horizonSec').fill('40');

    // The preview brings the engine's limits; then validation names the field and the limit.
    await page.waitForSelector('[data-testid=ot-pretrade][data-ready=true]', { timeout: 30_000 });
    await page.locator('#ot-quantity').fill('');
    await page.locator('#ot-quantity').pressSequentially('250000');
    expect(await page.locator('#ot-quantity').inputValue()).toBe('250000');
    expect(await page.locator('[data-testid=ot-expanded-quantity]').count()).toBe(0);
    expect(await page.locator('[data-testid=ot-err-quantity]').innerText()).toBe('Quantity 250,000 exceeds max order quantity 100,000 (Risk settings).');
    expect(await page.locator('[data-testid=ot-submit]').isDisabled()).toBe(true);
    await page.locator('#ot-horizonSec').fill('70');
    expect(await page.locator('[data-testid=ot-err-horizonSec]').innerText()).toBe("Start + horizon 80 s exceeds the scenario's duration 60 s.");
    await page.locator('#ot-horizonSec').fill('40');
    await page.locator('#ot-quantity').fill('3,000');
    await expect.poll(() => page.locator('.ot-ticket .wi-err').count()).toBe(0);

    // Pre-trade numbers for this ticket: E ≥ 0, risk > 0, a schedule from 1 down to 0.
    await page.waitForFunction(() => {
      const e = document.querySelector('[data-testid=ot-expected]')?.textContent ?? '';
      return /^-?\d+(\.\d)? bp$/.test(e) && document.querySelector('[data-testid=ot-pretrade]')?.getAttribute('data-ready') === 'true';
    }, null, { timeout: 30_000 });
    await page.waitForTimeout(600);
    const expected = parseFloat(await page.locator('[data-testid=ot-expected]').innerText());
    const std = parseFloat(await page.locator('[data-testid=ot-std]').innerText());
    expect(expected).toBeGreaterThanOrEqual(0);
    expect(std).toBeGreaterThan(0);
    expect(Number(await page.locator('[data-testid=ot-schedule]').getAttribute('data-periods'))).toBeGreaterThan(2);

    // A large order asks to confirm first; Escape backs out without sending.
    await page.locator('#ot-quantity').fill('30,000');
    await page.locator('#ot-quantity').press('Enter');
    await page.locator('[data-testid=ot-confirm]').waitFor({ timeout: 5_000 });
    await page.locator('#ot-quantity').press('Escape');
    expect(await page.locator('[data-testid=ot-confirm]').count()).toBe(0);
    expect(await page.locator('#ot-quantity').inputValue()).toBe('30,000');
    expect(await page.locator('[data-testid=ticket-parents]').getAttribute('data-rows')).toBe('0');
    await page.locator('#ot-quantity').fill('3,000');
    await page.waitForTimeout(600);

    // Enter submits; the parent is worked as a job and appears Filled in the blotter.
    await page.locator('#ot-quantity').focus();
    await page.keyboard.press('Enter');
    const row = page.locator('[data-testid=ticket-parents] .ag-row[row-id]').first();
    await row.waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('[data-testid=ticket-parents] [data-status]').first().getAttribute('data-status'), { timeout: 120_000 }).toBe('Filled');
    await expect.poll(() => page.locator('[data-testid=ticket-children] .ag-row[row-id]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(ARTIFACTS, 'ticket.png') });

    // One clock in this view, labelled: the parent's time is its start on the path's (simulated)
    // clock, like its children's — never the wall clock of the submit.
    expect(await page.locator('[data-testid=ot-parents-clock]').getAttribute('data-clock')).toBe('simulated');
    expect(await page.locator('[data-testid=ot-children-clock]').getAttribute('data-clock')).toBe('simulated');
    const secs = (t: string) => {
      const m = /^(\d\d):(\d\d):(\d\d)\.(\d{3})$/.exec(t.trim());
      expect(m, `a HH:MM:SS.mmm time, got "${t}"`).not.toBeNull();
      return Number(m![1]) * 3600 + Number(m![2]) * 60 + Number(m![3]) + Number(m![4]) / 1000;
    };
    const parentTime = secs(await page.locator('[data-testid=ticket-parents] .ag-row[row-id] [col-id=time]').first().innerText());
    const childTimes = await page.locator('[data-testid=ticket-children] .ag-row[row-id] [col-id=time]').allInnerTexts();
    for (const t of childTimes) {
      // Children are sent from the start (10 s into the path) to start + horizon (40 s) on the same clock.
      expect(secs(t) - parentTime).toBeGreaterThanOrEqual(-0.001);
      expect(secs(t) - parentTime).toBeLessThanOrEqual(41);
    }

    // Escape resets the order fields (the path stays).
    await page.locator('#ot-quantity').fill('9');
    await page.locator('#ot-quantity').press('Escape');
    expect(await page.locator('#ot-quantity').inputValue()).toBe('5,000');
    expect(await page.locator('#ot-durationSec').inputValue()).toBe('60');
  });

  it('flags a parent that ends partially filled: "Partially filled" with its fill %, and the cost column says what its IS leaves out', async () => {
    const { page } = ws.browser;
    await page.keyboard.press('Control+3');
    await page.locator('[data-testid=ticket-screen]').waitFor();
    const before = Number(await page.locator('[data-testid=ticket-parents]').getAttribute('data-rows'));
    // A TWAP capped at 1 % of the market's volume cannot finish 3,000 shares in 40 s of a calm market.
    await page.selectOption('#ot-algorithm', 'twap');
    await page.locator('#ot-quantity').fill('3,000');
    await page.locator('#ot-maxParticipation').fill('0.01');
    await page.waitForSelector('[data-testid=ot-pretrade][data-ready=true]', { timeout: 30_000 });
    await expect.poll(() => page.locator('.ot-ticket .wi-err').count()).toBe(0);
    await page.waitForTimeout(600);
    await page.locator('#ot-quantity').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-testid=ticket-parents]').getAttribute('data-rows'), { timeout: 30_000 }).toBe(String(before + 1));
    const row = page.locator('[data-testid=ticket-parents] .ag-row[row-id]').last();
    const status = row.locator('[data-status]');
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 120_000 }).toMatch(/^(Partially filled|Unfilled)$/);
    expect(await status.getAttribute('data-status')).toBe('Partially filled');
    // The fill % beside the status is filled / quantity of that row.
    const num = (t: string) => Number(t.replace(/[,\s%]/g, ''));
    const filled = num(await row.locator('[col-id=filled]').innerText());
    const quantity = num(await row.locator('[col-id=quantity]').innerText());
    expect(filled).toBeGreaterThan(0);
    expect(filled).toBeLessThan(quantity);
    const pct = num(await row.locator('[data-testid=ot-fill-pct]').innerText());
    expect(Math.abs(pct - (100 * filled) / quantity)).toBeLessThanOrEqual(0.05);

    await page.setViewportSize({ width: 1280, height: 720 });
    await page.mouse.move(5, 700);
    await page.waitForTimeout(500);
    // At 1280 × 720 the status and its fill % are on screen, not cut off.
    const chip = await row.locator('[data-status]').boundingBox();
    const pctBox = await row.locator('[data-testid=ot-fill-pct]').boundingBox();
    const cell = await row.locator('[col-id=status]').boundingBox();
    const grid = await page.locator('[data-testid=ticket-parents]').boundingBox();
    expect(chip && pctBox && cell && grid).toBeTruthy();
    expect(pctBox!.x + pctBox!.width).toBeLessThanOrEqual(Math.min(cell!.x + cell!.width, grid!.x + grid!.width));
    expect(pctBox!.x).toBeGreaterThanOrEqual(chip!.x + chip!.width);
    await page.screenshot({ path: path.join(ARTIFACTS, 'ticket-partial-1280x720.png') });
    await page.setViewportSize({ width: 1440, height: 900 });

    // The cost column's header tooltip states the convention for the unfilled rest.
    await page.locator('[data-testid=ticket-parents] .ag-header-cell[col-id=is]').hover();
    const tip = page.locator('.ag-tooltip');
    await tip.waitFor({ timeout: 10_000 });
    expect(await tip.innerText()).toContain("unfilled rest is not in this number");
    expect(await tip.innerText()).toContain('opportunity cost');
    await page.mouse.move(5, 890);
  });
});
