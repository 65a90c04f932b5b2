import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startHeadlessHost, type HeadlessHost } from '../../app/headless/headless-host.js';
import { launchBrowser, type TestBrowser } from './browser.js';
import { ensureRendererBuilt, repoRoot } from './renderer-build.js';

/** Where e2e tests save their screenshots. */
export const ARTIFACTS = path.join(repoRoot, 'e2e', 'artifacts');

/** The real workstation for one e2e file: the headless host (engine in a worker) and Chromium. */
export interface Workstation {
  readonly host: HeadlessHost;
  readonly browser: TestBrowser;
  /** The file's temporary folder: the host's data in `data/`, its settings in `settings/`; removed after the file. */
  readonly dir: string;
}

/** How `useWorkstation` sets up; every field optional. */
export interface WorkstationOptions {
  /** Chromium's viewport at launch; 1440×900 unless given. */
  viewport?: { width: number; height: number };
  /** Name prefix of the temporary folder under the OS temp dir; `slipstream-e2e-` unless given. */
  tmpPrefix?: string;
}

/**
 * Registers beforeAll/afterAll that build the renderer if needed, start the headless host on an
 * ephemeral port with fresh data and settings folders, and launch Debian Chromium (1440×900 unless
 * `opts.viewport`); everything is closed and removed afterwards. A test fails when the page logged
 * any console error or warning during it (see `launchBrowser`). Read the fields inside tests only.
 */
export function useWorkstation(opts: WorkstationOptions = {}): Workstation {
  let host: HeadlessHost | undefined;
  let browser: TestBrowser | undefined;
  let tmp = '';
  beforeAll(async () => {
    ensureRendererBuilt();
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), opts.tmpPrefix ?? 'slipstream-e2e-'));
    host = await startHeadlessHost({ port: 0, engineMode: 'worker', dataDir: path.join(tmp, 'data'), settingsDir: path.join(tmp, 'settings') });
    browser = await launchBrowser(opts.viewport ?? { width: 1440, height: 900 });
  });
  // Any console error (or warning worth failing) the page logged during a test fails that test.
  afterEach(() => {
    const logged = browser ? browser.errors.splice(0) : [];
    expect(logged, 'the page logged console errors or warnings').toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });
  return {
    get host() {
      if (!host) throw new Error('useWorkstation: the host is not started yet (read it inside a test)');
      return host;
    },
    get browser() {
      if (!browser) throw new Error('useWorkstation: the browser is not launched yet (read it inside a test)');
      return browser;
    },
    get dir() {
      if (!tmp) throw new Error('useWorkstation: the folder is not made yet (read it inside a test)');
      return tmp;
    },
  };
}
