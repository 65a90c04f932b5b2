import { useCallback, useEffect, useRef, type MutableRefObject } from 'react';
import type { GridApi, GridReadyEvent } from 'ag-grid-community';
import type { Controller } from '../shell/controller.js';
import { diffRows } from './row-diff.js';

type SavedColumn = { colId: string; filterModel?: unknown; [key: string]: unknown };

/**
 * An ag-grid wired the way UI.md asks: rows keyed by id and applied by transaction (changed cells
 * flash; rows are never re-created wholesale), and column state (order, width, sort, filters,
 * visibility, pinning) persisted per grid in settings under `gridId`. Spread the returned events
 * onto `AgGridReact`; pass `getRowId={(p) => p.data.id}`. Pass `apiRef` to reach the grid's API
 * (e.g. to select a row); the hook fills it when the grid is ready.
 */
export function usePersistedGrid<T extends { id: string }>(controller: Controller, gridId: string, rows: readonly T[], apiRef?: MutableRefObject<GridApi<T> | null>) {
  const ownRef = useRef<GridApi<T> | null>(null);
  const gridApi = apiRef ?? ownRef;
  const shown = useRef(new Map<string, T>());
  const restoring = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const apply = useCallback((api: GridApi<T>, next: readonly T[]) => {
    const diff = diffRows(shown.current, next);
    if (diff.add.length + diff.update.length + diff.remove.length > 0) api.applyTransaction(diff);
    shown.current = new Map(next.map((r) => [r.id, r]));
  }, []);

  useEffect(() => {
    if (gridApi.current) apply(gridApi.current, rows);
  }, [rows, apply]);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  const onGridReady = useCallback(
    (e: GridReadyEvent<T>) => {
      gridApi.current = e.api;
      const saved = controller.app.getState().gridColumnStates[gridId] as SavedColumn[] | undefined;
      if (saved && saved.length > 0) {
        restoring.current = true;
        e.api.applyColumnState({ state: saved.map(({ filterModel: _f, ...c }) => c), applyOrder: true });
        const filters = Object.fromEntries(saved.filter((c) => c.filterModel).map((c) => [c.colId, c.filterModel]));
        if (Object.keys(filters).length > 0) e.api.setFilterModel(filters);
        restoring.current = false;
      }
      shown.current = new Map();
      apply(e.api, rows);
    },
    [controller, gridId, rows, apply],
  );

  const save = useCallback(() => {
    if (restoring.current) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const api = gridApi.current;
      if (!api || api.isDestroyed()) return;
      const filters = api.getFilterModel() as Record<string, unknown>;
      controller.setGridColumnState(gridId, api.getColumnState().map((c) => (filters[c.colId] ? { ...c, filterModel: filters[c.colId] } : { ...c })));
    }, 400);
  }, [controller, gridId]);

  const events = {
    onGridReady,
    onColumnMoved: (e: { finished: boolean }) => e.finished && save(),
    onColumnResized: (e: { finished: boolean; source: string }) => e.finished && e.source !== 'api' && e.source !== 'flex' && save(),
    onSortChanged: save,
    onFilterChanged: save,
    onColumnVisible: save,
    onColumnPinned: save,
  };
  return events;
}

