import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from './cli-args.js';
import { simulateCommand } from './simulate-command.js';

async function run(argv: string[]) {
  const out: string[] = [];
  const code = await simulateCommand(argv, (s) => out.push(s));
  return { code, out };
}

describe('slipstream simulate', () => {
  it('prints the JSON summary; same seed ⇒ same hash; --out writes one line per event and does not change the hash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slip-sim-'));
    const file = join(dir, 'events.csv');
    const a = await run(['--scenario', 'calm', '--seed', '3', '--duration', '20', '--agents', '300', '--json', '--out', file]);
    expect(a.code).toBe(0);
    const j = JSON.parse(a.out[0]!);
    expect(j).toMatchObject({ scenario: 'calm', seed: 3, durationSec: 20, out: file });
    expect(Math.abs(j.agents - 300)).toBeLessThan(5);
    for (const k of ['events', 'trades', 'eventsPerSec']) expect(j[k]).toBeGreaterThan(0);
    expect(j.stylizedFacts).toHaveProperty('spreadMeanTicks');
    expect(j.stylizedFacts).toHaveProperty('ret1sExcessKurtosis');
    expect(j.stylizedFacts.absAcf1m).toHaveLength(20);
    const text = readFileSync(file, 'utf8');
    expect(text.split('\n')).toHaveLength(j.events + 1);
    const b = JSON.parse((await run(['--scenario', 'calm', '--seed', '3', '--duration', '20', '--agents', '300', '--json'])).out[0]!);
    expect(b.eventLogHash).toBe(j.eventLogHash);
  });

  it('prints a readable summary and runs scenario files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slip-sim-'));
    const p = join(dir, 'tiny.json');
    writeFileSync(p, JSON.stringify({ name: 'tiny', instrument: { initialPrice: 20 }, durationSec: 15, agents: { noise: { count: 100 } } }));
    const r = await run(['--scenario', p, '--seed', '1']);
    expect(r.out[0]).toMatch(/^tiny seed 1: 15 s, 260 agents$/);
    expect(r.out.join('\n')).toMatch(/eventLogHash [0-9a-f]{64}/);
    expect(r.out.at(-1)).toMatch(/events\/s$/);
  });

  it('rejects bad options and names the scenario field at fault', async () => {
    await expect(run(['--seed', '1'])).rejects.toThrow(UsageError);
    await expect(run(['--scenario', 'calm', '--duration', '0'])).rejects.toThrow('--duration 0 is outside');
    await expect(run(['--scenario', 'calm', '--speed', '2'])).rejects.toThrow('unknown option --speed');
    const dir = mkdtempSync(join(tmpdir(), 'slip-sim-'));
    const p = join(dir, 'scenario.json');
    writeFileSync(p, JSON.stringify({ instrument: { initialPrice: 100 }, agents: { marketMakers: { count: -3 } } }));
    await expect(run(['--scenario', p])).rejects.toThrow(`${p}: agents.marketMakers.count: expected a number ≥ 0, got -3`);
  });
});
