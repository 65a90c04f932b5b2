import { useMemo } from 'react';
import { AgGridReact } from 'ag-grid-react';
import { type ColDef, type ICellRendererParams, type ValueFormatterParams } from 'ag-grid-community';
import { formatPrice, formatSize } from '../format/numbers.js';
import { formatSessionTime, pathClockName, type TimeBase } from '../format/time.js';
import { ClockTag } from '../ui/clock-tag.js';
import type { Controller } from '../shell/controller.js';
import { useStore } from '../store/store.js';
import { emptyState, GRID_MODULES } from '../ui/grid-setup.js';
import { GRID_THEME } from '../ui/grid-theme.js';
import { usePersistedGrid } from '../ui/use-persisted-grid.js';
import { blotterRows, type BlotterRow } from './blotter-model.js';
import { runTimeBase } from './chart-model.js';
import type { RunScale } from './summary-model.js';

/** The settings key of this grid's column state. */
export const BLOTTER_GRID_ID = 'whatif.childOrders';



/** What the formatters need, passed as the grid's context (the column defs never change). */
interface GridContext {
  readonly scale: RunScale;
  readonly base: TimeBase | null;
}

type Fmt = ValueFormatterParams<BlotterRow, number | null>;
const ctx = (p: { context: GridContext }) => p.context;
const sizeFmt = (p: Fmt) => formatSize(p.value, ctx(p).scale.sizeDecimals);

function SideCell({ data }: ICellRendererParams<BlotterRow>) {
  if (!data) return null;
  return <span className={`side-tag side-${data.side > 0 ? 'buy' : 'sell'}`}>{data.side > 0 ? 'B Buy' : 'S Sell'}</span>;
}

function StatusCell({ data }: ICellRendererParams<BlotterRow>) {
  if (!data) return null;
  return (
    <span className="status-cell" title={data.reason ? `${data.status}: ${data.reason}` : data.status}>
      <span className={`status-chip tone-${data.tone}`} data-status={data.status}>
        {data.status}
      </span>
      {data.reason && <span className="status-reason">{data.reason}</span>}
    </span>
  );
}

const NUM = { type: 'rightAligned', cellClass: 'num', filter: 'agNumberColumnFilter' } as const;

/** Blotter columns in UI.md's order: time, id, side, symbol, quantity, filled, leaves, limit, average price, status, venue, strategy. */
const COLUMNS: ColDef<BlotterRow>[] = [
  { colId: 'time', field: 'timeNs', headerName: 'Time', width: 108, cellClass: 'mono', valueFormatter: (p: Fmt) => formatSessionTime(p.value, ctx(p).base), filter: false },
  { colId: 'id', field: 'id', headerName: 'Id', width: 110, cellClass: 'mono', filter: 'agTextColumnFilter' },
  { colId: 'side', field: 'side', headerName: 'Side', width: 60, cellRenderer: SideCell, filter: false },
  { colId: 'symbol', field: 'symbol', headerName: 'Symbol', width: 66, filter: 'agTextColumnFilter' },
  { colId: 'quantity', field: 'quantity', headerName: 'Quantity', width: 82, valueFormatter: sizeFmt, ...NUM },
  { colId: 'filled', field: 'filled', headerName: 'Filled', width: 74, valueFormatter: sizeFmt, ...NUM },
  { colId: 'leaves', field: 'leaves', headerName: 'Leaves', width: 74, valueFormatter: sizeFmt, ...NUM },
  {
    colId: 'limit',
    field: 'limitUnits',
    headerName: 'Limit',
    width: 78,
    valueFormatter: (p: Fmt) => (p.value === null ? 'MKT' : formatPrice(p.value, ctx(p).scale.priceDecimals, ctx(p).scale.displayDecimals)),
    ...NUM,
  },
  {
    colId: 'avgPrice',
    field: 'avgPriceUnits',
    headerName: 'Avg price',
    width: 88,
    valueFormatter: (p: Fmt) => {
      const s = ctx(p).scale;
      return formatPrice(p.value, s.priceDecimals, Math.min(s.priceDecimals, s.displayDecimals + 2));
    },
    ...NUM,
  },
  { colId: 'status', field: 'status', headerName: 'Status', flex: 1, minWidth: 130, cellRenderer: StatusCell, filter: 'agTextColumnFilter' },
  { colId: 'venue', field: 'venue', headerName: 'Venue', width: 62, filter: 'agTextColumnFilter' },
  { colId: 'strategy', field: 'strategy', headerName: 'Strategy', width: 72, filter: 'agTextColumnFilter' },
];

const DEFAULT_COL: ColDef<BlotterRow> = { resizable: true, sortable: true, enableCellChangeFlash: true, suppressHeaderMenuButton: false };

/**
 * Child orders in AG Grid (the What-if blotter and the TCA drill-down share it): keyed by client
 * order id and updated by transaction (changed cells flash), status as a coloured word chip (a
 * Denied or Rejected row shows the reason), and column order, widths, sort and filters persisted
 * in settings under `gridId`.
 */
export function ChildOrdersGrid({
  controller, gridId, rows, scale, base, overlay, testId,
}: {
  controller: Controller;
  gridId: string;
  rows: readonly BlotterRow[];
  scale: RunScale | null;
  base: TimeBase | null;
  overlay: string;
  testId: string;
}) {
  const context = useMemo<GridContext>(() => ({ scale: scale ?? { priceDecimals: 2, sizeDecimals: 0, displayDecimals: 2 }, base }), [scale, base]);
  const gridEvents = usePersistedGrid(controller, gridId, rows);

  return (
    <div className="wi-grid" data-keys-own="" data-testid={testId} data-rows={rows.length}>
      <AgGridReact<BlotterRow>
        modules={GRID_MODULES}
        theme={GRID_THEME}
        loadThemeGoogleFonts={false}
        columnDefs={COLUMNS}
        defaultColDef={DEFAULT_COL}
        context={context}
        getRowId={(p) => p.data.id}
        {...gridEvents}
        {...emptyState(overlay)}
        suppressCellFocus={false}
        animateRows={false}
      />
    </div>
  );
}

/** The What-if run's child orders (see `ChildOrdersGrid`). */
export function ChildBlotter({ controller, scale }: { controller: Controller; scale: RunScale | null }) {
  const run = useStore(controller.whatif.store, (s) => s.run);
  const rows = useMemo(() => (run ? blotterRows(run.result.orders, run.result.instrument, run.strategy) : []), [run]);
  const base = useMemo(() => (run ? runTimeBase(run.result) : null), [run]);
  const fills = run?.result.fills.length ?? 0;
  return (
    <section className="panel wi-blotter" aria-label="Child orders">
      <header className="panel-head">
        <h2>Child orders</h2>
        <span className="panel-sub">{run ? `${rows.length} order${rows.length === 1 ? '' : 's'} · ${fills} fill${fills === 1 ? '' : 's'} · ${run.strategy} · ${run.sourceLabel}` : 'no run yet'}</span>
        {run && <ClockTag clocks={[pathClockName(run.result, run.args.source.kind === 'scenario')]} testId="whatif-clock" />}
      </header>
      <ChildOrdersGrid
        controller={controller}
        gridId={BLOTTER_GRID_ID}
        rows={rows}
        scale={scale}
        base={base}
        overlay={run ? 'The run placed no child orders' : 'No run yet: the child orders of your parent (time, side, price, size, status) appear here after Run (Enter)'}
        testId="whatif-blotter"
      />
    </section>
  );
}
