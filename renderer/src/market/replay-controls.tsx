import { useEffect, useState } from 'react';
import type { Controller } from '../shell/controller.js';
import { shortcutLabel } from '../shell/shortcuts.js';
import { formatCount } from '../format/numbers.js';
import { SPEEDS } from '../store/app-state.js';
import { useStore } from '../store/store.js';
import { ErrorNotice } from '../ui/error-notice.js';

const SLIDER_STEPS = 10_000;

/** Play/pause, steps, speed and the seek slider; keyboard: Space, ←/→ (Shift ×100). */
export function ReplayControls({ controller }: { controller: Controller }) {
  const replay = useStore(controller.app, (s) => s.replay);
  const speed = useStore(controller.app, (s) => s.speed);
  const error = useStore(controller.app, (s) => s.errors.replay);
  const eventIndex = useStore(controller.market.view, (v) => v.book?.eventIndex ?? null);
  const [scrub, setScrub] = useState<number | null>(null);
  const state = replay?.state ?? 'empty';
  const ready = state === 'ready' || state === 'playing' || state === 'paused' || state === 'ended';
  const total = replay?.totalEvents ?? 0;
  const index = Math.max(replay?.eventIndex ?? 0, 0);
  const shownIndex = state === 'playing' && eventIndex !== null ? eventIndex : index;
  const fraction = total > 0 ? Math.min(1, shownIndex / total) : 0;
  const playing = state === 'playing';

  useEffect(() => {
    if (scrub === null) return;
    const end = () => setScrub(null);
    window.addEventListener('pointerup', end);
    return () => window.removeEventListener('pointerup', end);
  }, [scrub]);

  return (
    <div className="replay" data-testid="replay-controls" data-state={state}>
      <div className="replay-row">
        <span className="group-label">Replay</span>
        <button type="button" className="btn btn-icon" disabled={!ready} onClick={() => void controller.step(-100)} title={`Back 100 events (${shortcutLabel('replay.stepBack100')})`} aria-label="Back 100 events">
          «
        </button>
        <button type="button" className="btn btn-icon" disabled={!ready} onClick={() => void controller.step(-1)} title={`Back 1 event (${shortcutLabel('replay.stepBack')})`} aria-label="Back 1 event">
          ◂
        </button>
        <button
          type="button"
          className={'btn btn-play' + (playing ? ' is-playing' : '')}
          disabled={!ready}
          data-testid="play-pause"
          onClick={() => void controller.togglePlay()}
          title={`${playing ? 'Pause' : 'Play'} (${shortcutLabel('replay.toggle')})`}
        >
          {playing ? '❚❚ Pause' : '▶ Play'}
        </button>
        <button type="button" className="btn btn-icon" disabled={!ready} onClick={() => void controller.step(1)} title={`Forward 1 event (${shortcutLabel('replay.stepForward')})`} aria-label="Forward 1 event">
          ▸
        </button>
        <button type="button" className="btn btn-icon" disabled={!ready} onClick={() => void controller.step(100)} title={`Forward 100 events (${shortcutLabel('replay.stepForward100')})`} aria-label="Forward 100 events">
          »
        </button>
        <div className="seg" role="radiogroup" aria-label="Replay speed">
          {SPEEDS.map((sp) => (
            <button
              key={String(sp)}
              type="button"
              role="radio"
              aria-checked={speed === sp}
              className={'seg-btn' + (speed === sp ? ' on' : '')}
              data-speed={String(sp)}
              onClick={() => void controller.setSpeed(sp)}
              title={sp === 'max' ? 'As fast as the engine can replay' : `${sp}× real time`}
            >
              {sp === 'max' ? 'max' : `${sp}×`}
            </button>
          ))}
        </div>
        <input
          className="seek"
          type="range"
          min={0}
          max={SLIDER_STEPS}
          step={1}
          disabled={!ready || total === 0}
          aria-label="Seek"
          data-testid="seek"
          value={Math.round((scrub ?? fraction) * SLIDER_STEPS)}
          onChange={(e) => {
            const f = Number(e.target.value) / SLIDER_STEPS;
            setScrub(f);
            controller.seekThrottled(f);
          }}
          onKeyUp={() => setScrub(null)}
          onBlur={() => setScrub(null)}
        />
        <span className="replay-pos num" data-testid="replay-pos" title="Event index / total events">
          {formatCount(scrub !== null ? Math.round(scrub * total) : shownIndex)} / {formatCount(total)}
        </span>
        <span className={`replay-state state-${state}`} data-testid="replay-state">
          {state}
        </span>
      </div>
      {error && <ErrorNotice error={error} onDismiss={() => controller.dismissError('replay')} />}
    </div>
  );
}
