import { useMemo } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type { ColDef, ICellRendererParams, ValueFormatterParams } from 'ag-grid-community';
import { formatPrice, formatSize } from '../format/numbers.js';
import { formatSessionTime } from '../format/time.js';
import type { Controller } from '../shell/controller.js';
import { emptyState, GRID_MODULES } from '../ui/grid-setup.js';
import { GRID_THEME } from '../ui/grid-theme.js';
import { usePersistedGrid } from '../ui/use-persisted-grid.js';
import { childRows, fillRows, type ChildRow, type FillRow, type Supervised } from './agents-model.js';

const NUM = { type: 'rightAligned', cellClass: 'num' } as const;
const STATUS_WORD: Readonly<Record<string, [string, string]>> = {
  New: ['New', 'working'], PartiallyFilled: ['Partially filled', 'partial'], Filled: ['Filled', 'done'], Cancelled: ['Cancelled', 'inactive'],
  Rejected: ['Rejected', 'bad'], Denied: ['Denied', 'bad'], Expired: ['Expired', 'inactive'], PendingNew: ['Pending', 'working'],
};

function SideCell({ data }: ICellRendererParams<{ side: number }>) {
  if (!data) return null;
  return <span className={`side-tag side-${data.side > 0 ? 'buy' : 'sell'}`}>{data.side > 0 ? 'B Buy' : 'S Sell'}</span>;
}
function StatusCell({ data }: ICellRendererParams<ChildRow>) {
  if (!data) return null;
  const [word, tone] = STATUS_WORD[data.status] ?? [data.status, 'inactive'];
  return (
    <span className="status-cell" title={data.reason ?? word}>
      <span className={`status-chip tone-${tone}`} data-status={data.status}>{word}</span>
      {data.reason && <span className="status-reason">{data.reason}</span>}
    </span>
  );
}

/** Prices and sizes of one parent's instrument, for the formatters. */
interface Scale { readonly pd: number; readonly sd: number }

function childColumns(s: Scale): ColDef<ChildRow>[] {
  const px = (p: ValueFormatterParams<ChildRow, number | null>) => formatPrice(p.value, s.pd);
  const sz = (p: ValueFormatterParams<ChildRow, number>) => formatSize(p.value, s.sd);
  return [
    { colId: 'time', field: 'createdNs', headerName: 'Time', width: 100, cellClass: 'mono', valueFormatter: (p) => formatSessionTime(p.value, null), headerTooltip: "Time on the path's clock (from the path's start)" },
    { colId: 'id', field: 'id', headerName: 'Id', width: 96, cellClass: 'mono' },
    { colId: 'side', field: 'side', headerName: 'Side', width: 60, cellRenderer: SideCell },
    { colId: 'type', field: 'type', headerName: 'Type', width: 96 },
    { colId: 'quantity', field: 'size', headerName: 'Qty', width: 70, valueFormatter: sz, ...NUM },
    { colId: 'filled', field: 'filled', headerName: 'Filled', width: 70, valueFormatter: sz, ...NUM },
    { colId: 'leaves', field: 'leaves', headerName: 'Leaves', width: 70, valueFormatter: sz, ...NUM },
    { colId: 'limit', field: 'priceUnits', headerName: 'Limit', width: 76, valueFormatter: (p) => (p.value === null ? 'MKT' : px(p)), ...NUM },
    { colId: 'avgPrice', field: 'avgPriceUnits', headerName: 'Avg price', width: 84, valueFormatter: px, ...NUM },
    { colId: 'status', field: 'status', headerName: 'Status', flex: 1, minWidth: 120, cellRenderer: StatusCell },
  ];
}

function fillColumns(s: Scale): ColDef<FillRow>[] {
  return [
    { colId: 'time', field: 'tsNs', headerName: 'Time', width: 100, cellClass: 'mono', valueFormatter: (p) => formatSessionTime(p.value, null) },
    { colId: 'order', field: 'orderId', headerName: 'Order', width: 96, cellClass: 'mono' },
    { colId: 'side', field: 'side', headerName: 'Side', width: 60, cellRenderer: SideCell },
    { colId: 'price', field: 'priceUnits', headerName: 'Price', width: 80, valueFormatter: (p: ValueFormatterParams<FillRow, number>) => formatPrice(p.value, s.pd), ...NUM },
    { colId: 'size', field: 'size', headerName: 'Size', width: 70, valueFormatter: (p: ValueFormatterParams<FillRow, number>) => formatSize(p.value, s.sd), ...NUM },
    { colId: 'liq', field: 'aggressor', headerName: 'Liquidity', flex: 1, minWidth: 80, valueFormatter: (p) => (p.value ? 'took' : 'made') },
  ];
}

const DEFAULT_COL = { resizable: true, sortable: true, enableCellChangeFlash: true } as const;

/** The selected parent's child orders: keyed by order id, updated by transaction, column state persisted. */
export function ChildGrid({ controller, parent }: { controller: Controller; parent: Supervised | null }) {
  const rows = useMemo(() => childRows(parent), [parent]);
  const cols = useMemo(() => childColumns({ pd: parent?.priceDecimals ?? 2, sd: parent?.sizeDecimals ?? 0 }), [parent?.priceDecimals, parent?.sizeDecimals]);
  const events = usePersistedGrid(controller, 'agents.children', rows);
  return (
    <div className="wi-grid" data-testid="ag-children" data-rows={rows.length}>
      <AgGridReact<ChildRow> modules={GRID_MODULES} theme={GRID_THEME} loadThemeGoogleFonts={false} columnDefs={cols} defaultColDef={DEFAULT_COL}
        getRowId={(p) => p.data.id} {...events} {...emptyState('No child orders yet: they appear here as the selected parent sends them')} animateRows={false} />
    </div>
  );
}

/** The selected parent's fills, keyed by order and index, updated by transaction. */
export function FillGrid({ controller, parent }: { controller: Controller; parent: Supervised | null }) {
  const rows = useMemo(() => fillRows(parent), [parent]);
  const cols = useMemo(() => fillColumns({ pd: parent?.priceDecimals ?? 2, sd: parent?.sizeDecimals ?? 0 }), [parent?.priceDecimals, parent?.sizeDecimals]);
  const events = usePersistedGrid(controller, 'agents.fills', rows);
  return (
    <div className="wi-grid" data-testid="ag-fills" data-rows={rows.length}>
      <AgGridReact<FillRow> modules={GRID_MODULES} theme={GRID_THEME} loadThemeGoogleFonts={false} columnDefs={cols} defaultColDef={DEFAULT_COL}
        getRowId={(p) => p.data.id} {...events} {...emptyState('No fills yet: fills of the selected parent appear here')} animateRows={false} />
    </div>
  );
}
