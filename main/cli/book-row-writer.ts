import { closeSync, openSync, writeSync } from 'node:fs';
import type { InstrumentSpec } from '../domain/instrument.js';
import type { BookView, DepthBuffers } from '../market/book/book-types.js';

const EMPTY_ASK = '9999999999';
const EMPTY_BID = '-9999999999';
const FLUSH_BYTES = 1 << 20;

/**
 * Writes the top N levels after every event in LOBSTER orderbook layout: per level ask price,
 * ask size, bid price, bid size; prices as integers in 1/10,000 of the quote currency; empty
 * levels as 9999999999 / -9999999999 with size 0; no header. Output is buffered and written in
 * 1 MiB blocks. Prices finer than 1/10,000 are rounded half away from zero to the nearest unit.
 */
export class BookRowWriter {
  private readonly fd: number;
  private readonly buf: DepthBuffers;
  private chunk = '';
  private readonly priceScale: number;
  private readonly sizeScale: number;

  constructor(
    readonly path: string,
    readonly levels: number,
    instrument: InstrumentSpec,
  ) {
    this.fd = openSync(path, 'w');
    this.buf = { bidPrice: new Float64Array(levels), bidSize: new Float64Array(levels), askPrice: new Float64Array(levels), askSize: new Float64Array(levels) };
    this.priceScale = 10 ** (4 - instrument.priceDecimals);
    this.sizeScale = 10 ** -instrument.sizeDecimals;
  }

  write(book: BookView): void {
    const b = this.buf;
    const [nb, na] = book.depth(this.levels, b);
    let line = '';
    for (let j = 0; j < this.levels; j++) {
      if (j > 0) line += ',';
      line += j < na ? `${this.price(b.askPrice[j])},${this.size(b.askSize[j])}` : `${EMPTY_ASK},0`;
      line += j < nb ? `,${this.price(b.bidPrice[j])},${this.size(b.bidSize[j])}` : `,${EMPTY_BID},0`;
    }
    this.chunk += line + '\n';
    if (this.chunk.length >= FLUSH_BYTES) this.flush();
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private price(units: number): number {
    const v = units * this.priceScale;
    return v < 0 ? -Math.round(-v) : Math.round(v);
  }

  private size(units: number): number {
    // Sizes keep their decimals (crypto quantities); integers print without a point.
    return this.sizeScale === 1 ? units : Number((units * this.sizeScale).toFixed(9));
  }

  private flush(): void {
    if (this.chunk.length > 0) writeSync(this.fd, this.chunk);
    this.chunk = '';
  }
}
