import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { SPEEDS } from '../store/app-state.js';
import { useStore } from '../store/store.js';
import { runAction } from './actions.js';
import type { Controller } from './controller.js';
import { filterCommands, moveSelection, type PaletteCommand } from './palette-model.js';
import { screenCommands } from './screen-commands.js';
import { signalsControllerFor } from '../signals/signals-controller.js';
import { SCREENS } from './screens.js';
import { shortcutLabel } from './shortcuts.js';

/** The id of the browser file input the "Open files…" command clicks. */
export const OPEN_FILES_INPUT_ID = 'open-files-input';

function useCommands(controller: Controller): PaletteCommand[] {
  const samples = useStore(controller.app, (s) => s.samples);
  const replayState = useStore(controller.app, (s) => s.replay?.state ?? 'empty');
  const theme = useStore(controller.app, (s) => s.theme);
  const whatifRunning = useStore(controller.whatif.store, (s) => s.running);
  const whatifHasRun = useStore(controller.whatif.store, (s) => s.run !== null);
  const whatifJobsBefore = useStore(controller.whatif.store, (s) => s.jobsBefore);
  const jobs = useStore(controller.app, (s) => s.jobs);
  const ticket = useStore(controller.ticket.store, (s) => s);
  const tca = useStore(controller.tca.store, (s) => s);
  const risk = useStore(controller.risk.store, (s) => s);
  const signals = useStore(signalsControllerFor(controller).store, (s) => s);
  return useMemo(() => {
    const canReplay = replayState !== 'empty' && replayState !== 'loading';
    const list: PaletteCommand[] = SCREENS.map((s) => ({
      id: `screen.${s.id}`,
      label: `Go to ${s.label}${s.built ? '' : ' (not built yet)'}`,
      group: 'Screen',
      shortcut: shortcutLabel(`screen.${s.id}`),
      run: () => runAction(controller, `screen.${s.id}`),
    }));
    for (const s of samples ?? []) {
      list.push({ id: `sample.${s.id}`, label: `Open sample: ${s.label}`, group: 'Data', shortcut: '', run: () => { controller.setScreen('market'); void controller.openSample(s.id); } });
    }
    list.push({
      id: 'data.openFiles',
      label: 'Open data files…',
      group: 'Data',
      shortcut: '',
      run: () => {
        controller.setScreen('market');
        if (controller.api.pickFiles) void controller.pickAndOpen();
        else setTimeout(() => document.getElementById(OPEN_FILES_INPUT_ID)?.click(), 0);
      },
    });
    list.push({ id: 'replay.toggle', label: replayState === 'playing' ? 'Pause replay' : 'Play replay', group: 'Replay', shortcut: shortcutLabel('replay.toggle'), disabled: !canReplay, run: () => runAction(controller, 'replay.toggle') });
    list.push({ id: 'replay.stepForward', label: 'Step forward 1 event', group: 'Replay', shortcut: shortcutLabel('replay.stepForward'), disabled: !canReplay, run: () => runAction(controller, 'replay.stepForward') });
    list.push({ id: 'replay.stepBack', label: 'Step back 1 event', group: 'Replay', shortcut: shortcutLabel('replay.stepBack'), disabled: !canReplay, run: () => runAction(controller, 'replay.stepBack') });
    list.push({ id: 'replay.stepForward100', label: 'Step forward 100 events', group: 'Replay', shortcut: shortcutLabel('replay.stepForward100'), disabled: !canReplay, run: () => runAction(controller, 'replay.stepForward100') });
    list.push({ id: 'replay.stepBack100', label: 'Step back 100 events', group: 'Replay', shortcut: shortcutLabel('replay.stepBack100'), disabled: !canReplay, run: () => runAction(controller, 'replay.stepBack100') });
    for (const sp of SPEEDS) {
      list.push({ id: `speed.${sp}`, label: `Replay speed ${sp === 'max' ? 'max' : sp + '×'}`, group: 'Replay', shortcut: '', run: () => void controller.setSpeed(sp) });
    }
    list.push(...screenCommands(controller, { jobs, whatifRunning, whatifHasRun, whatifJobsBefore, ticket, tca, risk, signals }));
    list.push({ id: 'theme.toggle', label: `Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`, group: 'View', shortcut: shortcutLabel('theme.toggle'), run: () => controller.toggleTheme() });
    return list;
  }, [controller, samples, replayState, theme, whatifRunning, whatifHasRun, whatifJobsBefore, jobs, ticket, tca, risk, signals]);
}

/** Ctrl+K: a filterable list of actions, driven entirely from the keyboard (↑/↓, Enter, Esc). */
export function CommandPalette({ controller }: { controller: Controller }) {
  const commands = useCommands(controller);
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const previousFocus = useRef<Element | null>(null);
  const shown = useMemo(() => filterCommands(commands, query), [commands, query]);

  useEffect(() => {
    previousFocus.current = document.activeElement;
    inputRef.current?.focus();
    return () => (previousFocus.current as HTMLElement | null)?.focus?.();
  }, []);
  useEffect(() => setSelected(0), [query]);
  useEffect(() => {
    listRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  const close = () => controller.setPalette(false);
  const run = (c: PaletteCommand | undefined) => {
    if (!c || c.disabled) return;
    close();
    c.run();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setSelected((i) => moveSelection(i, e.key === 'ArrowDown' ? 1 : -1, shown.length));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      run(shown[selected]);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      close();
    }
  };

  return (
    <div className="palette-backdrop" onMouseDown={close}>
      <div className="palette" role="dialog" aria-modal="true" aria-label="Command palette" onMouseDown={(e) => e.stopPropagation()} onKeyDown={onKeyDown}>
        <input
          ref={inputRef}
          className="palette-input"
          placeholder="Type a command…"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          aria-controls="palette-list"
          aria-activedescendant={shown[selected] ? `palette-${shown[selected].id}` : undefined}
        />
        <ul id="palette-list" ref={listRef} className="palette-list" role="listbox">
          {shown.length === 0 && <li className="palette-empty">No matching command</li>}
          {shown.map((c, i) => (
            <li
              key={c.id}
              id={`palette-${c.id}`}
              role="option"
              aria-selected={i === selected}
              aria-disabled={c.disabled || undefined}
              className={'palette-item' + (i === selected ? ' selected' : '') + (c.disabled ? ' disabled' : '')}
              onMouseMove={() => setSelected(i)}
              onClick={() => run(c)}
            >
              <span className="palette-group">{c.group}</span>
              <span className="palette-label">{c.label}</span>
              {c.shortcut && <kbd>{c.shortcut}</kbd>}
            </li>
          ))}
        </ul>
        <div className="palette-hint">
          <kbd>↑</kbd>
          <kbd>↓</kbd> select · <kbd>Enter</kbd> run · <kbd>Esc</kbd> close
        </div>
      </div>
    </div>
  );
}
