import { formatBps, formatSize } from '../format/numbers.js';
import { useStore } from '../store/store.js';
import { COST_SIGN_NOTE, shortHash } from './summary-model.js';
import type { WhatIfController } from './whatif-controller.js';

/**
 * This session's runs, newest first: seed, order, filled, shortfall and the event-log hash, so
 * identical runs show identical hashes side by side. A click shows that run again.
 */
export function RunHistory({ whatif }: { whatif: WhatIfController }) {
  const history = useStore(whatif.store, (s) => s.history);
  const current = useStore(whatif.store, (s) => s.run);
  return (
    <div className="wi-history" data-testid="wi-history">
      <div className="wi-section">Runs</div>
      {history.length === 0 ? (
        <div className="muted wi-history-empty">Runs of this session appear here; each stays reachable.</div>
      ) : (
        <table className="wi-history-table">
          <thead>
            <tr>
              <th>#</th>
              <th>Seed</th>
              <th>Order</th>
              <th className="r" title="Filled / quantity">
                Filled
              </th>
              <th className="r" title={`Implementation shortfall. ${COST_SIGN_NOTE}`}>
                IS
              </th>
              <th title="Event-log hash">Hash</th>
            </tr>
          </thead>
          <tbody>
            {history.map((r) => {
              const o = r.args.order;
              const sel = r === current;
              return (
                <tr
                  key={r.runNo}
                  className={sel ? 'on' : undefined}
                  aria-selected={sel}
                  tabIndex={0}
                  title={`Run ${r.runNo}: ${r.sourceLabel}, seed ${r.args.seed}, hash ${r.result.summary.eventLogHash}`}
                  data-hash={r.result.summary.eventLogHash}
                  onClick={() => whatif.selectRun(r.runNo)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' || e.key === ' ') {
                      e.preventDefault();
                      e.stopPropagation();
                      whatif.selectRun(r.runNo);
                    }
                  }}
                >
                  <td className="num">{r.runNo}</td>
                  <td className="num">{r.args.seed}</td>
                  <td>
                    <span className={o.side === 'buy' ? 'side-buy-text' : 'side-sell-text'}>{o.side === 'buy' ? 'B' : 'S'}</span> {formatSize(o.quantity, r.result.instrument.sizeDecimals)} {r.strategy}
                  </td>
                  <td className="num">{formatSize(r.result.summary.filled, r.result.instrument.sizeDecimals)}</td>
                  <td className="num">{formatBps(r.result.summary.shortfallBps, true).replace(' bp', '')}</td>
                  <td className="num mono-hash">{shortHash(r.result.summary.eventLogHash).slice(0, 8)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
