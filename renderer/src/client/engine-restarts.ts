import { useEffect, useState } from 'react';
import type { SlipstreamApi } from '../../../main/contract/client-api.js';
import type { EventPayload } from '../../../main/contract/events.js';

/**
 * The last time the host restarted a dead engine, as the UI shows it. Invariant: `restarts`
 * only grows; `atMs` is the renderer's wall clock when the `engine.restarted` event arrived.
 */
export interface EngineRestartNotice extends EventPayload<'engine.restarted'> {
  readonly atMs: number;
}

/**
 * Follows `engine.restarted` events: calls `onRestart` with each notice. Screens use it to drop
 * state the engine no longer has (the open replay session, running jobs); the status bar shows
 * the last one. Returns the unsubscribe function.
 */
export function watchEngineRestarts(api: Pick<SlipstreamApi, 'onEvent'>, onRestart: (n: EngineRestartNotice) => void, now: () => number = () => Date.now()): () => void {
  return api.onEvent((name, payload) => {
    if (name !== 'engine.restarted') return;
    onRestart({ ...(payload as EventPayload<'engine.restarted'>), atMs: now() });
  });
}

/** One sentence for a tooltip or a notice. */
export function engineRestartText(n: EngineRestartNotice): string {
  const lost = n.failedRequests === 0 ? 'nothing was in progress' : `${n.failedRequests} request${n.failedRequests === 1 ? ' was' : 's were'} lost; run ${n.failedRequests === 1 ? 'it' : 'them'} again`;
  return `The engine stopped (${n.reason}) and was restarted${n.restarts > 1 ? ` (${n.restarts} times so far)` : ''}; open data and running jobs were reset, ${lost}.`;
}

/** React: the last restart notice (null until the engine restarts). */
export function useEngineRestart(api: Pick<SlipstreamApi, 'onEvent'>): EngineRestartNotice | null {
  const [notice, setNotice] = useState<EngineRestartNotice | null>(null);
  useEffect(() => watchEngineRestarts(api, setNotice), [api]);
  return notice;
}
