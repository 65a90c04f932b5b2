import type { FixField, FixMessage } from './fix-codec.js';
import type { FieldList, FixDictionary } from './fix-dictionary.js';

/** SessionRejectReason (373) values of FIX 4.4 used here, with the Text QuickFIX sends for each. */
export const REJECT_REASON = {
  invalidTag: 0,
  requiredTagMissing: 1,
  tagNotDefinedForMsgType: 2,
  tagWithoutValue: 4,
  valueOutOfRange: 5,
  incorrectDataFormat: 6,
  compIdProblem: 9,
  sendingTimeAccuracy: 10,
  invalidMsgType: 11,
  tagRepeated: 13,
  tagOutOfOrder: 14,
  numInGroupCount: 16,
  other: 99,
} as const;

export const REJECT_TEXT: Readonly<Record<number, string>> = {
  0: 'Invalid tag number',
  1: 'Required tag missing',
  2: 'Tag not defined for this message type',
  4: 'Tag specified without a value',
  5: 'Value is incorrect (out of range) for this tag',
  6: 'Incorrect data format for value',
  9: 'CompID problem',
  10: 'SendingTime accuracy problem',
  11: 'Invalid MsgType',
  13: 'Tag appears more than once',
  14: 'Tag specified out of required order',
  16: 'Incorrect NumInGroup count for repeating group',
};

/** Why a message is rejected: SessionRejectReason and the tag it refers to (none for some reasons). */
export interface Problem {
  readonly reason: number;
  readonly refTag: number | undefined;
}

/** A body field, or a repeating group's count field with its entries. */
interface Item {
  readonly tag: number;
  readonly value: string;
  readonly entries?: readonly (readonly Item[])[];
  /** Only on group items: the count does not match the entries found. */
  readonly countWrong?: boolean;
}

const INT = /^-?\d+$/;
const DECIMAL = /^-?(\d+(\.\d*)?|\.\d+)$/;
const TIMESTAMP = /^(\d{4})(\d{2})(\d{2})-(\d{2}):(\d{2}):(\d{2})(\.\d{3})?$/;
const TIME_ONLY = /^(\d{2}):(\d{2}):(\d{2})(\.\d{3})?$/;
const DATE = /^\d{4}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/;

/** Whether `v` is a well-formed value of FIX type `type` (types not listed take any text). */
export function validFormat(type: string, v: string): boolean {
  switch (type) {
    case 'INT': case 'LENGTH': case 'SEQNUM': case 'NUMINGROUP': case 'DAYOFMONTH':
      return INT.test(v);
    case 'FLOAT': case 'PRICE': case 'QTY': case 'AMT': case 'PRICEOFFSET': case 'PERCENTAGE':
      return DECIMAL.test(v);
    case 'CHAR':
      return v.length === 1;
    case 'BOOLEAN':
      return v === 'Y' || v === 'N';
    case 'UTCTIMESTAMP': {
      const m = TIMESTAMP.exec(v);
      return m !== null && DATE.test(v.slice(0, 8)) && Number(m[4]) < 24 && Number(m[5]) < 60 && Number(m[6]) <= 60;
    }
    case 'UTCTIMEONLY': {
      const m = TIME_ONLY.exec(v);
      return m !== null && Number(m[1]) < 24 && Number(m[2]) < 60 && Number(m[3]) <= 60;
    }
    case 'UTCDATEONLY': case 'UTCDATE': case 'LOCALMKTDATE':
      return DATE.test(v);
    case 'MONTHYEAR':
      return /^\d{4}(0[1-9]|1[0-2])(\d{2}|w[1-5])?$/.test(v);
    default:
      return true;
  }
}

/** Parses a UTCTimestamp (with or without milliseconds) to epoch ms; undefined when malformed. */
export function parseUtcTimestamp(v: string): number | undefined {
  const m = TIMESTAMP.exec(v);
  if (m === null) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), m[7] === undefined ? 0 : Number(m[7].slice(1)));
  return Number.isFinite(ms) ? ms : undefined;
}

/** Reads `fields[i..]` as the items of `list`: group count fields take their entries with them. */
function readItems(fields: readonly FixField[], i: number, list: FieldList | undefined, inGroup: boolean): { items: Item[]; next: number } {
  const items: Item[] = [];
  while (i < fields.length) {
    const [tag, value] = fields[i]!;
    if (inGroup && list !== undefined && !list.tags.has(tag)) break;
    const g = list?.groups.get(tag);
    i++;
    if (g === undefined) {
      items.push({ tag, value });
      continue;
    }
    const entries: Item[][] = [];
    while (i < fields.length && fields[i]![0] === g.delim) {
      // One entry: the delimiter, then the group's fields up to the next delimiter.
      const first = fields[i]!;
      const rest = readItems(fields, i + 1, { ...g, tags: new Set([...g.tags].filter((t) => t !== g.delim)) }, true);
      entries.push([{ tag: first[0], value: first[1] }, ...rest.items]);
      i = rest.next;
    }
    items.push({ tag, value, entries, countWrong: !INT.test(value) || Number(value) !== entries.length });
  }
  return { items, next: i };
}

/** Splits a message's fields (after 8, 9, 35; before 10) into header and body. */
function split(dict: FixDictionary, msg: FixMessage): { header: FixField[]; body: FixField[] } {
  const header: FixField[] = [];
  const body: FixField[] = [];
  for (const f of msg.fields.slice(3, -1)) (dict.header.tags.has(f[0]) ? header : body).push(f);
  return { header, body };
}

function byTag(items: readonly Item[]): Item[] {
  return [...items].sort((a, b) => a.tag - b.tag);
}

/** QuickFIX's checks of one field list, fields in tag order; the first problem found. */
function iterate(dict: FixDictionary, items: readonly Item[], list: FieldList | undefined, isBody: boolean): Problem | null {
  let prev: number | null = null;
  for (const it of byTag(items)) {
    if (it.tag === prev) return { reason: REJECT_REASON.tagRepeated, refTag: it.tag };
    if (it.value === '') return { reason: REJECT_REASON.tagWithoutValue, refTag: it.tag };
    const fd = dict.fields.get(it.tag);
    if (fd !== undefined) {
      if (!validFormat(fd.type, it.value)) return { reason: REJECT_REASON.incorrectDataFormat, refTag: it.tag };
      if (fd.enums !== undefined) {
        const values = fd.type === 'MULTIPLEVALUESTRING' ? it.value.split(' ') : [it.value];
        if (values.some((v) => !fd.enums!.has(v))) return { reason: REJECT_REASON.valueOutOfRange, refTag: it.tag };
      }
    } else return { reason: REJECT_REASON.invalidTag, refTag: it.tag };
    if (isBody && list !== undefined && !list.tags.has(it.tag)) return { reason: REJECT_REASON.tagNotDefinedForMsgType, refTag: it.tag };
    if (it.entries !== undefined) {
      if (it.countWrong === true) return { reason: REJECT_REASON.numInGroupCount, refTag: it.tag };
      const g = list?.groups.get(it.tag);
      for (const e of it.entries) {
        const p = iterate(dict, e, g, true);
        if (p !== null) return p;
      }
    }
    prev = it.tag;
  }
  return null;
}

/**
 * Validates a framed message against the dictionary in QuickFIX's order: header fields after
 * body fields (14), an unknown MsgType (11), required header and body fields (1), then each
 * field of the header and of the body in tag order: repeated (13), empty (4), format (6),
 * enumerated value (5), unknown tag (0), not in this message type (2) and group counts (16).
 * Bodies of message types the dictionary does not describe are checked field by field only.
 * Returns the first problem, or null when the message is valid.
 */
export function validateMessage(dict: FixDictionary, msg: FixMessage): Problem | null {
  let seenBody = false;
  for (const [tag] of msg.fields.slice(3, -1)) {
    if (dict.header.tags.has(tag)) {
      if (seenBody) return { reason: REJECT_REASON.tagOutOfOrder, refTag: tag };
    } else seenBody = true;
  }
  if (!dict.msgTypes.has(msg.msgType)) return { reason: REJECT_REASON.invalidMsgType, refTag: undefined };
  const { header, body } = split(dict, msg);
  const def = dict.described.get(msg.msgType);
  const bodyItems = readItems(body, 0, def, false).items;
  const headerItems = readItems(header, 0, dict.header, false).items;
  const present = (items: readonly Item[]): Set<number> => new Set(items.map((i) => i.tag));
  const hp = present(headerItems);
  for (const t of dict.header.required) if (t !== 8 && t !== 9 && t !== 35 && !hp.has(t)) return { reason: REJECT_REASON.requiredTagMissing, refTag: t };
  if (def !== undefined) {
    const bp = present(bodyItems);
    for (const t of def.required) if (!bp.has(t)) return { reason: REJECT_REASON.requiredTagMissing, refTag: t };
  }
  return iterate(dict, headerItems, dict.header, false) ?? iterate(dict, bodyItems, def, true);
}

/** Checks needed without a dictionary: a tag that is not a positive number, or an empty value. */
export function basicProblem(msg: FixMessage): Problem | null {
  for (const [tag, value] of msg.fields) {
    if (tag <= 0) return { reason: REJECT_REASON.invalidTag, refTag: tag };
    if (value === '') return { reason: REJECT_REASON.tagWithoutValue, refTag: tag };
  }
  return null;
}

/** Header fields of `msg` other than those the session writes itself (BeginString … SendingTime, PossDup, OrigSendingTime). */
const SESSION_HEADER = new Set([8, 9, 35, 34, 43, 49, 52, 56, 122]);

/**
 * A message's content as QuickFIX's FieldMap would re-send it: the extra header fields and the
 * body, each in tag order, a repeating group kept whole after its count field.
 */
export function canonicalContent(dict: FixDictionary, msg: FixMessage): { header: FixField[]; body: FixField[] } {
  const { header, body } = split(dict, msg);
  const flat = (items: readonly Item[]): FixField[] => items.flatMap((i) => [[i.tag, i.value] as FixField, ...(i.entries ?? []).flatMap((e) => flat(e))]);
  const sortedBody = flat(byTag(readItems(body, 0, dict.described.get(msg.msgType), false).items));
  return { header: header.filter((f) => !SESSION_HEADER.has(f[0])).sort((a, b) => a[0] - b[0]), body: sortedBody };
}
