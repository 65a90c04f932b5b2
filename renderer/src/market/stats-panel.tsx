import { formatBps, formatCount, formatPrice, formatRate, formatSigned, formatSize } from '../format/numbers.js';
import { formatSessionDate, formatSessionTime } from '../format/time.js';
import type { AppState } from '../store/app-state.js';
import type { MarketStore } from '../store/market-store.js';
import { useStore, type Store } from '../store/store.js';
import { useMarketScale } from './use-market-format.js';

function Stat({ label, value, title, testId }: { label: string; value: string; title?: string; testId?: string }) {
  return (
    <div className="stat" title={title}>
      <dt>{label}</dt>
      <dd className="num" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

/** Live statistics from the latest frame: rates, spread, mid, microprice, imbalance, trades, volume, position and clock. */
export function StatsPanel({ market, app }: { market: MarketStore; app: Store<AppState> }) {
  const book = useStore(market.view, (v) => v.book);
  const session = useStore(app, (s) => s.session);
  const replay = useStore(app, (s) => s.replay);
  const scale = useMarketScale(session, book);
  const st = book?.stats;
  const px = (u: number | null | undefined, extra = 0) => formatPrice(u ?? null, scale.priceDecimals, Math.min(scale.priceDecimals, scale.displayDecimals + extra));
  const spreadBps = st && st.spreadUnits !== null && st.midUnits ? (st.spreadUnits / st.midUnits) * 1e4 : null;
  const base = session ? { baseEpochNs: session.baseEpochNs, clock: session.clock } : null;
  const total = replay?.totalEvents ?? session?.events ?? 0;
  const index = book?.eventIndex ?? replay?.eventIndex ?? 0;
  const touch = (l: readonly [number, number, number] | undefined) => (l ? `${px(l[0])} × ${formatSize(l[1], scale.sizeDecimals)}` : '—');
  const tz = session?.clock === 'utc' ? 'UTC' : 'exchange-local';

  return (
    <section className="panel stats-panel" aria-label="Market statistics">
      <header className="panel-head">
        <h2>Statistics</h2>
        <span className="panel-sub">{session && base ? `${formatSessionDate(book?.tsNs ?? session.firstTsNs, base)} · ${tz}` : ''}</span>
      </header>
      <dl className="stats-grid">
        <Stat label="Clock" value={formatSessionTime(book?.tsNs ?? null, base)} title={`Event time, ${tz}`} testId="stat-clock" />
        <Stat label="Events/s" value={formatRate(st?.eventsPerSec, '')} title="Book events replayed per second of wall time" testId="stat-rate" />
        <Stat label="Event" value={`${formatCount(index)} / ${formatCount(total)}`} title="Events applied / events in the session" testId="stat-event" />
        <Stat label="Spread" value={st ? `${px(st.spreadUnits)} · ${formatBps(spreadBps)}` : '—'} title="Best ask − best bid, in price and in basis points of mid" testId="stat-spread" />
        <Stat label="Best bid" value={touch(book?.bids[0])} title="Best bid price × size" testId="stat-bid" />
        <Stat label="Best ask" value={touch(book?.asks[0])} title="Best ask price × size" testId="stat-ask" />
        <Stat label="Mid" value={px(st?.midUnits, 1)} title="(best bid + best ask) / 2" testId="stat-mid" />
        <Stat label="Microprice" value={px(st?.microUnits, 2)} title="Size-weighted mid: (bid × ask size + ask × bid size) / (bid size + ask size)" testId="stat-micro" />
        <Stat label="Imbalance" value={formatSigned(st?.imbalance)} title="(bid size − ask size) / (bid size + ask size) at the touch; + means more bid" testId="stat-imbalance" />
        <Stat label="Last" value={px(book?.lastTradePriceUnits)} title="Last trade price" testId="stat-last" />
        <Stat label="Trades" value={formatCount(st?.trades)} title="Trades since the session start" testId="stat-trades" />
        <Stat label="Volume" value={formatSize(st?.volume, scale.sizeDecimals)} title="Traded quantity since the session start (shares)" testId="stat-volume" />
      </dl>
    </section>
  );
}
