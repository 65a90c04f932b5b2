import { useEffect, useState } from 'react';
import type { Controller } from '../shell/controller.js';
import { Splitter } from '../shell/splitter.js';
import { useStore } from '../store/store.js';
import { DepthLadder } from './depth-ladder.js';
import { OpenDataPanel } from './open-data-panel.js';
import { PriceChart } from './price-chart.js';
import { ReplayControls } from './replay-controls.js';
import { StatsPanel } from './stats-panel.js';
import { TradeTape } from './trade-tape.js';

const LEFT_PANEL = 'market.left';
const LEFT_DEFAULT = 400;

/** Market: open data, replay it, and watch the ladder, chart and statistics. */
export function MarketScreen({ controller }: { controller: Controller }) {
  const saved = useStore(controller.app, (s) => s.panels[LEFT_PANEL]);
  const [left, setLeft] = useState(saved ?? LEFT_DEFAULT);
  useEffect(() => {
    if (saved !== undefined) setLeft(saved);
  }, [saved]);

  return (
    <div className="market-screen" data-testid="market-screen">
      <div className="market-toolbar">
        <OpenDataPanel controller={controller} />
        <ReplayControls controller={controller} />
      </div>
      <div className="market-body" style={{ gridTemplateColumns: `${left}px 5px minmax(0, 1fr)` }}>
        <div className="market-left">
          <DepthLadder market={controller.market} app={controller.app} />
          <StatsPanel market={controller.market} app={controller.app} />
          <TradeTape market={controller.market} app={controller.app} />
        </div>
        <Splitter size={left} min={330} max={720} label="Resize ladder and chart" onResize={setLeft} onCommit={(px) => controller.setPanelSize(LEFT_PANEL, px)} />
        <PriceChart market={controller.market} app={controller.app} />
      </div>
    </div>
  );
}
