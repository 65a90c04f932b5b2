import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { blurAll, chartOf, ladderText, marketOf, replayOf, touchText, waitForReplayState } from './support/page-state.js';
import { ARTIFACTS, useWorkstation } from './support/workstation.js';

const ws = useWorkstation();

describe('Market screen on the real headless host and engine', () => {
  it('loads the AMZN sample, replays it, and the ladder, chart and status bar follow', async () => {
    const { page } = ws.browser;
    await page.goto(ws.host.url);

    // Status bar: engine connected, TF.js backend named.
    await page.waitForFunction(() => (document.querySelector('[data-testid=sb-backend] .sb-val')?.textContent ?? '—') !== '—', null, { timeout: 30_000 });
    expect(await page.locator('[data-testid=sb-engine] .sb-val').innerText()).toMatch(/idle|running/);

    // Record whether the load progress bar ever shows.
    await page.evaluate(() => {
      const w = window as unknown as { __sawProgress?: boolean };
      w.__sawProgress = false;
      new MutationObserver(() => {
        if (document.querySelector('[data-testid=job-progress]')) w.__sawProgress = true;
      }).observe(document.body, { childList: true, subtree: true });
    });

    const sample = page.locator('[data-sample]').first();
    await sample.waitFor({ timeout: 30_000 });
    const label = (await sample.innerText()).replace(/^Sample:\s*/, '');
    await sample.click();
    await waitForReplayState(page, ['ready', 'paused'], 120_000);
    await page.locator('[data-testid=job-progress]').waitFor({ state: 'detached', timeout: 30_000 });
    expect(await page.locator('[data-testid=error-notice]').count()).toBe(0);
    const sawProgress = await page.evaluate(() => (window as unknown as { __sawProgress: boolean }).__sawProgress);
    const lastJob = await page.evaluate(() => (window.__slipstream!.app() as { lastJob: { done: boolean; fraction: number } | null }).lastJob);
    expect(sawProgress || lastJob?.done === true).toBe(true);

    // Status bar names the data source; the session summary names the instrument.
    expect(await page.locator('[data-testid=sb-source] .sb-val').innerText()).toBe(label);
    expect(await page.locator('[data-testid=session-info]').innerText()).toContain('AMZN');

    // The first frame fills the ladder: best bid below best ask, both at tick precision.
    await page.waitForFunction(() => window.__slipstream!.market().bestBid !== null, null, { timeout: 30_000 });
    const t0 = await touchText(page);
    expect(t0.bid).toMatch(/^\d{1,3}(,\d{3})*\.\d{2}$/);
    expect(Number(t0.bid.replace(/,/g, ''))).toBeLessThan(Number(t0.ask.replace(/,/g, '')));
    // A level-1 file: the ladder never claims "top 10"; only level 1 is the data's, deeper rows are marked rebuilt.
    expect(await page.locator('[data-testid=ladder-caption]').innerText()).toBe('AMZN · data gives level 1 · levels 2–10 rebuilt');
    expect(await page.locator('[data-testid=best-bid]').getAttribute('data-known')).toBe('true');
    expect(await page.locator('[data-testid=best-ask]').getAttribute('data-known')).toBe('true');
    expect(await page.locator('[data-testid=ladder] tr[data-depth="1"][data-known="true"]').count()).toBe(0);
    expect(await page.locator('[data-testid=ladder] tr[data-depth="1"][data-known="false"]').count()).toBe(2);

    // Play at 100× with Space (focus outside any input).
    await page.click('[data-speed="100"]');
    await blurAll(page);
    await page.keyboard.press('Space');
    await waitForReplayState(page, ['playing']);
    await page.waitForTimeout(1500);
    const m1 = await marketOf(page);
    const l1 = await ladderText(page);
    const c1 = await chartOf(page);
    await page.waitForTimeout(2000);
    const m2 = await marketOf(page);
    const l2 = await ladderText(page);
    const c2 = await chartOf(page);
    expect(m2.eventIndex!).toBeGreaterThan(m1.eventIndex!);
    expect(l2).not.toBe(l1);
    expect(c1.canvases).toBeGreaterThan(0);
    expect(c2.points).toBeGreaterThan(c1.points);
    expect(c2.series).toBeGreaterThanOrEqual(3);
    expect(await page.locator('[data-testid=stat-clock]').innerText()).toMatch(/^\d{2}:\d{2}:\d{2}\.\d{3}$/);

    // Pause with Space; arrows step one event, Shift+arrows a hundred.
    await blurAll(page);
    await page.keyboard.press('Space');
    await waitForReplayState(page, ['paused']);
    const atPause = (await replayOf(page))!.eventIndex;
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((i) => (window.__slipstream!.app() as { replay: { eventIndex: number } }).replay.eventIndex === i + 1, atPause, { timeout: 10_000 });
    await page.keyboard.press('Shift+ArrowRight');
    await page.waitForFunction((i) => (window.__slipstream!.app() as { replay: { eventIndex: number } }).replay.eventIndex === i + 101, atPause, { timeout: 10_000 });
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction((i) => (window.__slipstream!.app() as { replay: { eventIndex: number } }).replay.eventIndex === i + 100, atPause, { timeout: 10_000 });

    // Seek to the middle by clicking the slider.
    const box = (await page.locator('[data-testid=seek]').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForFunction(
      () => {
        const r = (window.__slipstream!.app() as { replay: { eventIndex: number; totalEvents: number } }).replay;
        return r.eventIndex > r.totalEvents * 0.4 && r.eventIndex < r.totalEvents * 0.6;
      },
      null,
      { timeout: 30_000 },
    );
    await blurAll(page);
    await page.waitForTimeout(300);
    const afterSeek = await touchText(page);
    expect(afterSeek.bid).toMatch(/\.\d{2}$/);

    // Let it run a little so the chart has a history after the seek, then pause.
    // Play with the mouse; Space with focus still on the Play button must toggle once, not twice.
    await page.click('[data-speed="1000"]');
    await page.click('[data-testid=play-pause]');
    await waitForReplayState(page, ['playing']);
    await page.waitForTimeout(2500);
    await page.keyboard.press('Space');
    await waitForReplayState(page, ['paused', 'ended']);
    await page.waitForTimeout(500);
    expect((await replayOf(page))!.state).not.toBe('playing');

    await page.screenshot({ path: path.join(ARTIFACTS, 'market.png'), fullPage: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'market-dark-1440x900.png'), fullPage: true });
    await page.locator('.market-left').screenshot({ path: path.join(ARTIFACTS, 'ladder-dark.png') });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(ARTIFACTS, 'market-dark-1920x1080.png'), fullPage: true });

    // Light theme through the command palette, keyboard only.
    await page.keyboard.press('Control+k');
    await page.locator('.palette-input').waitFor();
    await page.keyboard.type('light theme');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(ARTIFACTS, 'market-light-1920x1080.png'), fullPage: true });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(ARTIFACTS, 'market-light-1440x900.png'), fullPage: true });
    await page.locator('.market-left').screenshot({ path: path.join(ARTIFACTS, 'ladder-light.png') });

    expect(ws.browser.errors).toEqual([]);
  });

  it('switches screens with Ctrl+N and the palette', async () => {
    const { page } = ws.browser;
    await page.keyboard.press('Control+8');
    await page.locator('[data-testid=settings-screen]').waitFor();
    await expect.poll(() => page.locator('[data-testid=settings-screen]').innerText()).toContain('worker-thread');
    await page.screenshot({ path: path.join(ARTIFACTS, 'settings.png') });
    // Every screen is built now: Ctrl+4 opens the Agents screen (its own e2e: agents.e2e.test.ts).
    await page.keyboard.press('Control+4');
    await page.locator('[data-testid=agents-screen]').waitFor();
    await page.keyboard.press('Control+k');
    await page.keyboard.type('market');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=market-screen]').waitFor();
    // Back to dark for the next runs' settings.
    await page.keyboard.press('Control+Shift+L');
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
  });

  it('shows an engine error under the open-file area in the engine’s words, with Copy details', async () => {
    const { page } = ws.browser;
    await page.locator('[data-testid=open-files-input]').setInputFiles({ name: 'not-market-data.csv', mimeType: 'text/csv', buffer: Buffer.from('hello,world\n1,2\n') });
    const notice = page.locator('[data-testid=open-data] [data-testid=error-notice]');
    await notice.waitFor({ timeout: 30_000 });
    const message = await notice.locator('.error-message').innerText();
    expect(message.length).toBeGreaterThan(5);
    await expect.poll(() => notice.locator('button', { hasText: 'Copy details' }).count()).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'market-open-error.png') });
  });
});
