import { useEffect, useState } from 'react';
import { TF_BACKEND_PREFERENCES, type TfBackendPreference } from '../../../main/contract/tf-backend.js';
import { errorWords, type HostAccess } from './host-access.js';

const LABEL: Record<TfBackendPreference, string> = { auto: 'Auto', tensorflow: 'TensorFlow', wasm: 'WASM', cpu: 'CPU' };
const TITLE: Record<TfBackendPreference, string> = {
  auto: 'The best backend present: TensorFlow native, then WebAssembly, then plain JS',
  tensorflow: 'TensorFlow native (tfjs-node); an error at start if it is not installed',
  wasm: 'WebAssembly (XNNPACK)',
  cpu: 'Plain JavaScript (slowest, always present)',
};

/**
 * The engine's TF.js backend preference (`tfBackend` in the host's settings; absent = auto). The
 * host reads it when the engine starts, so a change applies at the next start; the backend in use
 * now is shown beside it. Arrow keys move between choices (a radio group).
 */
export function TfBackendSetting({ access, inUse }: { access: HostAccess | null; inUse: string | null }) {
  const [stored, setStored] = useState<TfBackendPreference | null>(null);
  const [changed, setChanged] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!access) return;
    let live = true;
    access.getSettings().then(
      (s) => live && setStored(s.tfBackend ?? 'auto'),
      (e: unknown) => live && setError(`Could not read the settings: ${errorWords(e).message}`),
    );
    return () => {
      live = false;
    };
  }, [access]);

  const choose = (b: TfBackendPreference) => {
    if (!access || b === stored) return;
    setError(null);
    access.setSettings({ tfBackend: b }).then(
      (s) => {
        setStored(s.tfBackend ?? 'auto');
        setChanged(true);
      },
      (e: unknown) => setError(errorWords(e).message),
    );
  };
  const onKey = (e: React.KeyboardEvent) => {
    if (stored === null || !['ArrowRight', 'ArrowDown', 'ArrowLeft', 'ArrowUp'].includes(e.key)) return;
    e.preventDefault();
    const i = TF_BACKEND_PREFERENCES.indexOf(stored);
    const step = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : -1;
    const next = TF_BACKEND_PREFERENCES[(i + step + TF_BACKEND_PREFERENCES.length) % TF_BACKEND_PREFERENCES.length]!;
    choose(next);
    (e.currentTarget.querySelector(`[data-backend-choice="${next}"]`) as HTMLElement | null)?.focus();
  };

  return (
    <div className="settings-tf" data-testid="tf-backend-setting">
      <div className="seg" role="radiogroup" aria-label="TF.js backend" onKeyDown={onKey}>
        {TF_BACKEND_PREFERENCES.map((b) => (
          <button
            key={b}
            type="button"
            role="radio"
            aria-checked={stored === b}
            tabIndex={stored === b || (stored === null && b === 'auto') ? 0 : -1}
            className={'seg-btn' + (stored === b ? ' on' : '')}
            data-backend-choice={b}
            title={TITLE[b]}
            disabled={!access || stored === null}
            onClick={() => choose(b)}
          >
            {LABEL[b]}
          </button>
        ))}
      </div>
      <p className="settings-note" data-testid="tf-backend-note">
        {!access
          ? 'No host stores settings for this page; the engine uses auto.'
          : `In use now: ${inUse ?? '—'}.${changed ? ' The new choice applies when the engine next starts (restart Slipstream).' : ' A change applies when the engine next starts.'}`}
      </p>
      {error && (
        <p className="settings-error" role="alert" data-testid="tf-backend-error">
          {error}
        </p>
      )}
    </div>
  );
}
