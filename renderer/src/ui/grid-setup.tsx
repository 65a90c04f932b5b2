import {
  CellStyleModule, ClientSideRowModelApiModule, ClientSideRowModelModule, ColumnApiModule, HighlightChangesModule, NumberFilterModule, RowApiModule,
  RowSelectionModule, TextFilterModule, TooltipModule, type Module,
} from 'ag-grid-community';

/**
 * Every ag-grid module a grid of this app may use, registered per grid. One list for all grids
 * so an API call added to one grid (e.g. `api.getRowNode`, which needs `RowApiModule`) never
 * fails with AG Grid's error #200 ("module not registered") on another.
 */
export const GRID_MODULES: Module[] = [
  ClientSideRowModelModule, ClientSideRowModelApiModule, RowApiModule, ColumnApiModule, HighlightChangesModule, CellStyleModule,
  TextFilterModule, NumberFilterModule, TooltipModule, RowSelectionModule,
];

/** Props of the empty-state overlay: what the grid would show and how to get it. */
export interface GridEmptyProps {
  readonly message: string;
}

/** ag-grid's "no rows" overlay: one calm line saying what would appear here and how to get it (never an endless "Loading…"). */
export function GridEmpty({ message }: GridEmptyProps) {
  return (
    <div className="grid-empty" role="status" data-testid="grid-empty">
      {message}
    </div>
  );
}

/**
 * Props to spread onto `AgGridReact` for the empty state. `loading={false}`: rows arrive by
 * transaction (`usePersistedGrid`), so without it the grid waits for `rowData` forever and shows
 * its loading overlay on an empty list.
 */
export function emptyState(message: string) {
  return { loading: false, noRowsOverlayComponent: GridEmpty, noRowsOverlayComponentParams: { message } } as const;
}
