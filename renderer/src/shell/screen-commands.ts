import type { JobProgress } from '../store/app-state.js';
import type { TcaState } from '../tca/tca-controller.js';
import { saveFile } from '../ui/save-file.js';
import { runJob } from '../whatif/whatif-controller.js';
import type { TicketState } from '../ticket/ticket-controller.js';
import type { RiskState } from '../risk/risk-controller.js';
import { signalsControllerFor, signalsJob, type SignalsState } from '../signals/signals-controller.js';
import type { Controller } from './controller.js';
import type { PaletteCommand } from './palette-model.js';
import { shortcutLabel } from './shortcuts.js';

/** What the screen commands need to know to enable themselves (store slices the palette subscribes to). */
export interface ScreenCommandState {
  readonly jobs: Readonly<Record<string, JobProgress>>;
  readonly whatifRunning: boolean;
  readonly whatifHasRun: boolean;
  readonly whatifJobsBefore: readonly string[];
  readonly ticket: Pick<TicketState, 'active' | 'selected' | 'parents' | 'amending' | 'submitting'>;
  readonly tca: Pick<TcaState, 'running' | 'run' | 'detail' | 'jobsBefore' | 'exporting'>;
  readonly risk: Pick<RiskState, 'killSwitch' | 'edited' | 'errors' | 'saving'>;
  readonly signals: Pick<SignalsState, 'running' | 'jobsBefore'>;
}

/**
 * The palette's commands for every action the What-if, Order ticket, TCA, Risk and Signals screens offer, each
 * with the key that does the same on its screen (Enter runs or submits, Esc resets or backs out).
 * Running one switches to its screen first, so the result is where the action belongs.
 */
export function screenCommands(controller: Controller, st: ScreenCommandState): PaletteCommand[] {
  const list: PaletteCommand[] = [];
  const go = (screen: Parameters<Controller['setScreen']>[0], fn: () => void) => () => {
    controller.setScreen(screen);
    fn();
  };

  const w = controller.whatif;
  const wJob = st.whatifRunning ? runJob(st.jobs, st.whatifJobsBefore) : null;
  list.push({ id: 'whatif.run', label: 'Run what-if', group: 'What-if', shortcut: 'Enter', disabled: st.whatifRunning, run: go('what-if', () => void w.run()) });
  list.push({ id: 'whatif.cancel', label: 'Cancel the what-if run', group: 'What-if', shortcut: '', disabled: !wJob, run: go('what-if', () => wJob && void w.cancel(wJob.jobId)) });
  list.push({ id: 'whatif.newSeed', label: 'New seed', group: 'What-if', shortcut: '', run: go('what-if', () => w.newSeed()) });
  list.push({ id: 'whatif.reset', label: 'Reset order and seed', group: 'What-if', shortcut: 'Esc', run: go('what-if', () => w.resetForm()) });
  list.push({ id: 'whatif.play', label: 'Play or pause the run replay', group: 'What-if', shortcut: shortcutLabel('replay.toggle'), disabled: !st.whatifHasRun, run: go('what-if', () => w.togglePlay()) });
  list.push({ id: 'whatif.next', label: 'Next snapshot of the run', group: 'What-if', shortcut: shortcutLabel('replay.stepForward'), disabled: !st.whatifHasRun, run: go('what-if', () => w.step(1)) });
  list.push({ id: 'whatif.prev', label: 'Previous snapshot of the run', group: 'What-if', shortcut: shortcutLabel('replay.stepBack'), disabled: !st.whatifHasRun, run: go('what-if', () => w.step(-1)) });

  const t = controller.ticket;
  const sel = st.ticket.selected;
  const selWorking = sel !== null && st.ticket.parents.some((p) => p.parentId === sel && p.status === 'working');
  list.push({ id: 'ticket.submit', label: st.ticket.amending ? `Send the amendment of ${st.ticket.amending.parentId}` : 'Submit the order ticket', group: 'Order ticket', shortcut: 'Enter', disabled: st.ticket.submitting || (st.ticket.active !== null && !st.ticket.amending), run: go('order-ticket', () => void t.submit()) });
  list.push({ id: 'ticket.reset', label: st.ticket.amending ? 'Leave the amendment' : 'Reset the order fields', group: 'Order ticket', shortcut: 'Esc', run: go('order-ticket', () => t.escape()) });
  list.push({ id: 'ticket.amend', label: sel ? `Amend parent ${sel}` : 'Amend the selected parent', group: 'Order ticket', shortcut: '', disabled: !selWorking, run: go('order-ticket', () => sel && t.startAmend(sel)) });
  list.push({ id: 'ticket.cancel', label: sel ? `Cancel parent ${sel}…` : 'Cancel the selected parent…', group: 'Order ticket', shortcut: '', disabled: !selWorking, run: go('order-ticket', () => sel && void t.cancelParent(sel)) });
  list.push({ id: 'ticket.refresh', label: 'Refresh the parent orders', group: 'Order ticket', shortcut: '', run: go('order-ticket', () => void t.refresh()) });

  const c = controller.tca;
  const tJob = st.tca.running ? runJob(st.jobs, st.tca.jobsBefore) : null;
  list.push({ id: 'tca.run', label: 'Run backtest', group: 'TCA', shortcut: 'Enter', disabled: st.tca.running, run: go('tca', () => void c.run()) });
  list.push({ id: 'tca.cancel', label: 'Cancel the backtest', group: 'TCA', shortcut: '', disabled: !tJob, run: go('tca', () => tJob && void c.cancel(tJob.jobId)) });
  list.push({ id: 'tca.reset', label: 'Reset the backtest setup', group: 'TCA', shortcut: 'Esc', run: go('tca', () => c.resetForm()) });
  for (const f of ['csv', 'json', 'parquet'] as const) {
    list.push({ id: `tca.export.${f}`, label: `Export backtest results as ${f.toUpperCase()}`, group: 'TCA', shortcut: '', disabled: !st.tca.run || st.tca.exporting !== null, run: go('tca', () => void c.exportRun(f, saveFile)) });
  }
  const r = controller.risk;
  const killOn = st.risk.killSwitch?.global ?? false;
  list.push({ id: 'risk.kill', label: killOn ? 'Turn the kill switch off…' : 'Kill switch: cancel every open order and refuse new ones…', group: 'Risk', shortcut: shortcutLabel('risk.killSwitch'), disabled: st.risk.killSwitch === null, run: () => r.requestKill(!killOn) });
  list.push({ id: 'risk.save', label: 'Save the risk limits', group: 'Risk', shortcut: 'Enter', disabled: !st.risk.edited || st.risk.saving || Object.keys(st.risk.errors).length > 0, run: go('risk', () => void r.save()) });
  list.push({ id: 'risk.revert', label: 'Revert the risk limits to the engine\'s', group: 'Risk', shortcut: 'Esc', disabled: !st.risk.edited, run: go('risk', () => r.revert()) });
  list.push({ id: 'risk.refresh', label: 'Refresh risk limits, usage and kill switch', group: 'Risk', shortcut: '', run: go('risk', () => void r.refresh()) });

  const sg = signalsControllerFor(controller);
  const sJob = st.signals.running ? signalsJob(st.jobs, st.signals.jobsBefore) : null;
  list.push({ id: 'signals.train', label: 'Train the signal model', group: 'Signals', shortcut: 'Enter', disabled: st.signals.running, run: go('signals', () => void sg.train()) });
  list.push({ id: 'signals.cancel', label: 'Cancel the signal training', group: 'Signals', shortcut: 'Esc', disabled: !sJob, run: go('signals', () => sJob && void sg.cancel(sJob.jobId)) });
  list.push({ id: 'tca.closeDetail', label: 'Close the order drill-down', group: 'TCA', shortcut: 'Esc', disabled: !st.tca.detail, run: go('tca', () => c.closeDetail()) });
  return list;
}
