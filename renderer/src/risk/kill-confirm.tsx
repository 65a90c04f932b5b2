import { useEffect, useRef } from 'react';
import { useStore } from '../store/store.js';
import type { RiskController } from './risk-controller.js';
import './risk-shell.css';

/**
 * The kill switch's confirmation, shown over any screen (the shortcut is global). Keyboard first:
 * the confirm button has focus, so Enter confirms; Escape backs out; nothing else is reachable
 * behind it until one of the two.
 */
export function KillConfirm({ risk }: { risk: RiskController }) {
  const confirm = useStore(risk.store, (s) => s.confirm);
  const okRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!confirm) return;
    const previous = document.activeElement as HTMLElement | null;
    okRef.current?.focus();
    const onKey = (ev: KeyboardEvent) => {
      if (ev.key === 'Escape') {
        ev.preventDefault();
        ev.stopPropagation();
        risk.cancelConfirm();
      } else if (ev.key === 'Enter') {
        ev.preventDefault();
        ev.stopPropagation();
        void risk.confirmKill();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      previous?.focus?.();
    };
  }, [confirm, risk]);
  if (!confirm) return null;
  return (
    <div className="palette-backdrop kill-backdrop" onMouseDown={() => risk.cancelConfirm()}>
      <div className={'kill-confirm' + (confirm.on ? ' is-on' : '')} role="alertdialog" aria-modal="true" aria-label="Confirm kill switch" data-testid="kill-confirm" onMouseDown={(e) => e.stopPropagation()}>
        <h2>{confirm.on ? 'Turn the kill switch on?' : 'Turn the kill switch off?'}</h2>
        <p>
          {confirm.on
            ? 'Every open order of every parent order is cancelled at once, and every new order is refused until the switch is turned off.'
            : 'New orders will pass the pre-trade gate again. Orders already cancelled stay cancelled.'}
        </p>
        <div className="kill-actions">
          <button ref={okRef} type="button" className={confirm.on ? 'btn btn-danger' : 'btn btn-primary'} data-testid="kill-confirm-ok" onClick={() => void risk.confirmKill()}>
            {confirm.on ? 'Kill: cancel all and block' : 'Turn off'} <kbd>Enter</kbd>
          </button>
          <button type="button" className="btn" data-testid="kill-confirm-back" onClick={() => risk.cancelConfirm()}>
            Back <kbd>Esc</kbd>
          </button>
        </div>
      </div>
    </div>
  );
}
