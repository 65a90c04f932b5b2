import type { ScreenDef } from './screens.js';
import { shortcutLabel } from './shortcuts.js';

/** What an unbuilt screen shows: its name, that it is not built yet, and what will live there. */
export function PlaceholderScreen({ def }: { def: ScreenDef }) {
  return (
    <section className="placeholder" data-testid="placeholder">
      <div className="placeholder-card">
        <div className="placeholder-kicker">
          {def.label} · {shortcutLabel(`screen.${def.id}`)}
        </div>
        <h1>Not built yet</h1>
        <p>{def.capability}</p>
        <p className="muted">This screen will use the same engine contract as Market; nothing here is simulated.</p>
      </div>
    </section>
  );
}
