import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { readAuditLog } from '../../store/audit-log.js';
import { parseFixUnits } from '../fix/fix-codec.js';
import { PaperVenue } from '../paper-venue.js';
import type { EventRecord, RequestRecord } from './audit-records.js';
import type { ParentPlan } from './recoverable-parent.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const WORKER = 'main/live/recovery/recovery-worker.test-helper.ts';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()!();
});

/** A gateway process working the plan; its JSON lines are collected. */
function startWorker(arg: unknown) {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', WORKER, JSON.stringify(arg)], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Array<Record<string, unknown>> = [];
  let buf = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    for (let i = buf.indexOf('\n'); i !== -1; i = buf.indexOf('\n')) {
      lines.push(JSON.parse(buf.slice(0, i)) as Record<string, unknown>);
      buf = buf.slice(i + 1);
    }
  });
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  cleanup.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return { child, lines, exited, stderr: () => err };
}

async function until(what: string, pred: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

function auditFills(file: string) {
  return readAuditLog(file).entries.filter((e) => e.kind === 'order-event' && (e.data as unknown as EventRecord).event.type === 'OrderFilled').map((e) => {
    const r = e.data as unknown as EventRecord;
    return { execId: r.execId!, id: r.event.clientOrderId, size: (r.event as { size: number }).size };
  });
}

describe('crash recovery (a gateway process killed with SIGKILL mid-run)', () => {
  it('restarted from its audit log and session store, it finds every fill exactly once and places no child twice', async () => {
    const venue = new PaperVenue({ port: 0, scenario: 'calm', seed: 31, durationSec: 900, storeDir: null, senderCompId: 'VEN', targetCompId: 'CLI' });
    const port = await venue.listen();
    cleanup.push(() => venue.close());
    await sleep(300);
    const book = venue.sim.venue.book;
    const dir = mkdtempSync(join(tmpdir(), 'recover-'));
    // Buy 1000 as ten children: market orders (fill at once) and limits at the bid (rest, and
    // may fill while the gateway is dead: those reports reach it only by resend).
    const plan: ParentPlan = {
      parentId: 'P', side: 1, intervalMs: 250, settleMs: 1500,
      children: Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? { type: 'limit' as const, size: 100, priceUnits: book.bestBid() } : { type: 'market' as const, size: 100 })),
    };
    const arg = { dir, port, instrument: venue.instrument, bid: book.bestBid(), ask: book.bestAsk(), plan, fsync: true };
    const auditFile = join(dir, 'audit.log');

    const first = startWorker(arg);
    await until('three fills in the audit log', () => existsSync(auditFile) && auditFills(auditFile).length >= 3, 45_000);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull(); // killed, not exited
    const beforeKill = auditFills(auditFile).length;
    await sleep(800); // the venue keeps working our resting orders meanwhile

    const second = startWorker(arg);
    const code = await second.exited;
    const done = second.lines.find((l) => l.type === 'done');
    expect(code, `${second.stderr()}\n${JSON.stringify(second.lines.filter((l) => l.type === 'error'))}`).toBe(0);
    expect(done).toBeDefined();
    expect(done!.incarnation).toBe(2);

    // Every fill exactly once: the audit log's ExecIDs are the venue's, none twice, and the
    // quantities add up to the venue's record.
    const fills = auditFills(auditFile);
    expect(fills.length).toBeGreaterThanOrEqual(beforeKill);
    const ids = fills.map((f) => f.execId);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(venue.fills.map((f) => f.execId).sort());
    for (const vf of venue.fills) expect(fills.find((f) => f.execId === vf.execId), vf.execId).toMatchObject({ id: vf.clOrdId.split('~')[0], size: parseFixUnits(vf.lastQty, venue.instrument.sizeDecimals) });
    const venueQty = venue.fills.reduce((s, f) => s + parseFixUnits(f.lastQty, venue.instrument.sizeDecimals)!, 0);
    expect(fills.reduce((s, f) => s + f.size, 0)).toBe(venueQty);
    expect(done!.filledQty).toBe(venueQty);

    // No child placed twice, none skipped; ids carry the incarnation that placed them.
    const news = readAuditLog(auditFile).entries.filter((e) => e.kind === 'request' && (e.data as unknown as RequestRecord).request.kind === 'new');
    expect(news).toHaveLength(plan.children.length);
    expect(news.some((e) => (e.data as unknown as RequestRecord).request.clientOrderId.startsWith('P.2-'))).toBe(
      news.filter((e) => (e.data as unknown as RequestRecord).request.clientOrderId.startsWith('P.1-')).length < plan.children.length,
    );
    // The restarted process reconciled what was open and agrees with the venue.
    const reconciles = done!.reconciles as Array<{ match: boolean }>;
    expect(reconciles.every((r) => r.match), JSON.stringify(reconciles)).toBe(true);
    expect(done!.omsProblems).toEqual([]);
    expect(venue.events.filter((e) => e.type === 'garbled' || e.type === 'reject-sent')).toEqual([]);
  }, 120_000);
});
