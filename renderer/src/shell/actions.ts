import type { Controller } from './controller.js';
import { SCREEN_IDS, type ScreenId } from './screens.js';
import type { ActionId } from './shortcuts.js';

/** Runs a keyboard or palette action. */
export function runAction(controller: Controller, action: ActionId): void {
  if (action.startsWith('screen.')) {
    const id = action.slice('screen.'.length) as ScreenId;
    if (SCREEN_IDS.includes(id)) controller.setScreen(id);
    return;
  }
  if (action.startsWith('replay.') && controller.app.getState().screen === 'what-if') {
    runWhatIfReplay(controller, action);
    return;
  }
  switch (action) {
    case 'palette.toggle':
      controller.setPalette(!controller.app.getState().paletteOpen);
      break;
    case 'theme.toggle':
      controller.toggleTheme();
      break;
    case 'risk.killSwitch':
      controller.setPalette(false);
      controller.risk.requestKill();
      break;
    case 'replay.toggle':
      void controller.togglePlay();
      break;
    case 'replay.stepBack':
      void controller.step(-1);
      break;
    case 'replay.stepForward':
      void controller.step(1);
      break;
    case 'replay.stepBack100':
      void controller.step(-100);
      break;
    case 'replay.stepForward100':
      void controller.step(100);
      break;
  }
}

/** On What-if the replay keys walk the run's snapshots: Space plays, ←/→ step one, Shift+←/→ ten. */
function runWhatIfReplay(controller: Controller, action: ActionId): void {
  const w = controller.whatif;
  const steps: Partial<Record<ActionId, number>> = { 'replay.stepBack': -1, 'replay.stepForward': 1, 'replay.stepBack100': -10, 'replay.stepForward100': 10 };
  if (action === 'replay.toggle') w.togglePlay();
  else if (steps[action] !== undefined) w.step(steps[action]);
}
