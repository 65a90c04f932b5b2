import { useEffect, useMemo, useRef } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type { ColDef, GridApi, ICellRendererParams, ValueFormatterParams } from 'ag-grid-community';
import { formatBps, formatPrice, formatSize } from '../format/numbers.js';
import { formatSessionTime } from '../format/time.js';
import { ClockTag } from '../ui/clock-tag.js';
import type { Controller } from '../shell/controller.js';
import type { AreaError } from '../store/app-state.js';
import { useStore } from '../store/store.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { emptyState, GRID_MODULES } from '../ui/grid-setup.js';
import { GRID_THEME } from '../ui/grid-theme.js';
import { usePersistedGrid } from '../ui/use-persisted-grid.js';
import { PARENT_IS_TIP, parentRows, type ParentRow } from './parent-model.js';

/** The settings key of this grid's column state. */
export const PARENT_GRID_ID = 'ticket.parentOrders';


type Fmt = ValueFormatterParams<ParentRow, number | null>;
const px = (p: Fmt) => formatPrice(p.value, p.data?.priceDecimals ?? 2);
const NUM = { type: 'rightAligned', cellClass: 'num', filter: 'agNumberColumnFilter' } as const;

function SideCell({ data }: ICellRendererParams<ParentRow>) {
  if (!data) return null;
  return <span className={`side-tag side-${data.side > 0 ? 'buy' : 'sell'}`}>{data.side > 0 ? 'B Buy' : 'S Sell'}</span>;
}

function StatusCell({ data }: ICellRendererParams<ParentRow>) {
  if (!data) return null;
  return (
    <span className="status-cell" title={data.reason ? `${data.status}: ${data.reason}` : data.status}>
      <span className={`status-chip tone-${data.tone}`} data-status={data.status}>
        {data.status}
      </span>
      {data.partial && (
        <span className="status-reason num" data-testid="ot-fill-pct" title={`${formatSize(data.filled)} of ${formatSize(data.quantity)} filled; ${formatSize(data.quantity - data.filled)} left unfilled`}>
          {data.fillPct.toFixed(1)} %
        </span>
      )}
      {data.reason && <span className="status-reason">{data.reason}</span>}
    </span>
  );
}


/** UI.md's blotter order, then arrival and IS (bps, + = cost). */
const COLUMNS: ColDef<ParentRow>[] = [
  {
    colId: 'time', field: 'startNs', headerName: 'Time', width: 96, cellClass: 'mono', filter: false,
    valueFormatter: (p: Fmt) => (p.data ? formatSessionTime(p.value ?? null, p.data.base) : '—'),
    tooltipValueGetter: (p) => (p.data ? `Order start on the path's ${p.data.clock} clock, like its child orders` : ''),
    headerTooltip: "The order's start on its path's clock (the clock named in the panel header), the same clock as its child orders",
  },
  { colId: 'id', field: 'id', headerName: 'Id', width: 90, cellClass: 'mono', filter: 'agTextColumnFilter' },
  { colId: 'side', field: 'side', headerName: 'Side', width: 56, cellRenderer: SideCell, filter: false },
  { colId: 'symbol', field: 'symbol', headerName: 'Symbol', width: 66, filter: 'agTextColumnFilter' },
  { colId: 'quantity', field: 'quantity', headerName: 'Quantity', width: 72, valueFormatter: (p: Fmt) => formatSize(p.value), ...NUM },
  { colId: 'filled', field: 'filled', headerName: 'Filled', width: 70, valueFormatter: (p: Fmt) => formatSize(p.value), ...NUM },
  { colId: 'leaves', field: 'leaves', headerName: 'Leaves', width: 68, valueFormatter: (p: Fmt) => formatSize(p.value), ...NUM },
  { colId: 'limit', field: 'limitUnits', headerName: 'Limit', width: 62, valueFormatter: (p: Fmt) => (p.value === null ? 'MKT' : px(p)), ...NUM },
  { colId: 'avgPrice', field: 'avgPriceUnits', headerName: 'Avg price', width: 80, valueFormatter: (p: Fmt) => formatPrice(p.value, p.data?.priceDecimals ?? 2, (p.data?.priceDecimals ?? 2) + 2), ...NUM },
  // Wide enough for "Partially filled" and its fill % (UI.md's status words) at 1280 px.
  { colId: 'status', field: 'status', headerName: 'Status', flex: 1, minWidth: 156, cellRenderer: StatusCell, filter: 'agTextColumnFilter' },
  { colId: 'venue', field: 'venue', headerName: 'Venue', width: 64, filter: 'agTextColumnFilter' },
  { colId: 'strategy', field: 'strategy', headerName: 'Strategy', width: 96, filter: 'agTextColumnFilter', tooltipField: 'strategy' },
  { colId: 'arrival', field: 'arrivalPriceUnits', headerName: 'Arrival', width: 72, valueFormatter: px, ...NUM, headerTooltip: 'Mid at the start' },
  { colId: 'is', field: 'isBps', headerName: 'IS bp', width: 72, valueFormatter: (p: Fmt) => formatBps(p.value, true), ...NUM, headerTooltip: PARENT_IS_TIP,
    tooltipValueGetter: (p) => (p.data?.partial ? `Filled part only (${p.data.fillPct.toFixed(1)} % filled): the unfilled rest is not in this number` : undefined),
  },
];

const DEFAULT_COL: ColDef<ParentRow> = { resizable: true, sortable: true, enableCellChangeFlash: true };

/**
 * Parent orders (stored in the engine's orders.duckdb): keyed by parent id and updated by
 * transaction (changed cells flash), column state persisted in settings; clicking a row shows
 * its child orders below.
 */
export function ParentBlotter({ controller, error }: { controller: Controller; error: AreaError | null }) {
  const t = controller.ticket;
  const parents = useStore(t.store, (s) => s.parents);
  const selected = useStore(t.store, (s) => s.selected);
  const rows = useMemo(() => parentRows(parents), [parents]);
  const working = selected !== null && parents.some((p) => p.parentId === selected && p.status === 'working');
  const apiRef = useRef<GridApi<ParentRow> | null>(null);
  const gridEvents = usePersistedGrid(controller, PARENT_GRID_ID, rows, apiRef);

  useEffect(() => {
    const api = apiRef.current;
    if (!api || !selected) return;
    const node = api.getRowNode(selected);
    if (node && !node.isSelected()) node.setSelected(true, true);
  }, [selected, rows]);

  return (
    <section className="panel ot-parents" aria-label="Parent orders">
      <header className="panel-head">
        <h2>Parent orders</h2>
        <span className="panel-sub">{`${rows.length} parent${rows.length === 1 ? '' : 's'} · stored in the engine's orders.duckdb`}</span>
        <span className="ot-parent-actions" role="group" aria-label="Working parent">
          <button type="button" className="btn btn-xs" disabled={!working} onClick={() => selected && t.startAmend(selected)} data-testid="ot-amend" title={working ? `Amend ${selected}: quantity, limit, horizon, max participation (in the ticket)` : 'Select a working parent to amend it'}>
            Amend
          </button>
          <button type="button" className="btn btn-xs" disabled={!working} onClick={() => selected && void t.cancelParent(selected)} data-testid="ot-cancel-parent" title={working ? `Cancel ${selected} and its working child orders (asks to confirm)` : 'Select a working parent to cancel it'}>
            Cancel parent…
          </button>
        </span>
        <ClockTag clocks={[...new Set(rows.map((r) => r.clock))]} testId="ot-parents-clock" />
      </header>
      {error && <ErrorNotice error={error} onDismiss={() => t.dismissErrors()} />}
      <div className="wi-grid" data-keys-own="" data-testid="ticket-parents" data-rows={rows.length}>
        <AgGridReact<ParentRow>
          modules={GRID_MODULES}
          theme={GRID_THEME}
          loadThemeGoogleFonts={false}
          columnDefs={COLUMNS}
          defaultColDef={DEFAULT_COL}
          getRowId={(p) => p.data.id}
          rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
          {...gridEvents}
          onSelectionChanged={(e) => {
            const id = e.api.getSelectedRows()[0]?.id;
            if (id && id !== t.store.getState().selected) t.select(id);
          }}
          {...emptyState('No parent orders yet: your parent orders and their status appear here once you submit the ticket (Enter)')}
          animateRows={false}
        />
      </div>
    </section>
  );
}
