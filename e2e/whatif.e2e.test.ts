import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, useWorkstation } from './support/workstation.js';

const ws = useWorkstation();

/** The What-if state the page exposes through its read-only test hook. */
type WhatIfHook = { running: boolean; runNo: number | null; filled: number | null; eventLogHash: string | null; orders: number; fills: number; snapshots: number; replayIndex: number; error: string | null };
const whatifOf = (page: Page): Promise<WhatIfHook> => page.evaluate(() => window.__slipstream!.whatif());

/** Waits until run `runNo` has finished, failing with the engine's error if the run failed. */
async function waitForRun(page: Page, runNo: number): Promise<WhatIfHook> {
  await page.waitForFunction((n) => {
    const w = window.__slipstream!.whatif();
    return w.runNo === n || (!w.running && w.error !== null);
  }, runNo, { timeout: 150_000, polling: 200 });
  const w = await whatifOf(page);
  expect(w.error).toBeNull();
  return w;
}

async function fill(page: Page, selector: string, value: string): Promise<void> {
  await page.locator(selector).fill(value);
}

describe('What-if screen on the real headless host and engine', () => {
  it('runs a TWAP buy on the calm scenario, shows the result, and the same run gives the same hash', async () => {
    const { page } = ws.browser;
    await page.goto(ws.host.url);
    await page.waitForFunction(() => (document.querySelector('[data-testid=sb-backend] .sb-val')?.textContent ?? '—') !== '—', null, { timeout: 30_000 });

    // Ctrl+2 opens What-if; the scenarios come from the engine.
    await page.keyboard.press('Control+2');
    await page.locator('[data-testid=whatif-screen]').waitFor({ timeout: 30_000 });
    await page.locator('[data-source=scenario]').click();
    await page.waitForFunction(() => [...document.querySelectorAll('#wi-scenario option')].some((o) => (o as HTMLOptionElement).value === 'calm'), null, { timeout: 30_000 });
    await page.selectOption('#wi-scenario', 'calm');

    // Buy 5,000 TWAP over 50 s in 5 slices on a 60 s path, seed 42. The quantity stays as typed (never rewritten).
    await fill(page, '#wi-durationSec', '60');
    await fill(page, '#wi-seed', '42');
    await page.locator('[data-side=buy]').click();
    await page.locator('#wi-quantity').fill('');
    await page.locator('#wi-quantity').pressSequentially('5000');
    expect(await page.locator('#wi-quantity').inputValue()).toBe('5000');
    await page.locator('[data-algo=twap]').click();
    await fill(page, '#wi-startSec', '0');
    await fill(page, '#wi-horizonSec', '50');
    await fill(page, '#wi-slices', '5');
    expect(await page.locator('.wi-err').count()).toBe(0);

    // Validation names the field and the limit; fixing it clears the error.
    await fill(page, '#wi-horizonSec', '70');
    expect(await page.locator('[data-testid=err-horizonSec]').innerText()).toBe("Start + horizon 70 s exceeds the scenario's duration 60 s.");
    await fill(page, '#wi-horizonSec', '50');
    expect(await page.locator('.wi-err').count()).toBe(0);

    // Enter runs.
    await page.locator('#wi-slices').focus();
    await page.keyboard.press('Enter');
    const first = await waitForRun(page, 1);
    expect(first.filled!).toBeGreaterThan(0);
    expect(first.eventLogHash).toMatch(/\S{6,}/);

    // Summary: filled > 0 and the hash, as the user sees them.
    const filledText = await page.locator('[data-testid=wi-sum-filled]').innerText();
    expect(filledText).toMatch(/^[\d,]+ \/ 5,000$/);
    expect(Number(filledText.split('/')[0]!.replace(/,/g, ''))).toBeGreaterThan(0);
    const hash1 = await page.locator('[data-testid=wi-sum-hash]').getAttribute('data-value');
    expect(hash1).toBe(first.eventLogHash);
    expect((await page.locator('[data-testid=wi-sum-hash]').innerText()).length).toBeGreaterThan(4);

    // Blotter rows, and the chart's two mid series (with and without our orders).
    await expect.poll(() => page.locator('[data-testid=whatif-blotter] .ag-row[row-id]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(Number(await page.locator('[data-testid=whatif-blotter]').getAttribute('data-rows'))).toBe(first.orders);
    const chart = page.locator('[data-testid=whatif-chart]');
    await expect.poll(() => chart.getAttribute('data-mid-series')).toBe('2');
    expect(await chart.locator('canvas').count()).toBeGreaterThan(0);

    // Replay keys: → steps a snapshot (focus outside any field), Space plays and pauses.
    if (first.snapshots > 1) {
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur?.());
      // The replay opens at the first snapshot that shows one of our orders; → and ← move from there.
      const start = await page.evaluate(() => window.__slipstream!.whatif().replayIndex);
      const forward = start + 1 < first.snapshots ? 1 : -1;
      await page.keyboard.press(forward === 1 ? 'ArrowRight' : 'ArrowLeft');
      await page.waitForFunction((want) => window.__slipstream!.whatif().replayIndex === want, start + forward, { timeout: 5_000 });
      await page.keyboard.press(forward === 1 ? 'ArrowLeft' : 'ArrowRight');
      await page.waitForFunction((want) => window.__slipstream!.whatif().replayIndex === want, start, { timeout: 5_000 });
      await page.locator('[data-testid=ladder] .lad-row').first().waitFor();
    }

    // The same run again: the same event-log hash, and the screen says so.
    await page.locator('[data-testid=wi-run]').click();
    const second = await waitForRun(page, 2);
    expect(second.eventLogHash).toBe(first.eventLogHash);
    expect(await page.locator('[data-testid=wi-sum-hash]').getAttribute('data-value')).toBe(hash1);
    expect(await page.locator('[data-testid=wi-determinism]').innerText()).toContain('same hash');
    expect(await page.locator('[data-testid=wi-history] tbody tr').count()).toBe(2);

    // A click on the chart inside the order's window moves the replay there, where our orders work.
    const box = (await chart.boundingBox())!;
    await chart.click({ position: { x: box.width * 0.45, y: box.height * 0.45 } });
    if (second.snapshots > 1) await page.waitForFunction(() => window.__slipstream!.whatif().replayIndex > 0, null, { timeout: 5_000 });
    await page.mouse.move(box.x + box.width / 2, box.y + box.height + 200);
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(ARTIFACTS, 'whatif.png') });

    // The run stays reachable after leaving the screen.
    await page.keyboard.press('Control+1');
    await page.locator('[data-testid=market-screen]').waitFor();
    await page.keyboard.press('Control+2');
    await expect.poll(() => page.locator('[data-testid=wi-sum-hash]').getAttribute('data-value')).toBe(hash1);

    // A passive order rests in the book: the replay opens where it works, showing its queue position.
    await page.locator('[data-algo=passive]').click();
    await page.locator('#wi-quantity').focus();
    await page.keyboard.press('Enter');
    await waitForRun(page, 3);
    const own = page.locator('[data-testid=ladder] [data-testid=ladder-own]').first();
    await own.waitFor({ timeout: 10_000 });
    expect(await own.innerText()).toMatch(/^B [\d,]+\s+(#\d+, [\d,]+ ahead|#1, first|[\d,]+ ahead|first)$/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'whatif-passive.png') });

    expect(ws.browser.errors).toEqual([]);
  });

  it('runs a TWAP buy with price impact on the bundled real day (AMZN) and charges the impact', async () => {
    const { page } = ws.browser;
    await page.locator('[data-source=sample]').click();
    await page.waitForFunction(() => (document.querySelector('#wi-sample') as HTMLSelectElement | null)?.value !== '', null, { timeout: 30_000 });
    await page.locator('[data-algo=twap]').click();
    await page.locator('#wi-quantity').fill('');
    await page.locator('#wi-quantity').pressSequentially('3000');
    await fill(page, '#wi-startSec', '3600');
    await fill(page, '#wi-horizonSec', '600');
    await fill(page, '#wi-slices', '6');
    await page.locator('[data-testid=wi-impact]').check();
    expect(await page.locator('.wi-err').count()).toBe(0);
    const before = (await whatifOf(page)).runNo ?? 0;
    await page.locator('[data-testid=wi-run]').click();
    const r = await waitForRun(page, before + 1);
    expect(r.filled!).toBe(3_000);
    const impact = await page.locator('[data-testid=wi-sum-impact]').innerText();
    expect(impact).toMatch(/^\+\d+(\.\d+)? bp$/);
    // The replayed day is a level-1 file: its book replay marks deeper levels as rebuilt, never "top 10".
    expect(await page.locator('[data-testid=wi-ladder-caption]').innerText()).toBe('AMZN · data gives level 1 · levels 2–10 rebuilt · with our orders');
    expect(await page.locator('.wi-replay [data-testid=ladder] tr[data-depth="1"][data-known="true"]').count()).toBe(0);
    expect(await page.locator('.wi-replay [data-testid=ladder] tr[data-depth="0"][data-known="true"]').count()).toBe(2);
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(ARTIFACTS, 'whatif-real-day.png') });
    expect(ws.browser.errors).toEqual([]);
  });
});
