import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PaperVenue } from '../main/live/paper-venue.js';
import { ARTIFACTS, useWorkstation } from './support/workstation.js';

const ws = useWorkstation();
const PASSWORD = 'e2e-Pw-9q2-hidden';
let venue: PaperVenue | null = null;
afterAll(async () => {
  await venue?.close();
});

describe('Agents screen on a paper FIX venue (issue 13, item 5)', () => {
  it('connects a stored session, works a TWAP parent through the gateway to the end, shows session state and drift at 1280×720', async () => {
    venue = new PaperVenue({ port: 0, scenario: 'calm', seed: 5, durationSec: 600, storeDir: null, senderCompId: 'PAPER', targetCompId: 'DESK' });
    const port = await venue.listen();
    const put = await fetch(`http://127.0.0.1:${ws.host.port}/api/fix-sessions?token=${ws.host.token}`, {
      method: 'PUT', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Paper venue', host: '127.0.0.1', port, senderCompId: 'DESK', targetCompId: 'PAPER', heartBtIntSec: 1, resetOnLogon: true, password: PASSWORD }),
    });
    expect(put.status).toBe(200);

    const { page } = ws.browser;
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(ws.host.url);
    await page.waitForFunction(() => (document.querySelector('[data-testid=sb-backend] .sb-val')?.textContent ?? '—') !== '—', null, { timeout: 30_000 });
    await page.keyboard.press('Control+4');
    await page.locator('[data-testid=agents-screen]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid=ag-fix-empty]').waitFor();
    await expect.poll(() => page.locator('[data-testid=ag-fix-session] option').first().innerText(), { timeout: 15_000 }).toContain('Paper venue');
    await page.locator('[data-testid=ag-fix-symbol]').fill(venue.instrument.symbol);
    await page.locator('[data-testid=ag-fix-connect]').click();
    await expect.poll(() => page.locator('[data-testid=ag-fix-state]').getAttribute('data-state'), { timeout: 20_000 }).toBe('logged-on');
    expect(await page.locator('[data-testid=ag-fix-state]').innerText()).toContain('DESK→PAPER');

    const book = venue.sim.venue.book;
    await expect.poll(() => Number.isFinite(book.bestBid()) && Number.isFinite(book.bestAsk()), { timeout: 10_000 }).toBe(true);
    const mid = (book.bestBid() + book.bestAsk()) / 2 / 100;
    await page.locator('[data-testid=ag-fix-qty]').fill('300');
    await page.locator('[data-testid=ag-fix-horizon]').fill('2');
    await page.locator('[data-testid=ag-fix-ref]').fill(mid.toFixed(2));
    await page.locator('[data-testid=ag-fix-work]').click();
    await expect.poll(() => page.locator('[data-testid=ag-fix-drift]').getAttribute('data-state'), { timeout: 30_000 }).toBe('ended');
    expect(await page.locator('[data-testid=ag-fix-drift]').getAttribute('data-filled')).toBe('300');
    expect(await page.locator('[data-testid=ag-fix-drift]').innerText()).toMatch(/ack [\d.]+ ms \(sim 0\.4 ms\)/);
    // Heartbeats every second: the last-message times are filled in.
    await expect.poll(() => page.locator('[data-testid=ag-fix-traffic]').innerText(), { timeout: 10_000 }).toMatch(/^last in \d\d:\d\d:\d\d · last out \d\d:\d\d:\d\d/);

    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'agents-paper-1280x720.png') });
    expect(await page.content()).not.toContain(PASSWORD);
    expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);

    await page.locator('[data-testid=ag-fix-disconnect]').click();
    await expect.poll(() => page.locator('[data-testid=ag-fix-state]').getAttribute('data-state'), { timeout: 10_000 }).toBe('disconnected');
  });
});
