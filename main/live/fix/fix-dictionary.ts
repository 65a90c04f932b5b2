/**
 * A FIX data dictionary: field types and enumerations, the header and trailer, and the body of
 * the message types a session validates. Built from a compact literal (`fix44-dictionary.ts`,
 * generated from QuickFIX's FIX44.xml by `acceptance/gen-fix44-dictionary.ts`), so the engine
 * carries no XML and no file from outside the app.
 */

/**
 * One body entry in compact form: a number is a field (negative = required), an array is a
 * repeating group `[countTag (negative = required), ...entries]` whose first entry is the
 * delimiter.
 */
export type CompactEntry = number | readonly CompactEntry[];

/** Compact dictionary literal. Invariant: every tag used in an entry is in `fields`. */
export interface CompactDictionary {
  readonly beginString: string;
  /** [tag, name, type, enumerated values (absent = any value of the type)]. */
  readonly fields: readonly (readonly [number, string, string, ...string[]])[];
  readonly header: readonly CompactEntry[];
  readonly trailer: readonly CompactEntry[];
  /** Bodies of the message types described (the others are known by MsgType only). */
  readonly messages: Readonly<Record<string, readonly CompactEntry[]>>;
}

/** A field's type and allowed values. Invariant: `enums` is undefined or non-empty. */
export interface FieldDef {
  readonly tag: number;
  readonly name: string;
  readonly type: string;
  readonly enums: ReadonlySet<string> | undefined;
}

/**
 * A field list (message body, header, trailer or one group entry). Invariant: `required` is
 * sorted by tag; `groups` holds every group whose count tag is in `tags`.
 */
export interface FieldList {
  readonly tags: ReadonlySet<number>;
  readonly required: readonly number[];
  readonly groups: ReadonlyMap<number, GroupDef>;
}

/** A repeating group: its count tag, the delimiter (first field of every entry) and the entry's fields. */
export interface GroupDef extends FieldList {
  readonly countTag: number;
  readonly delim: number;
}

/** A dictionary ready for validation. Invariant: `described` ⊆ `msgTypes`. */
export interface FixDictionary {
  readonly beginString: string;
  readonly fields: ReadonlyMap<number, FieldDef>;
  readonly msgTypes: ReadonlySet<string>;
  readonly header: FieldList;
  readonly trailer: FieldList;
  readonly described: ReadonlyMap<string, FieldList>;
}

function buildList(entries: readonly CompactEntry[]): FieldList {
  const tags = new Set<number>();
  const required: number[] = [];
  const groups = new Map<number, GroupDef>();
  for (const e of entries) {
    const head = typeof e === 'number' ? e : (e[0] as number);
    const tag = Math.abs(head);
    tags.add(tag);
    if (head < 0) required.push(tag);
    if (typeof e !== 'number') {
      const inner = buildList(e.slice(1));
      const first = e[1]!;
      groups.set(tag, { ...inner, countTag: tag, delim: Math.abs(typeof first === 'number' ? first : (first[0] as number)) });
    }
  }
  required.sort((a, b) => a - b);
  return { tags, required, groups };
}

/** Builds the validation structures from the compact literal. */
export function buildDictionary(c: CompactDictionary): FixDictionary {
  const fields = new Map<number, FieldDef>();
  for (const [tag, name, type, ...enums] of c.fields) fields.set(tag, { tag, name, type, enums: enums.length > 0 ? new Set(enums) : undefined });
  const msgTypes = new Set(fields.get(35)?.enums ?? []);
  const described = new Map<string, FieldList>();
  for (const [t, entries] of Object.entries(c.messages)) described.set(t, buildList(entries));
  return { beginString: c.beginString, fields, msgTypes, header: buildList(c.header), trailer: buildList(c.trailer), described };
}

interface XmlTag {
  readonly close: boolean;
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly selfClosing: boolean;
}

function* xmlTags(xml: string): Generator<XmlTag> {
  const re = /<(\/?)([A-Za-z]+)([^>]*?)(\/?)>/g;
  for (let m = re.exec(xml); m !== null; m = re.exec(xml)) {
    const attrs: Record<string, string> = {};
    for (const a of m[3]!.matchAll(/([A-Za-z]+)\s*=\s*(?:'([^']*)'|"([^"]*)")/g)) attrs[a[1]!] = a[2] ?? a[3] ?? '';
    yield { close: m[1] === '/', name: m[2]!, attrs, selfClosing: m[4] === '/' };
  }
}

/**
 * Reads a QuickFIX data dictionary (XML) into the compact form, keeping the bodies of the
 * message types in `keep` (components are expanded in place; a component's field is required
 * only when the component is). Throws naming the element when the file refers to an unknown
 * field or component.
 */
export function compactFromQuickFixXml(xml: string, keep: ReadonlySet<string>): CompactDictionary {
  const tags = [...xmlTags(xml)];
  const root = tags.find((t) => t.name === 'fix');
  if (root === undefined) throw new Error('FIX dictionary XML: no <fix> element');
  const beginString = `FIX.${root.attrs.major ?? '?'}.${root.attrs.minor ?? '?'}`;
  // Fields first: numbers, types, values.
  const fields: [number, string, string, ...string[]][] = [];
  const byName = new Map<string, number>();
  let inFields = false;
  let current: [number, string, string, ...string[]] | null = null;
  for (const t of tags) {
    if (t.name === 'fields') inFields = !t.close;
    else if (inFields && t.name === 'field' && !t.close) {
      current = [Number(t.attrs.number), t.attrs.name ?? '', t.attrs.type ?? 'STRING'];
      fields.push(current);
      byName.set(current[1], current[0]);
      if (t.selfClosing) current = null;
    } else if (inFields && t.name === 'field' && t.close) current = null;
    else if (inFields && t.name === 'value' && current !== null) current.push(t.attrs.enum ?? '');
  }
  // Raw sections: each a list of children (field / group / component) as a tree.
  type Node = { kind: string; name: string; required: boolean; children: Node[] };
  const sections = new Map<string, Node>();
  const stack: Node[] = [];
  for (const t of tags) {
    if (['header', 'trailer', 'message', 'component', 'group', 'field'].includes(t.name) === false) continue;
    if (inFieldsSection(t, stack)) continue;
    if (t.close) {
      const n = stack.pop();
      if (n !== undefined && stack.length === 0) sections.set(n.kind === 'message' ? `msg:${n.name}` : n.kind === 'component' ? `comp:${n.name}` : n.kind, n);
      continue;
    }
    const node: Node = { kind: t.name, name: t.name === 'message' ? t.attrs.msgtype ?? '' : t.attrs.name ?? '', required: t.attrs.required === 'Y', children: [] };
    stack.at(-1)?.children.push(node);
    if (t.selfClosing) {
      if (stack.length === 0) sections.set(`comp:${node.name}`, node);
    } else stack.push(node);
  }
  const expand = (nodes: readonly Node[], parentRequired: boolean): CompactEntry[] => {
    const out: CompactEntry[] = [];
    for (const n of nodes) {
      const req = n.required && parentRequired;
      if (n.kind === 'component') {
        const c = sections.get(`comp:${n.name}`);
        if (c === undefined) throw new Error(`FIX dictionary XML: unknown component "${n.name}"`);
        out.push(...expand(c.children, req));
        continue;
      }
      const tag = byName.get(n.name);
      if (tag === undefined) throw new Error(`FIX dictionary XML: unknown field "${n.name}"`);
      if (n.kind === 'group') out.push([req ? -tag : tag, ...expand(n.children, true)]);
      else out.push(req ? -tag : tag);
    }
    return out;
  };
  const messages: Record<string, CompactEntry[]> = {};
  for (const t of keep) {
    const m = sections.get(`msg:${t}`);
    if (m === undefined) throw new Error(`FIX dictionary XML: no message with msgtype "${t}"`);
    messages[t] = expand(m.children, true);
  }
  return { beginString, fields, header: expand(sections.get('header')?.children ?? [], true), trailer: expand(sections.get('trailer')?.children ?? [], true), messages };
}

/** True while inside <fields> (whose <field> elements are definitions, not references). */
function inFieldsSection(t: XmlTag, stack: readonly unknown[]): boolean {
  return t.name === 'field' && t.attrs.number !== undefined && stack.length === 0;
}
