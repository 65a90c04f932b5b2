import { memo } from 'react';
import { formatBps, formatCompact, formatPrice } from '../format/numbers.js';
import type { OpenSession } from '../store/app-state.js';
import type { MarketStore } from '../store/market-store.js';
import { useStore, type Store } from '../store/store.js';
import type { AppState } from '../store/app-state.js';
import { buildLadder, depthCaption, type LadderModel, type LadderRow } from './ladder-model.js';
import { useMarketScale, type MarketScale } from './use-market-format.js';
import { useLadderDepth } from '../ui/use-ladder-depth.js';


function SizeCell({ row, scale, side }: { row: LadderRow; scale: MarketScale; side: 'bid' | 'ask' }) {
  if (row.side !== side || row.priceUnits === null) return <td className={`lad-size lad-${side}-size empty`} />;
  const c = formatCompact(row.size, scale.sizeDecimals, 1_000_000);
  const pct = `${(row.bar * 100).toFixed(1)}%`;
  return (
    <td className={`lad-size lad-${side}-size`} title={`${side === 'bid' ? 'Bid' : 'Ask'} size ${c.exact} in ${row.orders} order${row.orders === 1 ? '' : 's'}`}>
      <span className="lad-cell">
        <span className="lad-track" aria-hidden="true">
          <span className="lad-bar" style={{ width: pct }} />
        </span>
        <span className="lad-num num">{c.text}</span>
      </span>
    </td>
  );
}

/** What the Own column shows at one price: our side, working quantity and queue position ("#3, 1,200 ahead"). */
export interface OwnCell {
  readonly side: 1 | -1;
  /** Our working quantity there, formatted. */
  readonly quantity: string;
  readonly queue: string;
  readonly title: string;
}

function OwnTd({ own }: { own: OwnCell | undefined }) {
  if (!own) return <td className="lad-own" />;
  return (
    <td className={`lad-own has-own own-${own.side > 0 ? 'buy' : 'sell'}`} title={own.title} data-testid="ladder-own">
      <span className="own-qty num">
        {own.side > 0 ? 'B' : 'S'} {own.quantity}
      </span>{' '}
      <span className="own-queue num">{own.queue}</span>
    </td>
  );
}

const Row = memo(function Row({ row, scale, own }: { row: LadderRow; scale: MarketScale; own?: OwnCell }) {
  const cls = ['lad-row', `lad-${row.side}`, row.isBest ? 'best' : '', row.isLastTrade ? 'last-trade' : '', row.priceUnits === null ? 'void' : '', row.known ? '' : 'rebuilt'].filter(Boolean).join(' ');
  const letter = row.side === 'bid' ? 'B' : 'S';
  return (
    <tr className={cls} data-side={row.side} data-depth={row.depth} data-known={row.known} data-testid={row.isBest ? `best-${row.side}` : undefined}>
      <SizeCell row={row} scale={scale} side="bid" />
      <td className="lad-price num" title={row.priceUnits === null ? undefined : `${row.side === 'bid' ? 'Bid' : 'Ask'} level ${row.depth + 1}${row.isLastTrade ? ' · last trade price' : ''}${row.known ? '' : " · beyond the data's depth: rebuilt from earlier events, may be stale"}`}>
        {row.priceUnits !== null && (
          <>
            <span className="lad-side" aria-label={row.side === 'bid' ? 'bid' : 'ask'}>
              {letter}
            </span>
            <span className="lad-price-text">{formatPrice(row.priceUnits, scale.priceDecimals, scale.displayDecimals)}</span>
            {row.isLastTrade && <span className="lad-last" title="Last trade price" aria-label="last trade">◂</span>}
          </>
        )}
      </td>
      <SizeCell row={row} scale={scale} side="ask" />
      <OwnTd own={own} />
    </tr>
  );
});

/** Props of `LadderTable`. */
export interface LadderTableProps {
  readonly model: LadderModel;
  readonly scale: MarketScale;
  /** The instrument's tick in price units (0 when unknown), for the spread in ticks. */
  readonly tickSizeUnits: number;
  /** Our orders by price, for the Own column. */
  readonly own?: ReadonlyMap<number, OwnCell>;
  /** Shown in the spread row when there is no book. */
  readonly emptyText: string;
  /** Extra class on the table (e.g. a wider Own column). */
  readonly className?: string;
  readonly ownHeaderTitle?: string;
}

/**
 * The ladder table itself, from a prepared model: one row per book level, asks above bids,
 * fixed height (empty rows pad a thin book) so rows never jump under the mouse. Best bid/ask and
 * the last trade price are highlighted; every side also carries B/S; own orders sit in the Own column.
 */
export function LadderTable({ model, scale, tickSizeUnits, own, emptyText, className, ownHeaderTitle }: LadderTableProps) {
  const depth = model.rows.length / 2;
  const asks = model.rows.slice(0, depth);
  const bids = model.rows.slice(depth);
  const mid = model.bestBid !== null && model.bestAsk !== null ? (model.bestBid + model.bestAsk) / 2 : null;
  const spreadTicks = model.spreadUnits !== null && tickSizeUnits > 0 ? model.spreadUnits / tickSizeUnits : null;
  const ownAt = (r: LadderRow) => (r.priceUnits === null ? undefined : own?.get(r.priceUnits));
  return (
    <table className={'ladder' + (className ? ` ${className}` : '')} data-testid="ladder" data-best-bid={model.bestBid ?? ''} data-best-ask={model.bestAsk ?? ''}>
      <colgroup>
        <col className="c-size" />
        <col className="c-price" />
        <col className="c-size" />
        <col className="c-own" />
      </colgroup>
      <thead>
        <tr>
          <th className="lad-h-bid" title="Bid size (bar scaled to the largest visible size)">Bid size</th>
          <th className="lad-h-price">Price</th>
          <th className="lad-h-ask" title="Ask size (bar scaled to the largest visible size)">Ask size</th>
          <th className="lad-h-own" title={ownHeaderTitle ?? 'Own orders at this price and their queue position (#3, 1,200 ahead); none yet'}>
            Own
          </th>
        </tr>
      </thead>
      <tbody className="lad-asks">
        {asks.map((r, i) => (
          <Row key={`a${i}`} row={r} scale={scale} own={ownAt(r)} />
        ))}
      </tbody>
      <tbody className="lad-spread-body">
        <tr className="lad-spread">
          <td colSpan={4}>
            {model.spreadUnits !== null ? (
              <span className="num">
                spread {formatPrice(model.spreadUnits, scale.priceDecimals, scale.displayDecimals)}
                {spreadTicks !== null && ` · ${Number.isInteger(spreadTicks) ? spreadTicks : spreadTicks.toFixed(1)} tick${spreadTicks === 1 ? '' : 's'}`}
                {mid !== null && mid > 0 && ` · ${formatBps((model.spreadUnits / mid) * 1e4)}`}
              </span>
            ) : (
              <span className="muted">{model.bestBid !== null || model.bestAsk !== null ? 'one-sided book' : emptyText}</span>
            )}
          </td>
        </tr>
      </tbody>
      <tbody className="lad-bids">
        {bids.map((r, i) => (
          <Row key={`b${i}`} row={r} scale={scale} own={ownAt(r)} />
        ))}
      </tbody>
    </table>
  );
}

/** The Market screen's depth ladder: the latest replayed book at 10 levels per side (fewer on short windows), levels beyond the data's depth marked as rebuilt. */
export function DepthLadder({ market, app }: { market: MarketStore; app: Store<AppState> }) {
  const book = useStore(market.view, (v) => v.book);
  const session: OpenSession | null = useStore(app, (s) => s.session);
  const scale = useMarketScale(session, book);
  const known = session?.depthLevels ?? 0;
  const DEPTH = useLadderDepth();
  const model = buildLadder(book, DEPTH, known);

  return (
    <section className="panel ladder-panel" aria-label="Depth ladder">
      <header className="panel-head">
        <h2>Depth</h2>
        <span className="panel-sub" data-testid="ladder-caption" title={known > 0 && known < DEPTH ? `The data reports only the top ${known} level${known === 1 ? '' : 's'} per side; deeper rows (hatched) are orders rebuilt from earlier events and may be stale` : undefined}>
          {session ? depthCaption(session.instrument.symbol, DEPTH, known) : 'no data'}
        </span>
      </header>
      <LadderTable model={model} scale={scale} tickSizeUnits={session?.instrument.tickSizeUnits ?? 0} emptyText={book ? 'one-sided book' : 'load data to see the book'} />
    </section>
  );
}
