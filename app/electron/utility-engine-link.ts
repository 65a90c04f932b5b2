import { utilityProcess } from 'electron';
import type { ServerMessage } from '../../main/contract/index.js';
import { grantFilesMessage, SHUTDOWN, SHUTDOWN_GRACE_MS, type EngineLink } from '../engine/engine-link.js';

/**
 * Runs the engine in an Electron utilityProcess (its own OS process: a long training run or a
 * crash never freezes or kills the window).
 */
export function startUtilityEngine(entry: string, options: { samplesDir: string; dataDir: string; tfBackend?: string }): EngineLink {
  const args = ['--host=electron', '--engine-thread=utility-process', `--samples-dir=${options.samplesDir}`, `--data-dir=${options.dataDir}`];
  if (options.tfBackend) args.push(`--tf-backend=${options.tfBackend}`);
  const child = utilityProcess.fork(entry, args, {
    serviceName: 'Slipstream engine',
    stdio: 'inherit',
  });
  let onMessage: (msg: ServerMessage) => void = () => {};
  let onExit: (reason: string) => void = () => {};
  let closing = false;
  child.on('message', (msg: ServerMessage) => onMessage(msg));
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      resolve();
      if (!closing) onExit(`Engine process stopped (exit code ${code})`);
    }),
  );
  return {
    post: (msg) => child.postMessage(msg),
    grantFiles: (files) => child.postMessage(grantFilesMessage(files)),
    onMessage: (l) => void (onMessage = l),
    onExit: (l) => void (onExit = l),
    kill: () => void child.kill(),
    async close() {
      if (closing) return exited;
      closing = true;
      child.postMessage(SHUTDOWN);
      const timer = setTimeout(() => child.kill(), SHUTDOWN_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
