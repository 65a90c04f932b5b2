import { formatPrice, formatSize } from '../format/numbers.js';
import { formatSessionTime, pathClockName } from '../format/time.js';
import { ClockTag } from '../ui/clock-tag.js';
import type { AppState } from '../store/app-state.js';
import type { MarketStore } from '../store/market-store.js';
import { useStore, type Store } from '../store/store.js';
import { lastTrades } from './trade-tape-model.js';
import { useMarketScale } from './use-market-format.js';

const ROWS = 60;

/** Time and sales: the newest prints first, side as B/S plus colour, tick direction as ▲/▼. */
export function TradeTape({ market, app }: { market: MarketStore; app: Store<AppState> }) {
  useStore(market.view, (v) => v.version);
  const session = useStore(app, (s) => s.session);
  const scale = useMarketScale(session, null);
  const base = session ? { baseEpochNs: session.baseEpochNs, clock: session.clock } : null;
  const rows = lastTrades(market.columns, ROWS);

  return (
    <section className="panel tape-panel" aria-label="Time and sales">
      <header className="panel-head">
        <h2>Time &amp; sales</h2>
        <span className="panel-sub" title="B buyer-initiated · S seller-initiated">newest first</span>
        {base && <ClockTag clocks={[pathClockName(base, false)]} testId="tape-clock" />}
      </header>
      <div className="tape-scroll">
        <table className="tape" data-testid="trade-tape">
          <thead>
            <tr>
              <th className="t-time">Time</th>
              <th className="t-side" title="Aggressor side">Side</th>
              <th className="t-price">Price</th>
              <th className="t-size">Size</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const side = r.side > 0 ? 'buy' : r.side < 0 ? 'sell' : 'unknown';
              return (
                <tr key={r.index} className={`tape-row tape-${side}`}>
                  <td className="num t-time">{formatSessionTime(r.tsNs, base)}</td>
                  <td className="t-side">{r.side > 0 ? 'B' : r.side < 0 ? 'S' : '–'}</td>
                  <td className="num t-price">
                    {formatPrice(r.priceUnits, scale.priceDecimals, scale.displayDecimals)}
                    <span className="tick" aria-label={r.tick > 0 ? 'up tick' : r.tick < 0 ? 'down tick' : undefined}>
                      {r.tick > 0 ? '▲' : r.tick < 0 ? '▼' : ''}
                    </span>
                  </td>
                  <td className="num t-size">{formatSize(r.size, scale.sizeDecimals)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {rows.length === 0 && <div className="tape-empty muted">no trades yet</div>}
      </div>
    </section>
  );
}
