import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_XML, DESCRIBED_TYPES, dictionarySource } from '../acceptance/gen-fix44-dictionary.js';
import { compactFromQuickFixXml } from './fix-dictionary.js';
import { fix44Dictionary } from './fix44.js';

describe('FIX 4.4 dictionary', () => {
  it('is exactly what the generator makes of QuickFIX FIX44.xml', () => {
    const xml = readFileSync(DEFAULT_XML, 'utf8');
    const committed = readFileSync(new URL('./fix44-dictionary.ts', import.meta.url), 'utf8');
    expect(committed).toBe(dictionarySource(compactFromQuickFixXml(xml, DESCRIBED_TYPES)));
  });

  it('knows fields, message types, required fields (components expanded) and groups', () => {
    const d = fix44Dictionary();
    expect(d.fields.get(38)?.type).toBe('QTY');
    expect([...(d.fields.get(54)?.enums ?? [])]).toContain('1');
    expect(d.msgTypes.has('D') && d.msgTypes.has('8') && !d.msgTypes.has('*')).toBe(true);
    expect(d.header.required).toEqual([8, 9, 34, 35, 49, 52, 56]);
    const nos = d.described.get('D')!;
    expect(nos.required).toEqual([11, 40, 54, 60]); // Symbol sits in the Instrument component, optional in FIX 4.4's NewOrderSingle
    expect(nos.groups.get(386)?.delim).toBe(336);
    expect(d.described.get('8')!.required).toEqual([6, 14, 17, 37, 39, 54, 150, 151]);
    expect(d.described.get('A')!.required).toEqual([98, 108]);
  });

  it('names the element when the XML refers to something it does not define', () => {
    const xml = `<fix major='4' minor='4'><header/><trailer/><messages><message name='X' msgtype='X'><field name='Nope' required='Y'/></message></messages><components/><fields><field number='1' name='Account' type='STRING'/></fields></fix>`;
    expect(() => compactFromQuickFixXml(xml, new Set(['X']))).toThrow(/unknown field "Nope"/);
    expect(() => compactFromQuickFixXml(xml, new Set(['Y']))).toThrow(/no message with msgtype "Y"/);
  });
});
