import { describe, expect, it } from 'vitest';
import { DEFAULT_TICKET_FORM, formField, issuesByField, resetTicketForm, validateTicket } from './ticket-form.js';

describe('ticket form', () => {
  it('accepts the defaults and builds the ticket', () => {
    const v = validateTicket(DEFAULT_TICKET_FORM, 2);
    expect(v.errors).toEqual({});
    expect(v.ticket).toMatchObject({ side: 'buy', quantity: 5000, algorithm: 'almgren-chriss', startSec: 10, horizonSec: 40, urgency: 2, source: { kind: 'scenario', name: 'calm', durationSec: 60, seed: 42 } });
  });

  it('names the field and the limit as the user types', () => {
    const v = validateTicket({ ...DEFAULT_TICKET_FORM, quantity: '250,000', horizonSec: '70', maxParticipation: '1.5', urgency: 'x', limitPrice: '100.25' }, 2, { maxOrderSize: 100_000, maxPosition: 1_000_000 });
    expect(v.ticket).toBeNull();
    expect(v.errors.quantity).toBe('Quantity 250,000 exceeds max order quantity 100,000 (Risk settings).');
    expect(v.errors.horizonSec).toBe("Start + horizon 80 s exceeds the scenario's duration 60 s.");
    expect(v.errors.maxParticipation).toBe('Max participation 1.5 exceeds 1 (100 %).');
    expect(v.errors.urgency).toBe('Urgency κT "x" is not a number.');
    expect(validateTicket({ ...DEFAULT_TICKET_FORM, algorithm: 'pov', povRate: '' }, 2).errors.povRate).toBe('POV rate is required.');
    expect(validateTicket({ ...DEFAULT_TICKET_FORM, limitPrice: '100.25' }, 2).ticket?.limitPriceUnits).toBe(10025);
  });

  it('maps engine issues to fields and resets the order but not the path', () => {
    expect(formField('limitPriceUnits')).toBe('limitPrice');
    expect(issuesByField([{ field: 'quantity', message: 'Notional 12,000,000 exceeds max order notional 10,000,000 (Risk settings).' }]).quantity).toContain('Notional');
    const r = resetTicketForm({ ...DEFAULT_TICKET_FORM, durationSec: '120', quantity: '7' });
    expect(r.durationSec).toBe('120');
    expect(r.quantity).toBe(DEFAULT_TICKET_FORM.quantity);
  });
});
