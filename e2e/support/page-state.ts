import type { Page } from 'playwright-core';

/** The replay as the page sees it (from the `replay.state` events it received). */
export interface PageReplay {
  state: string;
  eventIndex: number;
  totalEvents: number;
}

/** Reads the app's replay state through the renderer's test hook. */
export async function replayOf(page: Page): Promise<PageReplay | null> {
  return page.evaluate(() => {
    const app = window.__slipstream?.app() as { replay: PageReplay | null } | undefined;
    return app?.replay ?? null;
  });
}

/** Reads the market view (points, trades, latest event index) through the test hook. */
export async function marketOf(page: Page) {
  return page.evaluate(() => window.__slipstream!.market());
}

/** Waits until the replay state is one of `states`. */
export async function waitForReplayState(page: Page, states: string[], timeoutMs = 60_000): Promise<void> {
  await page.waitForFunction(
    (wanted) => {
      const app = window.__slipstream?.app() as { replay: { state: string } | null } | undefined;
      return wanted.includes(app?.replay?.state ?? '');
    },
    states,
    { timeout: timeoutMs, polling: 100 },
  );
}

/** The text of every ladder row, top to bottom. */
export async function ladderText(page: Page): Promise<string> {
  return page.locator('[data-testid=ladder] tbody').allInnerTexts().then((t) => t.join('\n'));
}

/** Best bid and best ask as shown in the ladder's highlighted rows. */
export async function touchText(page: Page): Promise<{ bid: string; ask: string }> {
  const bid = await page.locator('[data-testid=best-bid] .lad-price-text').innerText();
  const ask = await page.locator('[data-testid=best-ask] .lad-price-text').innerText();
  return { bid, ask };
}

/** The chart container's data attributes (points per line, trades, series with data). */
export async function chartOf(page: Page): Promise<{ points: number; trades: number; series: number; canvases: number }> {
  return page.evaluate(() => {
    const el = document.querySelector<HTMLElement>('[data-testid=price-chart]')!;
    return {
      points: Number(el.dataset.points),
      trades: Number(el.dataset.trades),
      series: Number(el.dataset.series),
      canvases: el.querySelectorAll('canvas').length,
    };
  });
}

/** Moves focus off any control so replay keys reach the global handler. */
export async function blurAll(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur?.());
}
