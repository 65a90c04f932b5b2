import { useEffect } from 'react';
import type { Controller } from './controller.js';
import { runAction } from './actions.js';
import { isTypingTarget, resolveShortcut } from './shortcuts.js';

/**
 * Installs the window-wide keyboard map (capture phase, so Space on a focused button toggles
 * replay instead of clicking the button twice).
 */
export function useGlobalShortcuts(controller: Controller): void {
  useEffect(() => {
    const onKey = (ev: KeyboardEvent) => {
      if (ev.defaultPrevented || ev.isComposing) return;
      const { screen, paletteOpen } = controller.app.getState();
      const target = ev.target instanceof HTMLElement ? ev.target : null;
      // Elements marked data-keys-own (splitters) handle their own arrow keys.
      const inInput = isTypingTarget(target) || target?.closest('[data-keys-own]') != null;
      const action = resolveShortcut(ev, { inInput, screen, paletteOpen });
      if (!action) return;
      ev.preventDefault();
      ev.stopPropagation();
      runAction(controller, action);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [controller]);
}
