import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { PaperVenue } from '../main/live/paper-venue.js';
import { ARTIFACTS, useWorkstation } from './support/workstation.js';

const ws = useWorkstation();
let venue: PaperVenue | null = null;
afterAll(async () => {
  await venue?.close();
});

const card = (page: Page, i = 0) => page.locator('[data-testid=ag-parent]').nth(i);
const rows = (page: Page, grid: 'ag-children' | 'ag-fills') => page.locator(`[data-testid=${grid}]`).getAttribute('data-rows').then(Number);
/** Rows ag-grid actually rendered (not only what the model holds). */
const renderedRows = (page: Page, grid: 'ag-children' | 'ag-fills') => page.locator(`[data-testid=${grid}] .ag-row[row-id]`).count();

describe('Agents screen: the learned agent on a paper FIX venue with FIX market data (issue 13, item 5)', () => {
  it('starts an agent and a POV parent on a connected FIX session from the Run form; children and fills in the grids; rest to TWAP, pause, resume, kill', async () => {
    venue = new PaperVenue({ port: 0, scenario: 'calm', seed: 31, durationSec: 900, storeDir: null, senderCompId: 'PAPER', targetCompId: 'DESK' });
    const port = await venue.listen();
    const put = await fetch(`http://127.0.0.1:${ws.host.port}/api/fix-sessions?token=${ws.host.token}`, {
      method: 'PUT', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Paper', host: '127.0.0.1', port, senderCompId: 'DESK', targetCompId: 'PAPER', heartBtIntSec: 1, resetOnLogon: true }),
    });
    expect(put.status).toBe(200);

    const { page } = ws.browser;
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(ws.host.url);
    await page.waitForFunction(() => (document.querySelector('[data-testid=sb-backend] .sb-val')?.textContent ?? '—') !== '—', null, { timeout: 30_000 });
    await page.keyboard.press('Control+4');
    await page.locator('[data-testid=agents-screen]').waitFor({ timeout: 30_000 });
    // No FIX venue in the Run form until a session is logged on.
    expect(await page.locator('[data-testid=ag-venue] option[value^="fix:"]').count()).toBe(0);
    await expect.poll(() => page.locator('[data-testid=ag-fix-session] option').first().innerText(), { timeout: 15_000 }).toContain('Paper');
    await page.locator('[data-testid=ag-fix-symbol]').fill(venue.instrument.symbol);
    await page.locator('[data-testid=ag-fix-connect]').click();
    await expect.poll(() => page.locator('[data-testid=ag-fix-state]').getAttribute('data-state'), { timeout: 20_000 }).toBe('logged-on');

    // The session is now a venue of the Run form; the agent on its FIX market data.
    await expect.poll(() => page.locator('[data-testid=ag-venue] option[value^="fix:"]').count(), { timeout: 5_000 }).toBe(1);
    const fixVenue = await page.locator('[data-testid=ag-venue] option[value^="fix:"]').getAttribute('value');
    await page.locator('#ag-venue').selectOption(fixVenue!);
    // A priced strategy without market data is refused as typed, naming what it needs.
    await page.locator('#ag-algorithm').selectOption('vwap');
    await page.locator('#ag-md').selectOption('none');
    expect(await page.locator('[data-testid=ag-err-md]').innerText()).toMatch(/VWAP prices its child orders off the book/);
    expect(await page.locator('[data-testid=ag-start]').isDisabled()).toBe(true);
    await page.locator('#ag-md').selectOption('fix');
    await page.locator('#ag-algorithm').selectOption('agent');
    await page.locator('#ag-side').selectOption('buy');
    await page.locator('#ag-quantity').fill('3,000');
    await page.locator('#ag-horizon').fill('60');
    await page.locator('[data-testid=ag-start]').click();

    await expect.poll(() => page.locator('[data-testid=ag-parent]').count(), { timeout: 30_000 }).toBe(1);
    expect(await card(page).getAttribute('data-algorithm')).toBe('agent');
    expect(await card(page).locator('[data-testid=ag-parent-fix]').count()).toBe(1);
    await expect.poll(() => card(page).getAttribute('data-state'), { timeout: 15_000 }).toBe('working');
    // The session's state next to its parent; the agent's decisions explained as in simulation.
    await expect.poll(() => page.locator('[data-testid=ag-session]').getAttribute('data-state'), { timeout: 10_000 }).toBe('logged-on');
    expect(await page.locator('[data-testid=ag-session]').innerText()).toMatch(/seq in \d+ out \d+ · last in \d\d:\d\d:\d\d/);
    await expect.poll(() => page.locator('[data-testid=ag-decision]').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=ag-decision] .ag-features').first().innerText()).toMatch(/\d\.\d\d/);
    // Children and fills arrive in the grids (by transaction, keyed by order id).
    await expect.poll(() => rows(page, 'ag-children'), { timeout: 45_000 }).toBeGreaterThan(0);
    await expect.poll(() => rows(page, 'ag-fills'), { timeout: 45_000 }).toBeGreaterThan(0);
    expect(await renderedRows(page, 'ag-children')).toBeGreaterThan(0);
    expect(await renderedRows(page, 'ag-fills')).toBeGreaterThan(0);
    // Row ids are the child orders' ids (the parent's id is their prefix).
    const parentId = (await card(page).getAttribute('data-parent'))!;
    expect(await page.locator('[data-testid=ag-children] .ag-row[row-id]').first().getAttribute('row-id')).toMatch(new RegExp(`^${parentId}`));
    expect(await page.locator('[data-testid=ag-filled]').innerText()).toMatch(/^[\d,]+ \/ 3,000$/);

    // A second parent on the same session at the same time: POV (10 %) on the venue's printed trades; its rest handed to TWAP in one click.
    await page.locator('#ag-algorithm').selectOption('pov');
    await page.locator('#ag-side').selectOption('sell');
    await page.locator('#ag-quantity').fill('5,000');
    await page.locator('[data-testid=ag-start]').click();
    await expect.poll(() => page.locator('[data-testid=ag-parent]').count(), { timeout: 30_000 }).toBe(2);
    expect(await card(page, 1).getAttribute('data-algorithm')).toBe('pov');
    await expect.poll(() => card(page, 1).getAttribute('data-state'), { timeout: 15_000 }).toBe('working');
    await expect.poll(() => rows(page, 'ag-children'), { timeout: 30_000 }).toBeGreaterThan(0); // the POV's, selected on start
    await card(page, 1).locator('[data-testid=ag-fallback]').click();
    await expect.poll(() => card(page, 1).getAttribute('data-algorithm'), { timeout: 10_000 }).toBe('twap');
    expect(await card(page, 1).innerText()).toContain('TWAP (was pov)');
    expect(await card(page).getAttribute('data-state')).toBe('working'); // the agent works on beside it

    // Pause the agent: its working children are cancelled and nothing new is sent; resume works the rest.
    await card(page).locator('.ag-parent-pick').click();
    await card(page).locator('[data-testid=ag-pause]').click();
    await expect.poll(() => card(page).getAttribute('data-state'), { timeout: 10_000 }).toBe('paused');
    await expect.poll(() => page.locator('[data-testid=ag-children] [data-status=New], [data-testid=ag-children] [data-status=PartiallyFilled]').count(), { timeout: 10_000 }).toBe(0);
    const pausedRows = await rows(page, 'ag-children');
    await page.waitForTimeout(1_500);
    expect(await rows(page, 'ag-children')).toBe(pausedRows);
    await card(page).locator('[data-testid=ag-resume]').click();
    await expect.poll(() => card(page).getAttribute('data-state'), { timeout: 10_000 }).toBe('working');

    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'agents-fix-agent-1280x720.png') });
    expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);

    // Kill (confirmed with Enter): it ends with no child working.
    await card(page).locator('[data-testid=ag-kill]').click();
    await page.locator('[data-testid=ag-confirm]').waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => card(page).getAttribute('data-state'), { timeout: 15_000 }).toBe('ended');
    expect(await page.locator('[data-testid=ag-children] [data-status=New], [data-testid=ag-children] [data-status=PartiallyFilled]').count()).toBe(0);
    await card(page, 1).locator('[data-testid=ag-kill]').click();
    await page.locator('[data-testid=ag-confirm]').waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => card(page, 1).getAttribute('data-state'), { timeout: 15_000 }).toBe('ended');

    await page.locator('[data-testid=ag-fix-disconnect]').click();
    await expect.poll(() => page.locator('[data-testid=ag-fix-state]').getAttribute('data-state'), { timeout: 10_000 }).toBe('disconnected');
  });
});
