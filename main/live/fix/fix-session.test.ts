import { describe, expect, it } from 'vitest';
import { FixDecoder, SOH, checksum, encodeFix, parseFixUnits, type FixMessage } from './fix-codec.js';
import { FixSession, type SessionEvent } from './fix-session.js';
import { MemorySeqStore } from './seq-store.js';

/** Two sessions wired back to back through arrays of frames, on a hand-driven clock. */
function pair(opts: { reset?: boolean } = {}) {
  const clock = { t: Date.UTC(2026, 11, 3, 10), nowMs() { return this.t; } };
  const toAcc: string[] = [];
  const toIni: string[] = [];
  const appIni: FixMessage[] = [];
  const appAcc: FixMessage[] = [];
  const evIni: SessionEvent[] = [];
  const evAcc: SessionEvent[] = [];
  const closed = { ini: false, acc: false };
  const ini = new FixSession({ senderCompId: 'CLI', targetCompId: 'VEN', role: 'initiator', heartBtIntSec: 30, resetOnLogon: opts.reset ?? true }, new MemorySeqStore(),
    { send: (b) => toAcc.push(b), close: () => { closed.ini = true; } }, clock, { onApp: (m) => appIni.push(m), onEvent: (e) => evIni.push(e) });
  const acc = new FixSession({ senderCompId: 'VEN', targetCompId: 'CLI', role: 'acceptor', heartBtIntSec: 30 }, new MemorySeqStore(),
    { send: (b) => toIni.push(b), close: () => { closed.acc = true; } }, clock, { onApp: (m) => appAcc.push(m), onEvent: (e) => evAcc.push(e) });
  const flush = (): void => {
    while (toAcc.length > 0 || toIni.length > 0) {
      while (toAcc.length > 0) acc.receive(toAcc.shift()!);
      while (toIni.length > 0) ini.receive(toIni.shift()!);
    }
  };
  return { clock, ini, acc, toAcc, toIni, appIni, appAcc, evIni, evAcc, closed, flush };
}

/** A raw message from the initiator's side with a chosen sequence number and extra header. */
function raw(seq: number, type: string, body: Array<[number, string]> = [], extra: Array<[number, string]> = []): string {
  return encodeFix([[35, type], [49, 'CLI'], [56, 'VEN'], [34, String(seq)], ...extra, [52, '20261203-10:00:00.000'], ...body]);
}

describe('FIX codec', () => {
  it('writes BodyLength and CheckSum that the decoder verifies, across split chunks', () => {
    const m = encodeFix([[35, 'D'], [49, 'A'], [56, 'B'], [34, '1'], [52, 'x'], [11, 'C1']]);
    const body = m.slice(m.indexOf('35='), m.indexOf('10='));
    expect(m.startsWith(`8=FIX.4.4${SOH}9=${body.length}${SOH}`)).toBe(true);
    expect(m.endsWith(`10=${String(checksum(m.slice(0, m.indexOf('10=')))).padStart(3, '0')}${SOH}`)).toBe(true);
    const d = new FixDecoder();
    expect(d.push(m.slice(0, 10))).toEqual([]);
    const r = d.push(m.slice(10) + m);
    expect(r.map((x) => x.ok)).toEqual([true, true]);
    expect(r[0]!.ok === true && r[0]!.msg.get(11)).toBe('C1');
  });

  it('reports a wrong checksum or body length as garbled and resynchronises on the next message', () => {
    const good = encodeFix([[35, '0'], [49, 'A'], [56, 'B'], [34, '2'], [52, 'x']]);
    const badSum = good.replace(/10=\d{3}/, '10=000') === good ? good.replace(/10=\d{3}/, '10=001') : good.replace(/10=\d{3}/, '10=000');
    const badLen = good.replace(/9=\d+/, '9=3');
    const r = new FixDecoder().push(badSum + badLen + 'noise' + good);
    expect(r.filter((x) => x.ok === true)).toHaveLength(1);
    expect(r[0]!.ok === false && r[0]!.error).toMatch(/^CheckSum/);
    expect(r.some((x) => x.ok === false && /BodyLength|CheckSum \(10\) not where/.test(x.error))).toBe(true);
  });

  it('frames like QuickFIX: a BodyLength too long takes the stream up to the next CheckSum, a short one fails at its own', () => {
    const a = encodeFix([[35, '0'], [49, 'A'], [56, 'B'], [34, '2'], [52, 'x']]);
    const b = encodeFix([[35, '0'], [49, 'A'], [56, 'B'], [34, '3'], [52, 'x']]);
    const c = encodeFix([[35, '0'], [49, 'A'], [56, 'B'], [34, '4'], [52, 'x']]);
    const long = a.replace(/9=\d+/, '9=40');
    const r = new FixDecoder().push(long + b + c);
    expect(r.map((x) => (x.ok ? x.msg.get(34) : 'garbled'))).toEqual(['garbled', '4']);
    const short = a.replace(/9=\d+/, '9=10');
    expect(new FixDecoder().push(short + b).map((x) => (x.ok ? x.msg.get(34) : 'garbled'))).toEqual(['garbled', '3']);
  });

  it('parses decimals exactly and refuses what does not fit', () => {
    expect(parseFixUnits('100.25', 2)).toBe(10025);
    expect(parseFixUnits('100', 2)).toBe(10000);
    expect(parseFixUnits('1.230', 2)).toBe(123);
    expect(parseFixUnits('1.234', 2)).toBeNull();
    expect(parseFixUnits('-1', 2)).toBeNull();
    expect(parseFixUnits('1e3', 2)).toBeNull();
  });
});

describe('FixSession', () => {
  it('logs on with ResetSeqNumFlag, exchanges application messages in order, answers a TestRequest', () => {
    const p = pair();
    p.ini.logon();
    p.flush();
    expect(p.ini.isLoggedOn && p.acc.isLoggedOn).toBe(true);
    expect(p.toIni).toEqual([]);
    p.ini.sendApp('D', [[11, 'A1']]);
    p.acc.sendApp('8', [[11, 'A1'], [150, '0']]);
    p.flush();
    expect(p.appAcc.map((m) => m.get(11))).toEqual(['A1']);
    expect(p.appIni.map((m) => m.get(150))).toEqual(['0']);
    expect(p.ini.seqState).toEqual({ nextOut: 3, nextIn: 3 });
    p.clock.t += 37_000; // 1.2 × 30 s of silence
    p.acc.tick();
    expect(p.evAcc.some((e) => e.type === 'test-request-sent')).toBe(true);
    p.flush();
    expect(p.acc.isLoggedOn).toBe(true);
  });

  it('drops a peer silent for 2.4 heartbeat intervals', () => {
    const p = pair();
    p.ini.logon();
    p.flush();
    p.clock.t += 37_000;
    p.acc.tick();
    p.toIni.length = 0; // the initiator never answers
    p.clock.t += 36_000;
    p.acc.tick();
    expect(p.closed.acc).toBe(true);
  });

  it('a gap triggers one ResendRequest; resent messages come with PossDupFlag and reach the handler once, in order', () => {
    const p = pair();
    p.ini.logon();
    p.flush();
    p.ini.sendApp('D', [[11, 'X2']]);
    p.ini.sendApp('D', [[11, 'X3']]);
    p.ini.sendApp('D', [[11, 'X4']]);
    const lost = p.toAcc.splice(0, 2); // seq 2 and 3 lost
    expect(lost).toHaveLength(2);
    p.acc.receive(p.toAcc.shift()!); // seq 4 arrives first
    expect(p.evAcc.filter((e) => e.type === 'resend-request-sent')).toEqual([{ type: 'resend-request-sent', from: 2, to: 3 }]);
    expect(p.appAcc).toEqual([]);
    p.flush();
    expect(p.appAcc.map((m) => m.get(11))).toEqual(['X2', 'X3', 'X4']);
    expect(p.appAcc.slice(0, 2).map((m) => m.get(43))).toEqual(['Y', 'Y']);
    expect(p.appAcc[0]!.get(122)).toBeDefined();
    // The same resend again (a PossDup of numbers already processed) is ignored.
    p.acc.receive(raw(2, 'D', [[11, 'X2']], [[43, 'Y'], [122, '20261203-10:00:00.000']]));
    expect(p.appAcc).toHaveLength(3);
    expect(p.evAcc.some((e) => e.type === 'possdup-ignored')).toBe(true);
  });

  it('an admin message in a resent range is replaced by a SequenceReset-GapFill', () => {
    const p = pair();
    p.ini.logon();
    p.flush();
    p.acc.receive(raw(2, '1', [[112, 'T']]));
    p.flush();
    const before = p.toIni.length;
    p.acc.receive(raw(3, '2', [[7, '1'], [16, '0']]));
    const resent = p.toIni.slice(before).map((b) => new FixDecoder().push(b)[0]!).map((r) => (r.ok === true ? [r.msg.msgType, r.msg.get(34), r.msg.get(36)] : null));
    expect(resent).toEqual([['4', '1', '3']]);
  });

  it('a sequence number too low without PossDupFlag logs out', () => {
    const p = pair();
    p.ini.logon();
    p.flush();
    p.acc.receive(raw(1, 'D', [[11, 'Z']]));
    expect(p.closed.acc).toBe(true);
    const out = p.toIni.map((b) => new FixDecoder().push(b)[0]!).find((r) => r.ok === true && r.msg.msgType === '5');
    expect(out?.ok === true && out.msg.get(58)).toMatch(/MsgSeqNum too low, expecting 2 but received 1/);
  });

  it('an invalid tag number and a missing SendingTime are rejected (35=3) and consume the number; garbled frames are ignored', () => {
    const p = pair();
    p.ini.logon();
    p.flush();
    const reframe = (m: string): string => {
      const body = m.slice(m.indexOf('35='), m.indexOf(`${SOH}10=`) + 1);
      const framed = `8=FIX.4.4${SOH}9=${body.length}${SOH}${body}`;
      return `${framed}10=${String(checksum(framed)).padStart(3, '0')}${SOH}`;
    };
    // Checksum right, tag 0: framed, then rejected by number (SessionRejectReason 0).
    p.acc.receive(reframe(raw(2, 'D', [[11, 'BAD']]).replace('11=BAD', '0=BAD')));
    expect(p.evAcc.some((e) => e.type === 'reject-sent' && e.refSeqNum === 2 && /Invalid tag number \(tag 0\)/.test(e.reason))).toBe(true);
    expect(p.acc.seqState.nextIn).toBe(3);
    // A field that is not tag=value, and a wrong checksum: garbled, ignored, number not consumed.
    p.acc.receive(reframe(raw(3, 'D', [[11, 'BAD']]).replace('11=BAD', '1x=BAD')));
    p.acc.receive(raw(3, 'D', [[11, 'OK']]).replace(/10=\d{3}/, '10=999'));
    expect(p.evAcc.filter((e) => e.type === 'garbled')).toHaveLength(2);
    expect(p.acc.seqState.nextIn).toBe(3);
    p.acc.receive(encodeFix([[35, 'D'], [49, 'CLI'], [56, 'VEN'], [34, '3'], [11, 'NS']]));
    expect(p.evAcc.some((e) => e.type === 'reject-sent' && e.refSeqNum === 3 && /Required tag missing \(tag 52\)/.test(e.reason))).toBe(true);
    expect(p.acc.seqState.nextIn).toBe(4);
    p.acc.receive(raw(4, 'D', [[11, 'OK4']]));
    expect(p.appAcc.map((m) => m.get(11))).toEqual(['OK4']);
    expect(p.closed.acc).toBe(false);
  });

  it('a wrong CompID is rejected, the session logs out and drops the line when the Logout is not answered', () => {
    const p = pair();
    p.ini.logon();
    p.flush();
    const before = p.toIni.length;
    p.acc.receive(encodeFix([[35, 'D'], [49, 'EVE'], [56, 'VEN'], [34, '2'], [52, '20261203-10:00:00.000']]));
    expect(p.evAcc.some((e) => e.type === 'reject-sent' && /CompID/.test(e.reason))).toBe(true);
    const types = p.toIni.slice(before).map((b) => new FixDecoder().push(b)[0]!).map((r) => (r.ok === true ? r.msg.msgType : '?'));
    expect(types).toEqual(['3', '5']);
    expect(p.closed.acc).toBe(false);
    p.clock.t += 2000;
    p.acc.tick();
    expect(p.closed.acc).toBe(true);
  });

  it('answers a ResendRequest and a Logout whatever their numbers (neither is sequence-checked)', () => {
    const p = pair();
    p.ini.logon();
    p.flush();
    p.acc.receive(raw(2, '0'));
    const before = p.toIni.length;
    p.acc.receive(raw(1, '2', [[7, '1'], [16, '0']])); // number too low, no PossDupFlag
    expect(p.closed.acc).toBe(false);
    const gap = decodeAll(p.toIni.slice(before));
    expect(gap.map((m) => [m.msgType, m.get(34), m.get(36), m.get(123), m.get(43)])).toEqual([['4', '1', '2', 'Y', 'Y']]);
    expect(p.acc.seqState.nextIn).toBe(3);
    p.acc.receive(raw(9, '5')); // number too high
    expect(decodeAll(p.toIni).at(-1)!.msgType).toBe('5');
    expect(p.closed.acc).toBe(true);
  });

  it('sends no heartbeat while its TestRequest is unanswered', () => {
    const p = pair();
    p.ini.logon();
    p.flush();
    p.clock.t += 37_000;
    p.acc.tick(); // heartbeat (30 s since our last) and TestRequest (1.2 × 30 s of silence)
    expect(decodeAll(p.toIni).map((m) => m.msgType)).toEqual(['0', '1']);
    p.toIni.length = 0;
    p.clock.t += 31_000;
    p.acc.tick();
    expect(p.toIni).toEqual([]);
  });

  it('a PossDup below the expected number: OrigSendingTime missing ⇒ Reject, later than SendingTime ⇒ Reject and Logout', () => {
    const p = pair();
    p.ini.logon();
    p.flush();
    p.acc.receive(raw(2, 'D', [[11, 'A']]));
    p.toIni.length = 0;
    p.acc.receive(raw(2, 'D', [[11, 'A']], [[43, 'Y']]));
    let out = decodeAll(p.toIni);
    expect(out.map((m) => [m.msgType, m.get(45), m.get(371), m.get(373)])).toEqual([['3', '2', '122', '1']]);
    expect(p.acc.seqState.nextIn).toBe(3);
    expect(p.closed.acc).toBe(false);
    p.toIni.length = 0;
    p.acc.receive(raw(2, 'D', [[11, 'A']], [[43, 'Y'], [122, '20261203-10:00:10.000']]));
    out = decodeAll(p.toIni);
    expect(out.map((m) => [m.msgType, m.get(373)])).toEqual([['3', '10'], ['5', undefined]]);
    expect(p.appAcc).toHaveLength(1);
  });

  it('SequenceReset-Reset moves the expected number up and rejects a lower one (value out of range)', () => {
    const p = pair();
    p.ini.logon();
    p.flush();
    p.acc.receive(raw(0, '4', [[36, '7']]));
    expect(p.acc.seqState.nextIn).toBe(7);
    p.acc.receive(raw(0, '4', [[36, '3'], [123, 'N']]));
    const out = decodeAll(p.toIni);
    expect(out.map((m) => [m.msgType, m.get(45), m.get(372), m.get(373), m.get(371)])).toEqual([['3', '0', '4', '5', undefined]]);
    expect(p.acc.seqState.nextIn).toBe(7);
  });

  it('writes the header in tag order, and resends with PossDupFlag and OrigSendingTime in the header', () => {
    const p = pair();
    p.ini.logon();
    p.flush();
    p.acc.sendApp('8', [[11, 'A1']], [[97, 'Y']]);
    const first = decodeAll(p.toIni)[0]!;
    expect(first.fields.map((f) => f[0])).toEqual([8, 9, 35, 34, 49, 52, 56, 97, 11, 10]);
    p.toIni.length = 0;
    p.acc.receive(raw(2, '2', [[7, '2'], [16, '2']]));
    const again = decodeAll(p.toIni)[0]!;
    expect(again.fields.map((f) => f[0])).toEqual([8, 9, 35, 34, 43, 49, 52, 56, 97, 122, 11, 10]);
    expect(again.get(122)).toBe(first.get(52));
  });
});

function decodeAll(frames: readonly string[]): FixMessage[] {
  return frames.flatMap((b) => new FixDecoder().push(b)).flatMap((r) => (r.ok ? [r.msg] : []));
}
