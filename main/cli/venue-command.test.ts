import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDef, runScenario } from '../live/acceptance/def-runner.js';
import { venueCommand } from './venue-command.js';

describe('slipstream venue', () => {
  it('names the option and its limit on bad usage', async () => {
    await expect(venueCommand([], () => {})).rejects.toThrow(/--port is required/);
    await expect(venueCommand(['--port', '70000'], () => {})).rejects.toThrow(/--port 70000 is outside \[0, 65535\]/);
    await expect(venueCommand(['--port', '0', '--sender', 'a b'], () => {})).rejects.toThrow(/--sender must be/);
    await expect(venueCommand(['--port', '0', '--acceptance-test', '--scenario', 'calm'], () => {})).rejects.toThrow(/--scenario does not apply with --acceptance-test/);
  });

  it('--acceptance-test listens as ISLD and passes a suite scenario (logon with resend request, logout)', async () => {
    const lines: string[] = [];
    let stop = (): void => {};
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    let listening: (port: number) => void = () => {};
    const port = new Promise<number>((resolve) => {
      listening = resolve;
    });
    const done = venueCommand(['--acceptance-test', '--port', '0'], (l) => {
      lines.push(l);
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(l);
      if (m !== null) listening(Number(m[1]));
    }, () => stopped);
    const file = '1a_ValidLogonMsgSeqNumTooHigh.def';
    const text = readFileSync(join(import.meta.dirname, '../../../shared/fix44-acceptance', file), 'latin1');
    const r = await runScenario(parseDef(text, file), { port: await port, nowMs: () => Date.now(), timeoutMs: 10_000 });
    stop();
    expect(await done).toBe(0);
    expect(r.failure ?? 'pass').toBe('pass');
    expect(lines[0]).toMatch(/acceptance-test acceptor, ISLD accepting TW44 and TW, listening on/);
  });
});
