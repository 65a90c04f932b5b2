import { useStore } from '../store/store.js';
import type { Controller } from './controller.js';
import { SCREENS } from './screens.js';
import { shortcutLabel } from './shortcuts.js';

/** The left rail of screens; each button names its Ctrl+N shortcut. */
export function LeftRail({ controller }: { controller: Controller }) {
  const screen = useStore(controller.app, (s) => s.screen);
  return (
    <nav className="rail" aria-label="Screens">
      <div className="rail-logo" title="Slipstream">
        S
      </div>
      {SCREENS.map((s) => {
        const keys = shortcutLabel(`screen.${s.id}`);
        return (
          <button
            key={s.id}
            type="button"
            className={'rail-item' + (s.id === screen ? ' active' : '') + (s.built ? '' : ' unbuilt')}
            aria-current={s.id === screen ? 'page' : undefined}
            title={`${s.label} (${keys})${s.built ? '' : ' — not built yet'}`}
            data-screen={s.id}
            onClick={() => controller.setScreen(s.id)}
          >
            <span className="rail-glyph">{s.glyph}</span>
            <span className="rail-label">{s.label}</span>
            <span className="rail-key">{s.index % 10}</span>
          </button>
        );
      })}
      <div className="rail-spacer" />
      <button type="button" className="rail-item rail-palette" title={`Command palette (${shortcutLabel('palette.toggle')})`} onClick={() => controller.setPalette(true)}>
        <span className="rail-glyph">⌘</span>
        <span className="rail-label">Commands</span>
        <span className="rail-key">K</span>
      </button>
    </nav>
  );
}
