import type { FixField, FixMessage } from './fix-codec.js';
import type { MessageStore, SentMessage } from './message-store.js';
import { REJECT_TEXT } from './fix-validate.js';

/** Admin message types, never resent (a gap fill stands for them). */
const ADMIN = new Set(['0', '1', '2', '3', '4', '5', 'A']);

/** Routing header tags and their reverse (a reply goes back the way the message came). */
const REVERSE_ROUTE: readonly (readonly [number, number])[] = [[115, 128], [116, 129], [144, 145], [128, 115], [129, 116], [145, 144]];

/** The routing fields of a reply to `msg`: OnBehalfOf* ↔ DeliverTo*, empty ones left out. */
export function reverseRoute(msg: FixMessage): FixField[] {
  const out: FixField[] = [];
  for (const [from, to] of REVERSE_ROUTE) {
    const v = msg.get(from);
    if (v !== undefined && v !== '') out.push([to, v]);
  }
  return out;
}

/**
 * Body of a session Reject (35=3) of `msg`, fields in tag order as QuickFIX sends them:
 * RefSeqNum, Text, RefTagID (when a tag is named), RefMsgType, SessionRejectReason.
 */
export function rejectBody(msg: FixMessage, reason: number, refTag: number | undefined, text = REJECT_TEXT[reason] ?? 'Rejected'): FixField[] {
  const body: FixField[] = [[45, String(msg.int(34) ?? 0)], [58, text]];
  if (refTag !== undefined) body.push([371, String(refTag)]);
  body.push([372, msg.msgType], [373, String(reason)]);
  return body;
}

/** One message of an answer to a ResendRequest. */
export type ResendItem =
  | { readonly kind: 'gap-fill'; readonly seq: number; readonly newSeqNo: number }
  | { readonly kind: 'resend'; readonly seq: number; readonly msg: SentMessage };

/**
 * What answers a ResendRequest for `from`..`toRaw` (0 = up to the last sent, `lastSent`):
 * every stored application message again, each run of admin or unknown numbers as one
 * SequenceReset-GapFill to the next number that is resent. Invariant: items cover the range
 * in order, each number once.
 */
export function resendPlan(store: MessageStore, from: number, toRaw: number, lastSent: number): ResendItem[] {
  const to = toRaw === 0 || toRaw > lastSent ? lastSent : toRaw;
  const out: ResendItem[] = [];
  let gapFrom = 0;
  for (let s = Math.max(from, 1); s <= to; s++) {
    const m = store.get(s);
    if (m === undefined || ADMIN.has(m.msgType)) {
      if (gapFrom === 0) gapFrom = s;
      continue;
    }
    if (gapFrom !== 0) out.push({ kind: 'gap-fill', seq: gapFrom, newSeqNo: s });
    gapFrom = 0;
    out.push({ kind: 'resend', seq: s, msg: m });
  }
  if (gapFrom !== 0) out.push({ kind: 'gap-fill', seq: gapFrom, newSeqNo: to + 1 });
  return out;
}
