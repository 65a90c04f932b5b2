import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, useWorkstation } from './support/workstation.js';

const ws = useWorkstation();

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
] as const;

/** Whether an element is wholly inside the viewport and not covered at its centre by something else. */
async function usable(page: Page, selector: string): Promise<{ inside: boolean; onTop: boolean; box: { x: number; y: number; w: number; h: number } | null }> {
  return page.evaluate((sel) => {
    const el = document.querySelector<HTMLElement>(sel);
    if (!el) return { inside: false, onTop: false, box: null };
    const r = el.getBoundingClientRect();
    const inside = r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= window.innerWidth + 0.5 && r.bottom <= window.innerHeight + 0.5;
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return { inside, onTop: hit !== null && (el === hit || el.contains(hit)), box: { x: r.left, y: r.top, w: r.width, h: r.height } };
  }, selector);
}

/**
 * How many of the items match `itemSelector` are really visible: wholly inside their clipping
 * panel (`clipSelector`, e.g. a scroll container) and the window, and not covered at their centre.
 */
async function visibleCount(page: Page, itemSelector: string, clipSelector: string): Promise<{ visible: number; total: number }> {
  return page.evaluate(
    ([items, clip]) => {
      const c = document.querySelector(clip)?.getBoundingClientRect();
      if (!c) return { visible: 0, total: 0 };
      const els = [...document.querySelectorAll<HTMLElement>(items)];
      const visible = els.filter((el) => {
        const r = el.getBoundingClientRect();
        if (r.height <= 0 || r.top < Math.max(0, c.top) - 0.5 || r.bottom > Math.min(window.innerHeight, c.bottom) + 0.5 || r.left < -0.5 || r.right > window.innerWidth + 0.5) return false;
        const hit = document.elementFromPoint(r.left + Math.min(r.width / 2, 8), r.top + r.height / 2);
        return hit !== null && (hit === el || el.contains(hit));
      }).length;
      return { visible, total: els.length };
    },
    [itemSelector, clipSelector] as const,
  );
}

/** No scrollbar on the page itself: everything fits the window. */
async function pageFits(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth && document.documentElement.scrollHeight <= window.innerHeight);
}

/** Elements matched by `selector` whose content is cut (text wider or taller than the box). */
async function clipped(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1).map((e) => `${e.className}: ${(e.textContent ?? '').slice(0, 40)}`));
}

async function shot(page: Page, name: string, size: { width: number; height: number }): Promise<void> {
  await page.mouse.move(2, size.height - 2);
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${size.width}x${size.height}.png`) });
}

describe('Every screen is usable at 1280×720 and 1920×1080 (issue 14, item 5)', () => {
  it('fills every screen with data, then checks and screenshots it at both sizes', async () => {
    const { page } = ws.browser;
    await page.setViewportSize(SIZES[0]);
    await page.goto(ws.host.url);
    await page.waitForFunction(() => (document.querySelector('[data-testid=sb-backend] .sb-val')?.textContent ?? '—') !== '—', null, { timeout: 30_000 });

    // Market: the bundled day, replayed a little.
    await page.keyboard.press('Control+1');
    await page.locator('[data-sample]').first().waitFor({ timeout: 30_000 });
    await page.locator('[data-sample]').first().click();
    await page.waitForFunction(() => window.__slipstream!.market().bestBid !== null, null, { timeout: 60_000 });
    await page.locator('[data-speed="100"]').click();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur?.());
    await page.keyboard.press('Space');
    await page.waitForTimeout(2500);
    await page.keyboard.press('Space');

    // What-if: a finished run.
    await page.keyboard.press('Control+2');
    await page.locator('[data-source=scenario]').click();
    await page.waitForFunction(() => [...document.querySelectorAll('#wi-scenario option')].some((o) => (o as HTMLOptionElement).value === 'calm'), null, { timeout: 30_000 });
    await page.selectOption('#wi-scenario', 'calm');
    await page.locator('[data-testid=wi-run]').click();
    await page.waitForFunction(() => (window.__slipstream!.whatif() as { runNo: number | null }).runNo !== null, null, { timeout: 120_000 });

    // Order ticket: one filled parent.
    await page.keyboard.press('Control+3');
    await page.waitForSelector('[data-testid=ot-pretrade][data-ready=true]', { timeout: 30_000 });
    await page.locator('#ot-quantity').fill('3,000');
    await page.waitForTimeout(500);
    await page.locator('[data-testid=ot-submit]').click();
    await expect.poll(() => page.locator('[data-testid=ticket-parents] [data-status]').first().getAttribute('data-status'), { timeout: 120_000 }).toBe('Filled');

    // TCA: five strategies, so the headline table is wide.
    await page.keyboard.press('Control+6');
    for (const s of ['vwap', 'pov', 'almgren-chriss']) await page.locator(`[data-strategy="${s}"] input`).click();
    await page.locator('[data-testid=tca-run]').click();
    await page.waitForFunction(() => window.__slipstream!.tca().runNo === 1 || window.__slipstream!.tca().error !== null, null, { timeout: 150_000, polling: 200 });
    expect((await page.evaluate(() => window.__slipstream!.tca())).error).toBeNull();

    const problems: string[] = [];
    const check = (ok: boolean, what: string) => {
      if (!ok) problems.push(what);
    };
    for (const size of SIZES) {
      await page.setViewportSize(size);
      const at = `${size.width}×${size.height}`;

      await page.keyboard.press('Control+1');
      await page.locator('[data-testid=market-screen]').waitFor();
      await page.waitForTimeout(300);
      check(await pageFits(page), `${at} Market: page scrolls`);
      for (const sel of ['[data-testid=ladder]', '.stats-panel', '.tape-panel']) {
        const u = await usable(page, sel);
        check(u.inside && u.onTop, `${at} Market: ${sel} not fully visible ${JSON.stringify(u)}`);
      }
      const tape = await visibleCount(page, '.tape-panel tbody tr', '.tape-scroll');
      check(tape.visible >= 5, `${at} Market: time & sales shows ${tape.visible} of ${tape.total} trades (fewer than 5)`);
      const stats = await visibleCount(page, '.stats-panel .stats-grid > *', '.stats-panel');
      check(stats.total > 0 && stats.visible === stats.total, `${at} Market: statistics show ${stats.visible} of ${stats.total} cells`);
      const statsCut = await clipped(page, '.stats-panel .stat-val, .stats-panel');
      check(statsCut.length === 0, `${at} Market: statistics cut ${statsCut.join(' | ')}`);
      await shot(page, 'market', size);

      await page.keyboard.press('Control+2');
      await page.locator('[data-testid=whatif-screen]').waitFor();
      await page.waitForTimeout(300);
      check(await pageFits(page), `${at} What-if: page scrolls`);
      const sums = await visibleCount(page, '[data-testid^=wi-sum-]', '[data-testid=whatif-summary]');
      check(sums.total >= 3 && sums.visible === sums.total, `${at} What-if: results (filled, shortfall, impact…) show ${sums.visible} of ${sums.total}`);
      for (const sel of ['[data-testid=whatif-summary]', '[data-testid=whatif-blotter]', '[data-testid=wi-run]']) {
        const u = await usable(page, sel);
        check(u.inside && u.onTop, `${at} What-if: ${sel} not fully visible ${JSON.stringify(u)}`);
      }
      await shot(page, 'whatif', size);

      await page.keyboard.press('Control+3');
      await page.locator('[data-testid=ticket-screen]').waitFor();
      await page.waitForTimeout(300);
      check(await pageFits(page), `${at} Ticket: page scrolls`);
      for (const sel of ['[data-testid=ot-submit]', '[data-testid=ticket-parents]', '[data-testid=ticket-children]', '[data-testid=ot-pretrade]']) {
        const u = await usable(page, sel);
        check(u.inside && u.onTop, `${at} Ticket: ${sel} not fully visible ${JSON.stringify(u)}`);
      }
      await shot(page, 'ticket', size);

      await page.keyboard.press('Control+6');
      await page.locator('[data-testid=tca-screen]').waitFor();
      await page.waitForTimeout(500);
      check(await pageFits(page), `${at} TCA: page scrolls`);
      const hScroll = await page.locator('[data-testid=tca-headline] .ag-body-horizontal-scroll-viewport').evaluate((e) => e.scrollWidth > e.clientWidth + 1);
      check(!hScroll, `${at} TCA: the headline table needs horizontal scrolling`);
      const cut = await clipped(page, '[data-testid=tca-headline] .ag-cell-value, [data-testid=tca-headline] .ag-cell');
      check(cut.length === 0, `${at} TCA: truncated headline cells ${cut.slice(0, 4).join(' | ')}`);
      for (const sel of ['[data-testid=tca-run]', '[data-testid=tca-headline]', '[data-testid=tca-dist-chart]', '[data-testid=tca-outcomes]']) {
        const u = await usable(page, sel);
        check(u.inside && u.onTop, `${at} TCA: ${sel} not fully visible ${JSON.stringify(u)}`);
      }
      await shot(page, 'tca', size);

      await page.keyboard.press('Control+8');
      await page.waitForTimeout(300);
      check(await pageFits(page), `${at} Settings: page scrolls`);
      await shot(page, 'settings', size);
    }
    expect(problems).toEqual([]);
  });
});
