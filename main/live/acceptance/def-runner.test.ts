import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FixAcceptor } from '../fix/fix-acceptor.js';
import { acceptanceSessionConfig, reflectorApp } from './acceptance-venue.js';
import { fix44Dictionary } from '../fix/fix44.js';
import { buildOutgoing, compareMessage, parseDef, runScenario } from './def-runner.js';

const SUITE = join(import.meta.dirname, '../../../../shared/fix44-acceptance');
const S = '\x01';
const wall = { nowMs: () => Date.now() };

describe('.def runner', () => {
  it('parses steps with their line and connection, and names the line of a step it does not know', () => {
    const steps = parseDef(`# c\n\niCONNECT\nI8=FIX.4.4${S}35=0${S}\nE2,8=FIX.4.4${S}\ne2,DISCONNECT\ni1,DISCONNECT\n`, 'x.def');
    expect(steps.map((s) => [s.line, s.conn, s.kind])).toEqual([[3, 1, 'connect'], [4, 1, 'send'], [5, 2, 'expect'], [6, 2, 'expect-disconnect'], [7, 1, 'disconnect']]);
    expect(() => parseDef('iCONNECT\nXfoo\n', 'y.def')).toThrow(/y\.def:2: not a step/);
    expect(() => parseDef('iWHATEVER\n', 'z.def')).toThrow(/z\.def:1: unknown step/);
  });

  it('computes BodyLength and CheckSum when absent, keeps given ones, fills <TIME±N>', () => {
    const t = Date.UTC(2026, 11, 3, 12, 0, 0);
    const m = buildOutgoing(`8=FIX.4.4${S}35=0${S}34=2${S}52=<TIME-121>${S}`, t);
    expect(m.startsWith(`8=FIX.4.4${S}9=31${S}35=0${S}34=2${S}52=20261203-11:57:59${S}10=`)).toBe(true);
    let sum = 0;
    const upTo = m.slice(0, m.indexOf(`10=`));
    for (const c of upTo) sum += c.charCodeAt(0);
    expect(m.endsWith(`10=${String(sum % 256).padStart(3, '0')}${S}`)).toBe(true);
    expect(buildOutgoing(`8=FIX.4.4${S}9=5${S}35=0${S}10=0${S}`, t)).toBe(`8=FIX.4.4${S}9=5${S}35=0${S}10=0${S}`);
  });

  it('compares field by field: tags, order, values; time fields as timestamps; CheckSum as three digits', () => {
    const exp = `8=FIX.4.4${S}9=51${S}35=5${S}34=2${S}52=00000000-00:00:00.000${S}10=0${S}`;
    expect(compareMessage(exp, `8=FIX.4.4${S}9=51${S}35=5${S}34=2${S}52=20261203-12:00:00.123${S}10=201${S}`)).toBeNull();
    expect(compareMessage(exp, `8=FIX.4.4${S}9=51${S}35=5${S}34=3${S}52=20261203-12:00:00.123${S}10=201${S}`)).toBe('field 34: expected "2", got "3"');
    expect(compareMessage(exp, `8=FIX.4.4${S}9=51${S}35=5${S}34=2${S}52=yesterday${S}10=201${S}`)).toMatch(/field 52: expected a timestamp/);
    expect(compareMessage(exp, `8=FIX.4.4${S}9=51${S}35=5${S}52=20261203-12:00:00${S}34=2${S}10=201${S}`)).toMatch(/field 4: expected tag 34/);
    expect(compareMessage(exp, `8=FIX.4.4${S}9=51${S}35=5${S}34=2${S}52=20261203-12:00:00${S}58=x${S}10=201${S}`)).toMatch(/field 6: expected tag 10/);
    // Without 9 and 10 in the expectation they are not compared.
    expect(compareMessage(`8=FIX.4.4${S}35=5${S}`, `8=FIX.4.4${S}9=5${S}35=5${S}10=123${S}`)).toBeNull();
  });

  it('fails a scenario whose expectation the acceptor does not meet, naming the line and field', async () => {
    const venue = new FixAcceptor({ port: 0, clock: wall, session: acceptanceSessionConfig(), app: reflectorApp(fix44Dictionary()) });
    const port = await venue.listen();
    try {
      const text = readFileSync(join(SUITE, '13b_UnsolicitedLogoutMessage.def'), 'latin1').replace(`35=5${S}34=2${S}49=ISLD`, `35=5${S}34=9${S}49=ISLD`);
      const r = await runScenario(parseDef(text, '13b'), { port, nowMs: wall.nowMs, timeoutMs: 5000 });
      expect(r.ok).toBe(false);
      expect(r.failure).toMatch(/^line 7: field 34: expected "9", got "2"/);
    } finally {
      await venue.close();
    }
  });

  it('fails the field-validation scenarios when the acceptor validates nothing against the dictionary', async () => {
    const { dictionary: _unused, ...noDictionary } = acceptanceSessionConfig();
    const venue = new FixAcceptor({ port: 0, clock: wall, session: noDictionary, app: reflectorApp(fix44Dictionary()) });
    const port = await venue.listen();
    try {
      const r = await runScenario(parseDef(readFileSync(join(SUITE, '14c_TagNotDefinedForMsgType.def'), 'latin1'), '14c'), { port, nowMs: wall.nowMs, timeoutMs: 3000 });
      expect(r.ok).toBe(false);
      expect(r.failure).toMatch(/^line 17: field 9: expected "116"/); // the Reject (35=3) never came
    } finally {
      await venue.close();
    }
  });
});
