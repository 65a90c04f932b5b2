import { describe, expect, it } from 'vitest';
import { amendmentOf, DEFAULT_TICKET_FORM, formField, issuesByField, resetTicketForm, validateTicket } from './ticket-form.js';

describe('ticket form', () => {
  it('accepts the defaults and builds the ticket', () => {
    const v = validateTicket(DEFAULT_TICKET_FORM);
    expect(v.errors).toEqual({});
    expect(v.ticket).toMatchObject({ side: 'buy', quantity: 5000, algorithm: 'almgren-chriss', startSec: 10, horizonSec: 40, urgency: 2, source: { kind: 'scenario', name: 'calm', durationSec: 60, seed: 42 } });
  });

  it('names the field and the limit as the user types', () => {
    const v = validateTicket({ ...DEFAULT_TICKET_FORM, quantity: '250,000', horizonSec: '70', maxParticipation: '1.5', urgency: 'x', limitPrice: '100.25' }, undefined, { maxOrderSize: 100_000, maxPosition: 1_000_000 });
    expect(v.ticket).toBeNull();
    expect(v.errors.quantity).toBe('Quantity 250,000 exceeds max order quantity 100,000 (Risk settings).');
    expect(v.errors.horizonSec).toBe("Start + horizon 80 s exceeds the scenario's duration 60 s.");
    expect(v.errors.maxParticipation).toBe('Max participation 1.5 exceeds 1 (100 %).');
    expect(v.errors.urgency).toBe('Urgency κT "x" is not a number.');
    expect(validateTicket({ ...DEFAULT_TICKET_FORM, algorithm: 'pov', povRate: '' }).errors.povRate).toBe('POV rate is required.');
    expect(validateTicket({ ...DEFAULT_TICKET_FORM, limitPrice: '100.25' }).ticket?.limitPriceUnits).toBe(10025);
  });

  it('reads numbers as typed: no dropped signs, decimals or exponents; suffixes spelled out', () => {
    expect(validateTicket({ ...DEFAULT_TICKET_FORM, quantity: '-100' }).errors.quantity).toBe('Quantity -100 must be a whole number above 0.');
    expect(validateTicket({ ...DEFAULT_TICKET_FORM, quantity: '12.5' }).errors.quantity).toBe('Quantity 12.5 must be a whole number.');
    expect(validateTicket({ ...DEFAULT_TICKET_FORM, quantity: '1e6' }).errors.quantity).toContain('no exponents');
    const k = validateTicket({ ...DEFAULT_TICKET_FORM, quantity: '1.5k' });
    expect(k.ticket?.quantity).toBe(1500);
    expect(k.expanded.quantity).toBe('1,500');
  });

  it('speaks of limit prices in the instrument\'s display units, never price units', () => {
    const amzn = { priceDecimals: 4, tickSizeUnits: 100 };
    expect(validateTicket({ ...DEFAULT_TICKET_FORM, limitPrice: '-5' }).errors.limitPrice).toBe('Limit price -5.00 must be above 0.');
    expect(validateTicket({ ...DEFAULT_TICKET_FORM, limitPrice: '-5' }, amzn).errors.limitPrice).toBe('Limit price -5.0000 must be above 0.');
    expect(validateTicket({ ...DEFAULT_TICKET_FORM, limitPrice: '220.255' }, amzn).errors.limitPrice).toBe('Limit price 220.255 has more than 2 decimals.');
    expect(validateTicket({ ...DEFAULT_TICKET_FORM, limitPrice: '220.25' }, amzn).ticket?.limitPriceUnits).toBe(2_202_500);
  });

  it('amends only what changed, and removing the limit is an explicit null', () => {
    const t = validateTicket({ ...DEFAULT_TICKET_FORM, limitPrice: '99.50' }).ticket!;
    expect(amendmentOf(t, t)).toEqual({});
    expect(amendmentOf(t, { ...t, quantity: 6000, horizonSec: 30 })).toEqual({ quantity: 6000, horizonSec: 30 });
    const { limitPriceUnits: _l, ...noLimit } = t;
    expect(amendmentOf(t, noLimit)).toEqual({ limitPriceUnits: null });
  });

  it('maps engine issues to fields and resets the order but not the path', () => {
    expect(formField('limitPriceUnits')).toBe('limitPrice');
    expect(issuesByField([{ field: 'quantity', message: 'Notional 12,000,000 exceeds max order notional 10,000,000 (Risk settings).' }]).quantity).toContain('Notional');
    const r = resetTicketForm({ ...DEFAULT_TICKET_FORM, durationSec: '120', quantity: '7' });
    expect(r.durationSec).toBe('120');
    expect(r.quantity).toBe(DEFAULT_TICKET_FORM.quantity);
  });
});
