import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Flags for Debian's Chromium in a headless, offline test run. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'];

/**
 * Console warnings that say nothing about the app (Chromium's own notices in a headless, GPU-less
 * run). Everything else the page warns about fails the test, like errors do.
 */
const IGNORED_WARNINGS: readonly RegExp[] = [/GPU stall due to ReadPixels/, /Automatic fallback to software WebGL/];

/** A Chromium with a fresh profile, plus what the page logged. */
export interface TestBrowser {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Uncaught page errors, console errors and console warnings worth failing a test for, in order. */
  readonly errors: string[];
  close(): Promise<void>;
}

/** Launches /usr/bin/chromium with a throw-away user data dir and opens one page. */
export async function launchBrowser(viewport = { width: 1440, height: 900 }): Promise<TestBrowser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'slipstream-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    deviceScaleFactor: 1,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || (m.type() === 'warning' && !IGNORED_WARNINGS.some((re) => re.test(m.text())))) errors.push(`console ${m.type()}: ${m.text()}`);
  });
  return {
    context,
    page,
    errors,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
