import { SCREENS, type ScreenId } from './screens.js';

/** Every keyboard-reachable action. */
export type ActionId =
  | `screen.${ScreenId}`
  | 'palette.toggle'
  | 'replay.toggle'
  | 'replay.stepBack'
  | 'replay.stepForward'
  | 'replay.stepBack100'
  | 'replay.stepForward100'
  | 'theme.toggle'
  /** The global kill switch: asks to confirm turning it on (or off when it is on). */
  | 'risk.killSwitch';

/** A key combination; `mod` is Ctrl (or ⌘ on macOS). */
export interface KeyChord {
  readonly key: string;
  readonly mod?: boolean;
  readonly shift?: boolean;
}

/** Where a shortcut applies: 'global' works even while typing; 'replay' only on a screen with a replay (Market, What-if) outside inputs. */
export type ShortcutScope = 'global' | 'replay';

/** One entry of the shortcut map. */
export interface Shortcut {
  readonly action: ActionId;
  readonly chord: KeyChord;
  readonly scope: ShortcutScope;
}

/** The subset of a KeyboardEvent the resolver needs. */
export interface KeyLike {
  readonly key: string;
  readonly code?: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
}

/** What the resolver needs to know about the UI. */
export interface ShortcutContext {
  /** Focus is in a text field, select, range slider or editable element. */
  readonly inInput: boolean;
  readonly screen: ScreenId;
  readonly paletteOpen: boolean;
}

/** Screens whose replay the Space and arrow keys drive. */
export const REPLAY_SCREENS: readonly ScreenId[] = ['market', 'what-if'];

/** The shortcut map. */
export const SHORTCUTS: readonly Shortcut[] = [
  ...SCREENS.map((s): Shortcut => ({ action: `screen.${s.id}`, chord: { key: String(s.index % 10), mod: true }, scope: 'global' })),
  { action: 'palette.toggle', chord: { key: 'k', mod: true }, scope: 'global' },
  { action: 'theme.toggle', chord: { key: 'l', mod: true, shift: true }, scope: 'global' },
  // Global on purpose: the kill switch must be one keystroke away whatever has focus (it still asks to confirm).
  { action: 'risk.killSwitch', chord: { key: 'k', mod: true, shift: true }, scope: 'global' },
  { action: 'replay.toggle', chord: { key: ' ' }, scope: 'replay' },
  { action: 'replay.stepBack', chord: { key: 'ArrowLeft' }, scope: 'replay' },
  { action: 'replay.stepForward', chord: { key: 'ArrowRight' }, scope: 'replay' },
  { action: 'replay.stepBack100', chord: { key: 'ArrowLeft', shift: true }, scope: 'replay' },
  { action: 'replay.stepForward100', chord: { key: 'ArrowRight', shift: true }, scope: 'replay' },
];

function keyOf(ev: KeyLike): string {
  // With Ctrl held some layouts report other characters; the physical digit/letter code is steadier.
  if (ev.code && /^Digit[0-9]$/.test(ev.code)) return ev.code.slice(5);
  if (ev.code && /^Key[A-Z]$/.test(ev.code) && (ev.ctrlKey || ev.metaKey)) return ev.code.slice(3).toLowerCase();
  return ev.key.length === 1 ? ev.key.toLowerCase() : ev.key;
}

/** Resolves a key press to an action, or null when it is not a shortcut in this context. */
export function resolveShortcut(ev: KeyLike, ctx: ShortcutContext): ActionId | null {
  if (ev.altKey) return null;
  const mod = ev.ctrlKey || ev.metaKey;
  const key = keyOf(ev);
  for (const s of SHORTCUTS) {
    if (s.chord.key !== key || Boolean(s.chord.mod) !== mod || Boolean(s.chord.shift) !== ev.shiftKey) continue;
    if (s.scope === 'replay' && (ctx.inInput || ctx.paletteOpen || !REPLAY_SCREENS.includes(ctx.screen))) continue;
    return s.action;
  }
  return null;
}

/** The shortcut bound to an action, if any. */
export function shortcutFor(action: ActionId): Shortcut | undefined {
  return SHORTCUTS.find((s) => s.action === action);
}

const KEY_NAMES: Readonly<Record<string, string>> = { ' ': 'Space', ArrowLeft: '←', ArrowRight: '→', ArrowUp: '↑', ArrowDown: '↓', Escape: 'Esc', Enter: 'Enter' };

/** Human text for a chord: "Ctrl+1", "Shift+→", "Space". */
export function formatChord(chord: KeyChord, mac = false): string {
  const parts: string[] = [];
  if (chord.mod) parts.push(mac ? '⌘' : 'Ctrl');
  if (chord.shift) parts.push('Shift');
  parts.push(KEY_NAMES[chord.key] ?? chord.key.toUpperCase());
  return parts.join('+');
}

/** The shortcut text for an action, or '' when it has none. */
export function shortcutLabel(action: ActionId, mac = false): string {
  const s = shortcutFor(action);
  return s ? formatChord(s.chord, mac) : '';
}

/** Whether an element counts as "typing somewhere" for replay keys. */
export function isTypingTarget(el: { tagName?: string; isContentEditable?: boolean; type?: string } | null): boolean {
  if (!el || !el.tagName) return false;
  const tag = el.tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable) return true;
  if (tag !== 'INPUT') return false;
  const type = (el.type ?? 'text').toLowerCase();
  return !['button', 'submit', 'reset', 'checkbox', 'radio', 'file', 'color'].includes(type);
}
