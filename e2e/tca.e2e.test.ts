import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, useWorkstation } from './support/workstation.js';

const ws = useWorkstation();

type TcaHook = ReturnType<NonNullable<Window['__slipstream']>['tca']>;
const tcaOf = (page: Page): Promise<TcaHook> => page.evaluate(() => window.__slipstream!.tca());

describe('TCA screen on the real headless host and engine', () => {
  it('backtests TWAP vs Immediate on calm 60 s seeds 1-3 and shows the table and charts', async () => {
    const { page } = ws.browser;
    await page.goto(ws.host.url);
    await page.waitForFunction(() => (document.querySelector('[data-testid=sb-backend] .sb-val')?.textContent ?? '—') !== '—', null, { timeout: 30_000 });

    await page.keyboard.press('Control+6');
    await page.locator('[data-testid=tca-screen]').waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => [...document.querySelectorAll('#tca-scenario option')].some((o) => (o as HTMLOptionElement).value === 'calm'), null, { timeout: 30_000 });
    await page.selectOption('#tca-scenario', 'calm');

    // Strategies: exactly TWAP and Immediate.
    for (const s of ['twap', 'vwap', 'pov', 'almgren-chriss', 'adaptive-shortfall', 'immediate', 'submit-and-leave']) {
      const box = page.locator(`[data-strategy="${s}"] input`);
      if ((await box.isChecked()) !== (s === 'twap' || s === 'immediate')) await box.click();
    }
    await page.locator('#tca-durationSec').fill('60');
    await page.locator('#tca-seedFrom').fill('1');
    await page.locator('#tca-seedTo').fill('3');
    await page.locator('[data-tca-side=buy]').click();
    await page.locator('#tca-quantity').fill('2,000');
    await page.locator('#tca-startSec').fill('30');
    await page.locator('#tca-horizonSec').fill('20');
    expect(await page.locator('.tca-setup .wi-err').count()).toBe(0);

    // Validation names the field and the limit as you type.
    await page.locator('#tca-horizonSec').fill('40');
    expect(await page.locator('[data-testid=tca-err-horizonSec]').innerText()).toBe("Start + horizon 70 s (+0.1 s to measure) exceeds the scenario's duration 60 s.");
    await page.locator('#tca-horizonSec').fill('20');
    expect(await page.locator('.tca-setup .wi-err').count()).toBe(0);

    // Enter runs.
    await page.locator('#tca-horizonSec').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => {
      const t = window.__slipstream!.tca();
      return t.runNo === 1 || (!t.running && t.error !== null);
    }, null, { timeout: 150_000, polling: 200 });
    const t = await tcaOf(page);
    expect(t.error).toBeNull();
    expect(t.columns).toEqual(['twap', 'immediate']);
    expect(t.outcomes).toBe(6);

    // The headline table: the four metrics (+ IS vs baseline), one column per strategy.
    const headline = page.locator('[data-testid=tca-headline]');
    await expect.poll(() => headline.locator('.ag-row[row-id="Timing risk"]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const headers = await headline.locator('.ag-header-cell-text').allInnerTexts();
    expect(headers).toEqual(expect.arrayContaining(['TWAP (baseline)', 'Immediate']));
    for (const m of ['Implementation shortfall', 'Market impact', 'Timing risk', 'Adaptability']) {
      expect(await headline.locator(`.ag-row[row-id="${m}"]`).count()).toBeGreaterThan(0);
    }

    // The charts exist and are drawn.
    for (const id of ['tca-dist-chart', 'tca-risk-chart', 'tca-inventory-chart']) {
      const chart = page.locator(`[data-testid=${id}]`);
      expect(Number(await chart.getAttribute('data-series'))).toBeGreaterThan(1);
      expect(await chart.locator('canvas').count()).toBeGreaterThan(0);
    }
    await expect.poll(() => page.locator('[data-testid=tca-outcomes] .ag-row[row-id]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.mouse.move(5, 890);
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(ARTIFACTS, 'tca.png') });

    // Drill-down: clicking the first outcome re-runs that parent order; the What-if chart and blotter show it.
    const firstRow = page.locator('[data-testid=tca-outcomes] .ag-row[row-index="0"][row-id]').first();
    const rowId = await firstRow.getAttribute('row-id');
    const isText = (await firstRow.locator('[col-id=is]').innerText()).trim();
    await firstRow.locator('[col-id=path]').click();
    const detail = page.locator('[data-testid=tca-detail]');
    await detail.waitFor({ timeout: 10_000 });
    expect(await detail.getAttribute('data-row')).toBe(rowId);
    await expect.poll(() => detail.getAttribute('data-loading'), { timeout: 60_000 }).toBe('false');
    expect(await detail.locator('[data-testid=error-notice]').count()).toBe(0);
    const chart = page.locator('[data-testid=tca-detail-chart]');
    await expect.poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 10_000 }).toBeGreaterThan(100);
    expect(Number(await chart.getAttribute('data-mid-series'))).toBe(2);
    expect(Number(await chart.getAttribute('data-fills'))).toBeGreaterThan(0);
    expect(await chart.locator('canvas').count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('[data-testid=tca-detail-blotter] .ag-row[row-id]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    // The re-run reproduces the outcome's IS (caption: "… IS 1.23 bps").
    const caption = await page.locator('[data-testid=tca-detail-caption]').innerText();
    expect(caption).toContain(rowId!.split('|')[1]!);
    const captionIs = Number(/IS (-?[\d.]+) bps/.exec(caption)?.[1]);
    expect(Math.abs(captionIs - Number(isText))).toBeLessThanOrEqual(0.051);
    await page.mouse.move(5, 890);
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(ARTIFACTS, 'tca-drilldown.png') });

    // Escape closes; Enter on a focused row opens it again.
    await page.keyboard.press('Escape');
    await expect.poll(() => detail.count()).toBe(0);
    await firstRow.locator('[col-id=path]').click();
    await detail.waitFor({ timeout: 10_000 });
    await page.keyboard.press('Escape');
    await expect.poll(() => detail.count()).toBe(0);
    await firstRow.locator('[col-id=strategy]').focus();
    await page.keyboard.press('Enter');
    await detail.waitFor({ timeout: 10_000 });
    await expect.poll(() => detail.getAttribute('data-loading'), { timeout: 60_000 }).toBe('false');
    await page.keyboard.press('Escape');
    await expect.poll(() => detail.count()).toBe(0);

    // The result stays reachable after leaving the screen.
    await page.keyboard.press('Control+1');
    await page.locator('[data-testid=market-screen]').waitFor();
    await page.keyboard.press('Control+6');
    await expect.poll(() => page.locator('[data-testid=tca-headline]').getAttribute('data-columns')).toBe('twap,immediate');
    expect(ws.browser.errors).toEqual([]);
  });

  it('offers each strategy\'s parameters, reports a strategy that cannot run on its own, marks stale results and exports CSV, JSON and Parquet', async () => {
    const { page } = ws.browser;
    await page.keyboard.press('Control+6');
    await page.locator('[data-testid=tca-screen]').waitFor();
    const strip = page.locator('[data-testid=tca-strip]');
    expect(await strip.getAttribute('data-stale')).toBe('false');

    // Each chosen strategy brings its parameters; submit-and-leave without a price cannot run.
    await page.locator('[data-strategy="submit-and-leave"] input').click();
    await page.locator('[data-strategy="pov"] input').click();
    await page.locator('[data-strategy="almgren-chriss"] input').click();
    for (const id of ['#tca-slices', '#tca-povPct', '#tca-urgency', '#tca-limitOffsetBps']) expect(await page.locator(id).count()).toBe(1);
    await page.locator('#tca-povPct').fill('150');
    expect(await page.locator('[data-testid=tca-err-povPct]').innerText()).toBe('POV rate 150 % must be above 0 % and at most 100 %.');
    await page.locator('#tca-povPct').fill('20');
    await page.locator('#tca-urgency').fill('4');
    await page.locator('#tca-slices').fill('5');
    await page.locator('#tca-limitOffsetBps').fill('');
    // The form no longer matches the results on screen: they are marked stale.
    expect(await strip.getAttribute('data-stale')).toBe('true');
    expect(await page.locator('[data-testid=tca-stale]').innerText()).toContain('the setup has changed since this run');

    await page.locator('[data-testid=tca-run]').click();
    await page.waitForFunction(() => window.__slipstream!.tca().runNo === 2 || window.__slipstream!.tca().error !== null, null, { timeout: 150_000, polling: 200 });
    let t = await tcaOf(page);
    expect(t.error).toBeNull();
    expect(t.failed).toEqual(['submit-and-leave']);
    expect(t.columns).toEqual(['twap', 'pov', 'almgren-chriss', 'immediate']);
    expect(t.config).toMatchObject({ slices: 5, povRate: 0.2, urgency: 4 });
    expect(await page.locator('[data-testid=tca-failed]').innerText()).toBe('Submit & leave could not run: Submit & leave needs a price: set its limit offset (bps from the mid at the start). The other strategies completed without it.');
    expect(await strip.getAttribute('data-stale')).toBe('false');

    // With a limit offset it runs beside the others.
    await page.locator('#tca-limitOffsetBps').fill('5');
    await page.locator('[data-testid=tca-run]').click();
    await page.waitForFunction(() => window.__slipstream!.tca().runNo === 3 || window.__slipstream!.tca().error !== null, null, { timeout: 150_000, polling: 200 });
    t = await tcaOf(page);
    expect(t.error).toBeNull();
    expect(t.failed).toEqual([]);
    expect(t.columns).toContain('submit-and-leave');
    expect(t.config).toMatchObject({ limitOffsetBps: 5 });

    // Export as the CLI writes it (CSV, JSON) and as Parquet.
    const save = async (format: string): Promise<Buffer> => {
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.locator(`[data-testid=tca-export-${format}]`).click()]);
      const file = await download.path();
      return fs.readFileSync(file);
    };
    const csv = (await save('csv')).toString().trim().split('\n');
    expect(csv[0]).toMatch(/^run_id,job_index,strategy,path_id,/);
    expect(csv).toHaveLength(t.outcomes + 1);
    const json = JSON.parse((await save('json')).toString());
    expect(json.results).toHaveLength(t.outcomes);
    expect(new Set(json.results.map((r: { strategy: string }) => r.strategy))).toEqual(new Set(t.columns));
    const parquet = await save('parquet');
    expect(parquet.subarray(0, 4).toString()).toBe('PAR1');
    expect(parquet.subarray(-4).toString()).toBe('PAR1');
    expect(await page.locator('[data-testid=tca-notice]').innerText()).toMatch(/^Exported \d+ parent orders to backtest-[0-9a-f]{8}\.parquet\.$/);
  });

  it('on a real day: starts drawn by seed are different paths; a fixed start flags copies and makes no paired test; VWAP = TWAP and partial fills are said', async () => {
    const { page } = ws.browser;
    // On its own page (it sets every field it uses), so it also runs alone (-t).
    await page.goto(ws.host.url);
    await page.waitForFunction(() => (document.querySelector('[data-testid=sb-backend] .sb-val')?.textContent ?? '—') !== '—', null, { timeout: 30_000 });
    await page.keyboard.press('Control+6');
    await page.locator('[data-testid=tca-screen]').waitFor();
    const choose = async (on: string[]) => {
      for (const s of ['twap', 'vwap', 'pov', 'almgren-chriss', 'adaptive-shortfall', 'immediate', 'submit-and-leave']) {
        const box = page.locator(`[data-strategy="${s}"] input`);
        if ((await box.isChecked()) !== on.includes(s)) await box.click();
      }
    };
    const runAndWait = async () => {
      const before = (await tcaOf(page)).runNo ?? 0;
      await page.locator('[data-testid=tca-run]').click();
      await page.waitForFunction((n) => (window.__slipstream!.tca().runNo ?? 0) > n || window.__slipstream!.tca().error !== null, before, { timeout: 150_000, polling: 200 });
      const t = await tcaOf(page);
      expect(t.error).toBeNull();
      return t;
    };
    const outcomes = page.locator('[data-testid=tca-outcomes]');
    // Each note: its line and its whole text (the tooltip), together.
    const notes = async () => Object.fromEntries(await page.locator('[data-testid=tca-note]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-kind'), `${e.textContent ?? ''} | ${e.getAttribute('data-detail') ?? ''}`])));

    await page.locator('[data-tca-source=sample]').click();
    await page.waitForFunction(() => ((document.querySelector('#tca-sample') as HTMLSelectElement | null)?.value ?? '') !== '', null, { timeout: 30_000 });
    // On a real day the start is drawn by the seed unless fixed; no start field until "Fixed at…".
    expect(await page.locator('[data-tca-start=drawn]').getAttribute('aria-checked')).toBe('true');
    expect(await page.locator('#tca-startSec').count()).toBe(0);

    // A fixed start: 100 shares in 10 s cost the same whatever the seed's latency — copies of one path.
    await choose(['twap', 'immediate']);
    await page.locator('#tca-seedFrom').fill('1');
    await page.locator('#tca-seedTo').fill('3');
    await page.locator('#tca-quantity').fill('100');
    await page.locator('#tca-horizonSec').fill('10');
    await page.locator('[data-tca-start=fixed]').click();
    await page.locator('#tca-startSec').fill('600');
    expect(await page.locator('.tca-setup .wi-err').count()).toBe(0);
    let t = await runAndWait();
    expect(t.outcomes).toBe(6);
    let n = await notes();
    expect(n.paths).toContain('3 paths but only 1 distinct');
    expect(n.paths).toContain('no paired test is possible with fewer than 2 distinct paths');
    expect(await outcomes.getAttribute('data-copies')).toBe('4');
    expect(await outcomes.getAttribute('data-starts')).toBe('1');
    await expect.poll(() => outcomes.locator('[data-testid=tca-copy]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    // The paired test is n/a, never a p-value from copies.
    const vs = page.locator('[data-testid=tca-headline] .ag-row[row-id="IS vs twap"] [col-id="s:immediate"]');
    expect(await vs.innerText()).toContain('p=n/a');
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.mouse.move(5, 700);
    await page.waitForTimeout(500);
    expect(await page.locator('[data-testid=tca-note][data-kind=paths]').isVisible()).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'tca-copies-1280x720.png') });
    await page.setViewportSize({ width: 1440, height: 900 });

    // Drawn starts (the default): each seed is its own path. TWAP, VWAP and a passive submit-and-leave.
    await page.locator('[data-tca-start=drawn]').click();
    await choose(['twap', 'vwap', 'submit-and-leave']);
    await page.locator('#tca-quantity').fill('2,000');
    await page.locator('#tca-horizonSec').fill('60');
    await page.locator('#tca-limitOffsetBps').fill('-5');
    t = await runAndWait();
    expect(t.outcomes).toBe(9);
    n = await notes();
    expect(n.paths).toBeUndefined();
    expect(Number(await outcomes.getAttribute('data-starts'))).toBeGreaterThan(1);
    expect(await outcomes.getAttribute('data-copies')).toBe('0');
    expect(await page.locator('[data-testid=tca-strip] .tca-caption').innerText()).toContain('from drawn starts');
    // VWAP's curve is flat over 60 s: said, not left to be read off two equal columns.
    expect(n.vwap).toMatch(/VWAP's schedule coincides with TWAP's on [1-3] of 3 paths/);
    // The passive order is left partly unfilled: flagged in the note, the headline and every outcome.
    expect(n.partial).toContain('Submit & leave 3 of 3');
    expect(n.partial).toContain('opportunity cost');
    const filledRow = page.locator('[data-testid=tca-headline] .ag-row[row-id="Filled"]');
    await expect.poll(() => filledRow.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await filledRow.locator('[col-id="s:submit-and-leave"]').innerText()).toMatch(/^\d+\.\d \(3 partial\)$/);
    expect(Number(await outcomes.getAttribute('data-partial'))).toBeGreaterThanOrEqual(3);
    await expect.poll(() => outcomes.locator('[data-testid=tca-partial]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.mouse.move(5, 700);
    await page.waitForTimeout(500);
    for (const kind of ['vwap', 'partial']) expect(await page.locator(`[data-testid=tca-note][data-kind=${kind}]`).isVisible()).toBe(true);
    // With the notes and the Filled row, the headline still ends above the charts (nothing drawn over it).
    const head = (await page.locator('[data-testid=tca-headline]').boundingBox())!;
    const dist = (await page.locator('[data-testid=tca-dist-chart]').boundingBox())!;
    expect(head.y + head.height).toBeLessThanOrEqual(dist.y);
    const filledCell = (await filledRow.locator('[col-id="s:submit-and-leave"]').boundingBox())!;
    expect(filledCell.y + filledCell.height).toBeLessThanOrEqual(dist.y);
    // The fill % (last column) is not under the outcomes' vertical scrollbar.
    // (the widest: a row with its Partial / Unfilled chip; its chip and number fit in the cell.)
    const fillText = (await outcomes.locator('.ag-row [col-id=fillPct] .tca-chip-cell[data-partial=true]').first().boundingBox())!;
    const fillCellBox = (await outcomes.locator('.ag-row [col-id=fillPct]:has(.tca-chip-cell[data-partial=true])').first().boundingBox())!;
    expect(fillText.x).toBeGreaterThanOrEqual(fillCellBox.x);
    const vbar = await outcomes.locator('.ag-body-vertical-scroll').boundingBox();
    const gridBox = (await outcomes.boundingBox())!;
    expect(fillText.x + fillText.width).toBeLessThanOrEqual(vbar && vbar.width > 0 ? vbar.x : gridBox.x + gridBox.width);
    await page.screenshot({ path: path.join(ARTIFACTS, 'tca-real-day-1280x720.png') });
    await page.setViewportSize({ width: 1440, height: 900 });
  });
});
