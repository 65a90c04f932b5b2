import { Engine, type EngineOptions } from '../../main/host/engine.js';
import type { Request, ServerMessage } from '../../main/contract/index.js';
import type { EngineLink } from './engine-link.js';

/**
 * Runs the engine on the host's own thread (debugging, profiling, tests that need one
 * thread). Messages are delivered on a microtask so callers see the same asynchrony as with
 * a worker and never re-enter the relay from inside `post`.
 */
export function startInProcessEngine(options: Omit<EngineOptions, 'engineThread'>): EngineLink {
  let onMessage: (msg: ServerMessage) => void = () => {};
  const engine = new Engine({ ...options, engineThread: 'in-process' }, (msg) => queueMicrotask(() => onMessage(structuredClone(msg))));
  return {
    post: (msg: Request) => engine.handle(structuredClone(msg)),
    grantFiles: (files) => engine.grantFiles(files),
    onMessage: (l) => void (onMessage = l),
    onExit: () => {},
    async close() {
      engine.dispose();
    },
  };
}
