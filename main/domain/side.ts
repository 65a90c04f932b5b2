/**
 * Side of an order or of a book level. Encoded as +1 / -1 so that signed arithmetic
 * (cost = side × (price − benchmark)) needs no branches. `NoSide` (0) marks trades
 * whose aggressor is unknown and book-wide events.
 */
export type Side = 1 | -1;
export type MaybeSide = Side | 0;

/** Buy orders rest on the bid. */
export const Buy: Side = 1;
/** Sell orders rest on the ask. */
export const Sell: Side = -1;
export const NoSide: MaybeSide = 0;

/** "B" / "S" for display; sides never rely on colour alone. */
export function sideLetter(side: MaybeSide): 'B' | 'S' | '-' {
  return side === 1 ? 'B' : side === -1 ? 'S' : '-';
}
