import type { ChildProcess } from 'node:child_process';
import { afterEach } from 'vitest';

/**
 * The list a test file pushes the child processes it starts onto. Registers an afterEach that
 * SIGKILLs every child still running and waits for its exit, then empties the list, so no
 * process outlives the test that started it (a failed assertion included).
 */
export function useChildProcesses(): ChildProcess[] {
  const running: ChildProcess[] = [];
  afterEach(async () => {
    for (const child of running.splice(0)) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    }
  });
  return running;
}
