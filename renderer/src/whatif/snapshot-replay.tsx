import { useMemo } from 'react';
import { formatCount, formatSize } from '../format/numbers.js';
import { formatSessionTime } from '../format/time.js';
import { LadderTable, type OwnCell } from '../market/depth-ladder.js';
import { depthCaption } from '../market/ladder-model.js';
import { useLadderDepth } from '../ui/use-ladder-depth.js';
import { shortcutLabel } from '../shell/shortcuts.js';
import { useStore } from '../store/store.js';
import { runTimeBase } from './chart-model.js';
import { snapshotLadder } from './replay-model.js';
import type { RunScale } from './summary-model.js';
import type { WhatIfController } from './whatif-controller.js';

const EMPTY_SCALE: RunScale = { priceDecimals: 2, sizeDecimals: 0, displayDecimals: 2 };

/**
 * The run's book replayed snapshot by snapshot: the Market ladder with our working orders in the
 * Own column (accent) and their queue position, a slider, and Space / ←/→ (Shift ×10) keys.
 */
export function SnapshotReplay({ whatif, scale }: { whatif: WhatIfController; scale: RunScale | null }) {
  const run = useStore(whatif.store, (s) => s.run);
  const index = useStore(whatif.store, (s) => s.replayIndex);
  const playing = useStore(whatif.store, (s) => s.playing);
  const snapshots = run?.result.snapshots ?? [];
  const snap = snapshots[index] ?? null;
  const sc = scale ?? EMPTY_SCALE;
  const DEPTH = useLadderDepth();
  const known = run?.result.depthLevels ?? 0;
  const lad = useMemo(() => snapshotLadder(snap, DEPTH, sc.sizeDecimals, known), [snap, DEPTH, sc.sizeDecimals, known]);
  const own = useMemo(() => {
    const m = new Map<number, OwnCell>();
    for (const [price, o] of lad.own) m.set(price, { side: o.side, quantity: formatSize(o.leaves, sc.sizeDecimals), queue: o.queue, title: o.title });
    return m;
  }, [lad, sc.sizeDecimals]);
  const base = run ? runTimeBase(run.result) : null;
  const n = snapshots.length;
  const working = snap?.own.length ?? 0;

  return (
    <section className="panel wi-replay" aria-label="Run replay">
      <header className="panel-head">
        <h2>Book replay</h2>
        <span className="panel-sub" data-testid="wi-ladder-caption">{run ? `${depthCaption(run.result.instrument.symbol, DEPTH, known)} · with our orders` : 'no run yet'}</span>
      </header>
      <div className="wi-replay-controls">
        <button type="button" className="btn btn-icon" disabled={n < 2} onClick={() => whatif.step(-1)} title={`Previous snapshot (${shortcutLabel('replay.stepBack')}; ${shortcutLabel('replay.stepBack100')} ×10)`} aria-label="Previous snapshot">
          ◂
        </button>
        <button type="button" className={'btn btn-icon wi-play' + (playing ? ' is-playing' : '')} disabled={n < 2} onClick={() => whatif.togglePlay()} title={`${playing ? 'Pause' : 'Play through the snapshots'} (${shortcutLabel('replay.toggle')})`} aria-label={playing ? 'Pause' : 'Play'} data-testid="wi-play">
          {playing ? '❚❚' : '▶'}
        </button>
        <button type="button" className="btn btn-icon" disabled={n < 2} onClick={() => whatif.step(1)} title={`Next snapshot (${shortcutLabel('replay.stepForward')}; ${shortcutLabel('replay.stepForward100')} ×10)`} aria-label="Next snapshot">
          ▸
        </button>
        <input
          className="seek wi-seek"
          type="range"
          min={0}
          max={Math.max(0, n - 1)}
          step={1}
          value={index}
          disabled={n < 2}
          aria-label="Snapshot"
          data-testid="wi-seek"
          onChange={(e) => {
            whatif.pause();
            whatif.setReplayIndex(Number(e.target.value));
          }}
        />
        <span className="num wi-replay-pos" title="Snapshot / snapshots" data-testid="wi-replay-pos">
          {n > 0 ? `${formatCount(index + 1)} / ${formatCount(n)}` : '— / —'}
        </span>
        <span className="num wi-replay-time" title={`Snapshot time, ${run?.result.clock === 'utc' ? 'UTC' : 'exchange-local'}`}>
          {formatSessionTime(snap?.tsNs ?? null, base)}
        </span>
      </div>
      <LadderTable
        model={lad.model}
        scale={sc}
        tickSizeUnits={run?.result.instrument.tickSizeUnits ?? 0}
        own={own}
        className="ladder-own-wide"
        emptyText={run ? 'no book at this snapshot' : 'run a what-if to replay its book'}
        ownHeaderTitle="Our working orders at this price: side, quantity and queue position (#3, 1,200 ahead)"
      />
      <div className="wi-replay-foot muted" data-testid="wi-own-summary">
        {run ? (
          <>
            <span className="own-dot" aria-hidden="true" /> {working === 0 ? 'no working orders' : `${working} working order${working === 1 ? '' : 's'}`}
            {lad.ownOutside > 0 && ` · ${lad.ownOutside} outside the top ${DEPTH}`}
          </>
        ) : (
          'Space plays · ←/→ step'
        )}
      </div>
    </section>
  );
}
