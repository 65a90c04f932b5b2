import { useMemo } from 'react';
import type { Controller } from '../shell/controller.js';
import { screenDef, type ScreenId } from '../shell/screens.js';
import { SHORTCUTS, formatChord, type ActionId } from '../shell/shortcuts.js';
import { useStore } from '../store/store.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { FixSessionsSection } from './fix-sessions-section.js';
import { hostAccess } from './host-access.js';
import { TfBackendSetting } from './tf-backend-setting.js';

const ACTION_TEXT: Partial<Record<ActionId, string>> = {
  'palette.toggle': 'Command palette',
  'theme.toggle': 'Toggle dark / light theme',
  'replay.toggle': 'Play / pause replay',
  'replay.stepBack': 'Step back 1 event',
  'replay.stepForward': 'Step forward 1 event',
  'replay.stepBack100': 'Step back 100 events',
  'replay.stepForward100': 'Step forward 100 events',
};

function actionText(a: ActionId): string {
  if (a.startsWith('screen.')) return 'Go to ' + screenDef(a.slice('screen.'.length) as ScreenId).label;
  return ACTION_TEXT[a] ?? a;
}

/** Settings: theme, engine and connection details with the TF.js backend, FIX sessions, and the keyboard map. */
export function SettingsScreen({ controller }: { controller: Controller }) {
  const theme = useStore(controller.app, (s) => s.theme);
  const hello = useStore(controller.app, (s) => s.hello);
  const connection = useStore(controller.app, (s) => s.connection);
  const backend = useStore(controller.app, (s) => s.settingsBackend);
  const error = useStore(controller.app, (s) => s.errors.settings);
  const access = useMemo(() => hostAccess(controller.api), [controller.api]);

  return (
    <div className="settings-screen" data-testid="settings-screen">
      <section className="panel settings-section">
        <header className="panel-head">
          <h2>Appearance</h2>
          <span className="panel-sub">saved to {backend === 'local' ? 'this browser' : 'the host settings'}</span>
        </header>
        <div className="settings-body">
          <div className="seg" role="radiogroup" aria-label="Theme">
            {(['dark', 'light'] as const).map((t) => (
              <button key={t} type="button" role="radio" aria-checked={theme === t} className={'seg-btn' + (theme === t ? ' on' : '')} data-theme-choice={t} onClick={() => controller.setTheme(t)}>
                {t === 'dark' ? 'Dark' : 'Light'}
              </button>
            ))}
          </div>
          {error && <ErrorNotice error={error} onDismiss={() => controller.dismissError('settings')} />}
        </div>
      </section>
      <section className="panel settings-section">
        <header className="panel-head">
          <h2>Engine</h2>
        </header>
        <dl className="kv settings-body">
          <dt>Connection</dt>
          <dd>
            {controller.api.platform} · {connection.status}
            {connection.message ? ` — ${connection.message}` : ''}
          </dd>
          <dt>Version</dt>
          <dd className="num">{hello?.version ?? '—'}</dd>
          <dt>Host</dt>
          <dd>{hello?.host ?? '—'}</dd>
          <dt>Engine thread</dt>
          <dd>{hello?.engineThread ?? '—'}</dd>
          <dt>TF.js backend</dt>
          <dd>
            <TfBackendSetting access={access} inUse={hello?.tfBackend ?? null} />
          </dd>
        </dl>
      </section>
      <FixSessionsSection access={access} />
      <section className="panel settings-section">
        <header className="panel-head">
          <h2>Keyboard</h2>
          <span className="panel-sub">replay keys work on Market when focus is not in a field</span>
        </header>
        <table className="kbd-table settings-body">
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.action}>
                <td>{actionText(s.action)}</td>
                <td>
                  <kbd>{formatChord(s.chord)}</kbd>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
