import type { Request, ServerMessage } from '../../main/contract/index.js';
import type { EngineLink } from './engine-link.js';

/** Why and how often the engine was restarted. */
export interface EngineRestart {
  /** What ended the previous engine, in words. */
  readonly reason: string;
  /** Restarts since the host started (1 for the first). */
  readonly restarts: number;
}

/**
 * An engine link that outlives its engine: when the engine dies unexpectedly, a fresh one is
 * started at once and `onRestart` fires (the relay then fails the requests that were in flight
 * and tells the UI). Invariants: `onExit` fires at most once, only when restarting is given up
 * (a crash loop: more than `maxRestarts` deaths within `windowMs`, or a failed start); after
 * `close()` nothing restarts.
 */
export interface SupervisedEngineLink extends EngineLink {
  onRestart(listener: (info: EngineRestart) => void): void;
  /** Stops the current engine abruptly, as a crash would (tests, and a last resort for a hung engine). */
  kill(): void;
  /** Restarts so far. */
  readonly restarts: number;
}

/** Options of `superviseEngine`. */
export interface SuperviseOptions {
  /** Most restarts within `windowMs` before giving up; 5 by default. */
  maxRestarts?: number;
  /** 60 s by default. */
  windowMs?: number;
  /** Wall clock (host code; injectable for tests). */
  now?: () => number;
}

/** Starts the engine with `start` and restarts it with `start` whenever it dies (see `SupervisedEngineLink`). */
export function superviseEngine(start: () => EngineLink, opts: SuperviseOptions = {}): SupervisedEngineLink {
  const maxRestarts = opts.maxRestarts ?? 5;
  const windowMs = opts.windowMs ?? 60_000;
  const now = opts.now ?? (() => Date.now());
  let onMessage: (msg: ServerMessage) => void = () => {};
  let onExit: (reason: string) => void = () => {};
  let onRestart: (info: EngineRestart) => void = () => {};
  let closing = false;
  let gaveUp = false;
  let restarts = 0;
  const deaths: number[] = [];
  // Files the user picked stay granted across restarts: a new engine gets them all.
  const granted = new Set<string>();

  const launch = (): EngineLink => {
    const link = start();
    if (granted.size > 0) link.grantFiles([...granted]);
    link.onMessage((msg) => {
      if (link === current) onMessage(msg);
    });
    link.onExit((reason) => {
      if (link === current) died(reason);
    });
    return link;
  };

  const died = (reason: string) => {
    if (closing || gaveUp) return;
    const t = now();
    deaths.push(t);
    while (deaths.length > 0 && deaths[0]! <= t - windowMs) deaths.shift();
    if (deaths.length > maxRestarts) {
      gaveUp = true;
      onExit(`${reason} — the engine stopped ${deaths.length} times within ${Math.round(windowMs / 1000)} s, so it was not restarted`);
      return;
    }
    try {
      current = launch();
    } catch (err) {
      gaveUp = true;
      onExit(`${reason} — and it could not be restarted: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    restarts++;
    onRestart({ reason, restarts });
  };

  let current: EngineLink = launch();

  return {
    post: (msg: Request) => current.post(msg),
    grantFiles(files) {
      for (const f of files) granted.add(f);
      current.grantFiles(files);
    },
    onMessage: (l) => void (onMessage = l),
    onExit: (l) => void (onExit = l),
    onRestart: (l) => void (onRestart = l),
    kill: () => current.kill?.(),
    get restarts() {
      return restarts;
    },
    close() {
      closing = true;
      return current.close();
    },
  };
}
