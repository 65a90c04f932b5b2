import { useEffect, useMemo, useState } from 'react';
import type { Controller } from '../shell/controller.js';
import { Splitter } from '../shell/splitter.js';
import { useStore } from '../store/store.js';
import { AgentWhy } from '../tca/agent-why.js';
import { ChildBlotter } from './child-blotter.js';
import { ResultChart } from './result-chart.js';
import { SetupPanel } from './setup-panel.js';
import { SnapshotReplay } from './snapshot-replay.js';
import { SummaryStrip } from './summary-strip.js';
import { runScale } from './summary-model.js';

const LEFT_PANEL = 'whatif.left';
const LEFT_DEFAULT = 312;

/**
 * What-if: one seeded market path traded with and without our parent order. Setup on the left;
 * on the right the summary, the price chart beside the replayed book, and the child-order blotter.
 * The last run lives in the controller, so it is still here after visiting other screens.
 */
export function WhatIfScreen({ controller }: { controller: Controller }) {
  const w = controller.whatif;
  const saved = useStore(controller.app, (s) => s.panels[LEFT_PANEL]);
  const connected = useStore(controller.app, (s) => s.connection.status === 'open');
  const run = useStore(w.store, (s) => s.run);
  const [left, setLeft] = useState(saved ?? LEFT_DEFAULT);
  const scale = useMemo(() => (run ? runScale(run.result) : null), [run]);

  useEffect(() => {
    if (saved !== undefined) setLeft(saved);
  }, [saved]);
  useEffect(() => {
    if (connected) void w.loadScenarios();
  }, [w, connected]);
  // Playing stops when the screen is left; the run and its position stay.
  useEffect(() => () => w.pause(), [w]);

  return (
    <div className="whatif-screen" data-testid="whatif-screen" style={{ gridTemplateColumns: `${left}px 5px minmax(0, 1fr)` }}>
      <SetupPanel controller={controller} />
      <Splitter size={left} min={280} max={520} label="Resize setup and results" onResize={setLeft} onCommit={(px) => controller.setPanelSize(LEFT_PANEL, px)} />
      <div className="wi-main">
        <SummaryStrip whatif={w} scale={scale} />
        <div className="wi-mid">
          <ResultChart whatif={w} app={controller.app} scale={scale} />
          <SnapshotReplay whatif={w} scale={scale} />
        </div>
        {run?.result.explanations ? (
          <div className="wi-agent-bottom">
            <ChildBlotter controller={controller} scale={scale} />
            <AgentWhy explanations={run.result.explanations} startNs={(run.result.path[0]?.[0] ?? 0) + run.args.order.startSec * 1e9} priceScale={10 ** run.result.instrument.priceDecimals} testId="whatif-why" />
          </div>
        ) : (
          <ChildBlotter controller={controller} scale={scale} />
        )}
      </div>
    </div>
  );
}
