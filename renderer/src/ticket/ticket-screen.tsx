import { useEffect, useMemo } from 'react';
import type { Controller } from '../shell/controller.js';
import { useStore } from '../store/store.js';
import { blotterRows } from '../whatif/blotter-model.js';
import { ChildOrdersGrid } from '../whatif/child-blotter.js';
import { pathClockName } from '../format/time.js';
import { ClockTag } from '../ui/clock-tag.js';
import { ParentBlotter } from './parent-blotter.js';
import { PreTradePanel } from './pre-trade-panel.js';
import { ALGORITHM_SHORT } from './ticket-form.js';
import { TicketPanel } from './ticket-panel.js';
import './ticket.css';

/** The settings key of the child-order grid on this screen. */
export const TICKET_CHILD_GRID_ID = 'ticket.childOrders';

/**
 * Order ticket (Ctrl+3): the ticket on the left; on the right the Almgren-Chriss pre-trade
 * panel, the parent-order blotter (persisted by the engine) and the selected parent's child
 * orders (the What-if child blotter).
 */
export function TicketScreen({ controller }: { controller: Controller }) {
  const t = controller.ticket;
  const connected = useStore(controller.app, (s) => s.connection.status === 'open');
  const parents = useStore(t.store, (s) => s.parents);
  const selected = useStore(t.store, (s) => s.selected);
  const listError = useStore(t.store, (s) => s.listError);
  const parent = parents.find((p) => p.parentId === selected) ?? null;
  const rows = useMemo(() => (parent ? blotterRows(parent.children, parent.instrument ?? { symbol: '—', venue: '—' }, ALGORITHM_SHORT[parent.ticket.algorithm]) : []), [parent]);
  const scale = parent?.instrument ? { priceDecimals: parent.instrument.priceDecimals, sizeDecimals: parent.instrument.sizeDecimals, displayDecimals: parent.instrument.priceDecimals } : null;
  const base = useMemo(() => (parent ? { baseEpochNs: parent.baseEpochNs, clock: parent.clock } : null), [parent]);

  useEffect(() => {
    if (connected) void t.open();
  }, [t, connected]);

  return (
    <div className="ticket-screen" data-testid="ticket-screen">
      <TicketPanel controller={controller} />
      <div className="ot-main">
        <PreTradePanel controller={controller} />
        <ParentBlotter controller={controller} error={listError} />
        <section className="panel wi-blotter" aria-label="Child orders">
          <header className="panel-head">
            <h2>Child orders</h2>
            <span className="panel-sub">{parent ? `${parent.parentId} · ${rows.length} order${rows.length === 1 ? '' : 's'} · ${parent.fills.length} fill${parent.fills.length === 1 ? '' : 's'} · ${parent.sourceLabel}` : 'select a parent order'}</span>
            {parent && <ClockTag clocks={[pathClockName(parent, parent.ticket.source.kind === 'scenario')]} testId="ot-children-clock" />}
          </header>
          <ChildOrdersGrid controller={controller} gridId={TICKET_CHILD_GRID_ID} rows={rows} scale={scale} base={base} overlay={parent ? 'This parent placed no child orders' : 'No parent selected: select a parent order above to see its child orders'} testId="ticket-children" />
        </section>
      </div>
    </div>
  );
}
