import { useCallback, useMemo } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type { ColDef, ICellRendererParams, ValueFormatterParams } from 'ag-grid-community';
import type { BacktestResult } from '../../../main/contract/backtest.js';
import type { Controller } from '../shell/controller.js';
import { useStore } from '../store/store.js';
import { emptyState, GRID_MODULES } from '../ui/grid-setup.js';
import { GRID_THEME } from '../ui/grid-theme.js';
import { usePersistedGrid } from '../ui/use-persisted-grid.js';
import { agentModelTip, strategyLabel } from './tca-form.js';
import { detailArgs } from './tca-detail-model.js';
import { headlineRows, OPPORTUNITY_CONVENTION, outcomeRows, shortPathId, splitHeadlineCell, type HeadlineGridRow, type OutcomeRow } from './tca-model.js';



export const HEADLINE_GRID_ID = 'tca.headline';
export const OUTCOMES_GRID_ID = 'tca.outcomes';
const COST_TIP = 'Costs in basis points of the arrival notional; positive = cost to us.';

/**
 * A headline cell on two short lines so every strategy's column fits without truncation: the
 * value (with the paired test's p where there is one) over its 95 % interval.
 */
function HeadlineCell({ value }: { value: unknown }) {
  const { main, ci, p } = splitHeadlineCell(String(value ?? ''));
  return (
    <span className="tca-cell2">
      <span className="tca-cell-main">
        {main}
        {p && <span className="tca-cell-p"> {p}</span>}
      </span>
      {ci && <span className="tca-cell-ci">{ci}</span>}
    </span>
  );
}

/** The headline table: one row per metric, one column per strategy ("value [95% CI]"). */
export function HeadlineGrid({ controller, result }: { controller: Controller; result: BacktestResult | null }) {
  const rows = useMemo(() => (result ? headlineRows(result) : []), [result]);
  const columns = useMemo<ColDef<HeadlineGridRow>[]>(
    () => [
      { colId: 'metric', field: 'metric', headerName: 'Metric (bps)', headerTooltip: COST_TIP, width: 168, pinned: 'left', tooltipField: 'tooltip', cellClass: 'tca-metric' },
      ...(result?.table.columns ?? []).map(
        (c): ColDef<HeadlineGridRow> => ({
          colId: `s:${c}`,
          headerName: strategyLabel(c, result?.config.agents) + (c === result?.config.baseline ? ' (baseline)' : ''),
          // An agent column says which model ran: folder, version and weights SHA-256.
          headerTooltip: [`${strategyLabel(c, result?.config.agents)}: mean [95% CI], bps. ${COST_TIP}`, agentModelTip(c, result?.config.agents)].filter(Boolean).join('\n'),
          headerClass: agentModelTip(c, result?.config.agents) ? 'tca-agent-col' : undefined,
          valueGetter: (p) => p.data?.cells[c] ?? '',
          tooltipValueGetter: (p) => `${p.data?.cells[c] ?? ''} — ${p.data?.tooltip ?? ''}`,
          cellRenderer: HeadlineCell,
          flex: 1,
          minWidth: 96,
          type: 'rightAligned',
          cellClass: 'num tca-cell',
        }),
      ),
    ],
    [result],
  );
  const events = usePersistedGrid(controller, HEADLINE_GRID_ID, rows);
  return (
    <section className="panel tca-headline" aria-label="Headline table">
      <header className="panel-head">
        <h2 title={COST_TIP}>Headline</h2>
        <span className="panel-sub">mean [95% bootstrap CI] · bps · + = cost to us</span>
      </header>
      <div className="tca-grid" data-keys-own="" data-testid="tca-headline" data-rows={rows.length} data-columns={result?.table.columns.join(',') ?? ''}>
        <AgGridReact<HeadlineGridRow>
          modules={GRID_MODULES}
          theme={GRID_THEME}
          loadThemeGoogleFonts={false}
          columnDefs={columns}
          defaultColDef={{ resizable: true, sortable: false, enableCellChangeFlash: true }}
          getRowId={(p) => p.data.id}
          rowHeight={32}
          getRowHeight={(p) => (p.data?.id === 'Filled' ? 24 : 32)}
          domLayout="autoHeight"
          {...emptyState('No backtest yet: the headline table (IS, impact, timing risk per strategy) appears here after Run (Enter)')}
          tooltipShowDelay={300}
          animateRows={false}
          {...events}
        />
      </div>
    </section>
  );
}

type Fmt = ValueFormatterParams<OutcomeRow, number | null>;
const bps = (p: Fmt) => (p.value === null || p.value === undefined ? 'n/a' : p.value.toFixed(1));
const size = (p: Fmt) => (p.value === null || p.value === undefined ? '' : p.value.toLocaleString('en-US'));
const NUM = { type: 'rightAligned', cellClass: 'num', filter: 'agNumberColumnFilter' } as const;

/** Fill % (the unit is in the header) with a "Partial" chip ("Unfilled" when nothing filled) when part of the parent was left unfilled. */
function FillCell({ data }: ICellRendererParams<OutcomeRow>) {
  if (!data) return null;
  return (
    <span className="tca-chip-cell" data-partial={data.partial}>
      {data.partial && (
        <span className="status-chip tone-partial" data-testid="tca-partial" title={`${data.filled > 0 ? 'Partially filled' : 'Not filled'}: ${data.filled.toLocaleString('en-US')} of ${data.quantity.toLocaleString('en-US')}; ${OPPORTUNITY_CONVENTION}`}>
          {data.filled > 0 ? 'Partial' : 'Unfilled'}
        </span>
      )}
      {data.fillPct.toFixed(1)}
    </span>
  );
}

/** The path id, with a "copy" chip when the path repeats another (left out of the statistics). */
function PathCell({ data }: ICellRendererParams<OutcomeRow>) {
  if (!data) return null;
  return (
    <span className="tca-chip-cell" style={{ justifyContent: 'flex-start' }} title={data.pathId}>
      {shortPathId(data.pathId)}
      {data.copyOf && (
        <span className="status-chip tone-inactive" data-testid="tca-copy" title={`A copy of ${data.copyOf} (same market, same costs for every strategy): left out of the statistics`}>
          copy
        </span>
      )}
    </span>
  );
}

const OUTCOME_COLUMNS: ColDef<OutcomeRow>[] = [
  { colId: 'strategy', field: 'strategy', headerName: 'Strategy', width: 140, filter: 'agTextColumnFilter', tooltipField: 'strategy' },
  { colId: 'seed', field: 'seed', headerName: 'Seed', width: 60, ...NUM },
  { colId: 'path', field: 'pathId', headerName: 'Path', flex: 1, minWidth: 164, cellClass: 'mono', filter: 'agTextColumnFilter', cellRenderer: PathCell },
  {
    colId: 'start', field: 'startSec', headerName: 'Start (s)', width: 74, ...NUM, valueFormatter: (p: Fmt) => (p.value === null || p.value === undefined ? '' : p.value.toLocaleString('en-US')),
    headerTooltip: "The order's start, seconds after the path's first event: drawn by the seed on a real day (unless fixed), else the form's start",
  },
  { colId: 'is', field: 'isBps', headerName: 'IS (bps)', headerTooltip: `Implementation shortfall of the whole parent: ${OPPORTUNITY_CONVENTION}. ${COST_TIP}`, width: 80, valueFormatter: bps, ...NUM },
  { colId: 'impact', field: 'impactBps', headerName: 'Impact (bps)', headerTooltip: `Mid with our orders minus without, at the end. ${COST_TIP}`, width: 94, valueFormatter: bps, ...NUM },
  { colId: 'filled', field: 'filled', headerName: 'Filled', width: 80, valueFormatter: size, ...NUM },
  { colId: 'quantity', field: 'quantity', headerName: 'Quantity', width: 80, valueFormatter: size, ...NUM },
  {
    colId: 'fillPct', field: 'fillPct', headerName: 'Fill %', width: 128, cellRenderer: FillCell, ...NUM,
    headerTooltip: `Share of the parent filled; "Partial" when some was left unfilled: ${OPPORTUNITY_CONVENTION}`,
  },
];

/** Every parent order of the backtest: strategy × path, with its cost. */
export function OutcomesGrid({ controller, result }: { controller: Controller; result: BacktestResult | null }) {
  const rows = useMemo(() => (result ? outcomeRows(result) : []), [result]);
  const events = usePersistedGrid(controller, OUTCOMES_GRID_ID, rows);
  const openId = useStore(controller.tca.store, (s) => s.detail?.rowId ?? null);
  const open = useCallback(
    (row: OutcomeRow | undefined) => {
      if (row && result) void controller.tca.openDetail(row.id, detailArgs(result.runId, row));
    },
    [controller, result],
  );
  return (
    <section className="panel tca-outcomes" aria-label="Outcomes">
      <header className="panel-head">
        <h2 title={COST_TIP}>Outcomes</h2>
        <span className="panel-sub">{result ? `${rows.length} parent orders · ${result.paths} paths · click or Enter for its child orders and fills` : 'no backtest yet'}</span>
      </header>
      {openId !== null && <style>{`[data-testid=tca-outcomes] .ag-row[row-id="${CSS.escape(openId)}"] { background-color: var(--selected); box-shadow: inset 2px 0 0 var(--accent); }`}</style>}
      <div className="tca-grid" data-keys-own="" data-testid="tca-outcomes" data-rows={rows.length} data-open={openId ?? ''}
        data-partial={rows.filter((r) => r.partial).length} data-copies={rows.filter((r) => r.copyOf !== null).length} data-starts={new Set(rows.map((r) => r.startSec)).size}>
        <AgGridReact<OutcomeRow>
          modules={GRID_MODULES}
          theme={GRID_THEME}
          loadThemeGoogleFonts={false}
          columnDefs={OUTCOME_COLUMNS}
          defaultColDef={{ resizable: true, sortable: true, enableCellChangeFlash: true }}
          getRowId={(p) => p.data.id}
          {...emptyState('No backtest yet: every parent order of every strategy and path is listed here after Run (Enter)')}
          tooltipShowDelay={300}
          animateRows={false}
          onRowClicked={(e) => open(e.data)}
          onCellKeyDown={(e) => {
            const k = e.event as KeyboardEvent | null | undefined;
            if (k?.key === 'Enter') open(e.data);
          }}
          {...events}
        />
      </div>
    </section>
  );
}
