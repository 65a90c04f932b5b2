import type { Exchange } from '../../market/abm/exchange.js';
import type { FeatureEngine } from './feature-engine.js';

/**
 * Feeds an agent-based market's exchange into a feature engine, as it runs: every trade print
 * (aggressor side known) and every change of the top of book (the exchange's quote updates, so a
 * "book event" here is a change at the touch; deeper changes are read when a row is sampled).
 * Only reads the book, never calls the exchange (its listeners must not). Deterministic: the same
 * seed gives the same rows, bit for bit.
 */
export function attachToExchange(engine: FeatureEngine, exchange: Exchange): void {
  exchange.onTrade((tsNs, _price, size, aggressor) => engine.onTrade(tsNs, size, aggressor));
  exchange.onQuote((tsNs) => engine.onBook(tsNs, exchange.book));
}
