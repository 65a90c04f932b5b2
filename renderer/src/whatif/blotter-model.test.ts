import { describe, expect, it } from 'vitest';
import { blotterRows, diffRows, statusWord } from './blotter-model.js';
import { fixtureResult } from './test-fixture.js';

describe('blotter rows', () => {
  const r = fixtureResult();
  const rows = blotterRows(r.orders, r.instrument, 'TWAP');

  it('maps engine statuses to words and chip tones', () => {
    expect(statusWord('PendingNew').word).toBe('Pending new');
    expect(statusWord('New')).toEqual({ word: 'New', tone: 'working' });
    expect(statusWord('PartiallyFilled')).toEqual({ word: 'Partially filled', tone: 'partial' });
    expect(statusWord('partially-filled').word).toBe('Partially filled');
    expect(statusWord('Filled')).toEqual({ word: 'Filled', tone: 'done' });
    expect(statusWord('Cancelled')).toEqual({ word: 'Cancelled', tone: 'inactive' });
    expect(statusWord('Rejected')).toEqual({ word: 'Rejected', tone: 'bad' });
    expect(statusWord('Denied')).toEqual({ word: 'Denied', tone: 'bad' });
  });

  it('orders rows by time and fills every column', () => {
    expect(rows.map((x) => x.id)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);
    expect(rows[1]).toMatchObject({ side: 1, symbol: 'SIM', venue: 'SIMX', strategy: 'TWAP', quantity: 1000, filled: 500, leaves: 500, limitUnits: 1_000_200, status: 'Partially filled' });
  });

  it('shows market orders without a limit, done orders with no leaves, and the denial reason', () => {
    expect(rows[2]).toMatchObject({ side: -1, limitUnits: null, leaves: 0, status: 'Filled' });
    expect(rows[3]).toMatchObject({ status: 'Denied', tone: 'bad', leaves: 0, reason: 'Quantity 1,000 exceeds max order quantity 500 (Risk settings).' });
    expect(rows[4]).toMatchObject({ status: 'Cancelled', leaves: 0, filled: 200 });
  });

  it('diffs rows by id into add / update / remove, leaving unchanged rows alone', () => {
    const prev = new Map(rows.map((x) => [x.id, x]));
    const next = [{ ...rows[0]! }, { ...rows[1]!, filled: 1000, leaves: 0, status: 'Filled' as const }, { ...rows[2]!, id: 'c9' }];
    const d = diffRows(prev, next);
    expect(d.add.map((x) => x.id)).toEqual(['c9']);
    expect(d.update.map((x) => x.id)).toEqual(['c2']);
    expect(d.remove.map((x) => x.id)).toEqual(['c3', 'c4', 'c5']);
    expect(diffRows(prev, rows)).toEqual({ add: [], update: [], remove: [] });
  });
});
