import { useEffect, useMemo, useRef } from 'react';
import type { Controller } from '../shell/controller.js';
import { useStore } from '../store/store.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { runTimeBase } from '../whatif/chart-model.js';
import { ChildOrdersGrid } from '../whatif/child-blotter.js';
import { PriceChart } from '../whatif/result-chart.js';
import { runScale } from '../whatif/summary-model.js';
import { AgentWhy } from './agent-why.js';
import { detailBlotterRows, detailCaption, detailChartData, detailModelLine } from './tca-detail-model.js';

/** The settings key of the drill-down's child-order grid's column state. */
export const DETAIL_GRID_ID = 'tca.childOrders';

/**
 * The drill-down of one parent order of the backtest: the What-if price chart (mid with vs
 * without our orders, our fills as triangles, Start/End) and the What-if child-order blotter,
 * from the engine's deterministic re-run. Escape or ✕ closes; errors in the engine's words.
 */
export function TcaDetailPanel({ controller }: { controller: Controller }) {
  const t = controller.tca;
  const detail = useStore(t.store, (s) => s.detail);
  const theme = useStore(controller.app, (s) => s.theme);
  const ref = useRef<HTMLElement>(null);
  const d = detail?.result ?? null;
  const data = useMemo(() => (d ? detailChartData(d) : null), [d]);
  const rows = useMemo(() => (d ? detailBlotterRows(d) : []), [d]);
  const scale = useMemo(() => (d ? runScale({ instrument: d.instrument, snapshots: [] }) : null), [d]);
  const base = useMemo(() => (d ? runTimeBase(d) : null), [d]);
  const open = detail !== null;

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) {
        e.preventDefault();
        t.closeDetail();
      }
    };
    window.addEventListener('keydown', onKey);
    ref.current?.focus({ preventScroll: true });
    return () => window.removeEventListener('keydown', onKey);
  }, [open, t]);

  if (!detail) return null;
  const fills = d?.fills.length ?? 0;
  const model = d ? detailModelLine(d) : null;
  const title = `${detail.args.strategy} · ${detail.args.pathId}`;
  return (
    <section ref={ref} className="panel tca-detail" aria-label="Parent order detail" data-testid="tca-detail" data-row={detail.rowId} data-loading={detail.loading ? 'true' : 'false'} tabIndex={-1}>
      <header className="panel-head">
        <h2>Parent order</h2>
        <span className="panel-sub tca-detail-caption" data-testid="tca-detail-caption">
          {d ? detailCaption(d) : detail.loading ? `Re-running ${title}…` : title}
        </span>
        <button type="button" className="btn btn-xs btn-ghost tca-detail-close" aria-label="Close detail" title="Close (Esc)" onClick={() => t.closeDetail()} data-testid="tca-detail-close">
          ✕ <kbd>Esc</kbd>
        </button>
      </header>
      {detail.error && (
        <div className="tca-detail-error">
          <ErrorNotice error={detail.error} onDismiss={() => t.closeDetail()} />
        </div>
      )}
      <div className="tca-detail-body">
        <div className="chart-wrap tca-detail-chart">
          <PriceChart data={data} scale={scale} symbol={d?.instrument.symbol ?? ''} clock={d?.clock ?? 'exchange-local'} theme={theme} runKey={d ? `${d.runId}|${detail.rowId}` : ''} testId="tca-detail-chart" />
          {!d && <div className="chart-empty muted">{detail.loading ? 'Re-running the parent order on its seeded path…' : 'No detail'}</div>}
        </div>
        <div className="tca-detail-blotter">
          <div className="tca-detail-sub muted">
            Child orders{d ? ` · ${rows.length} order${rows.length === 1 ? '' : 's'} · ${fills} fill${fills === 1 ? '' : 's'}` : ''}
          </div>
          {model && (
            <div className="tca-detail-model muted mono" data-testid="tca-detail-model" title={model.title}>
              {model.text}
            </div>
          )}
          <ChildOrdersGrid
            controller={controller}
            gridId={DETAIL_GRID_ID}
            rows={rows}
            scale={scale}
            base={base}
            overlay={detail.loading ? 'Loading…' : 'The parent order placed no child orders'}
            testId="tca-detail-blotter"
          />
          {d?.explanations && <AgentWhy explanations={d.explanations} startNs={d.startNs} priceScale={10 ** d.instrument.priceDecimals} testId="tca-detail-why" />}
        </div>
      </div>
    </section>
  );
}
