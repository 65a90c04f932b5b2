import { describe, expect, it } from 'vitest';
import { filterCommands, moveSelection } from './palette-model.js';
import { SCREENS } from './screens.js';
import { SHORTCUTS, formatChord, isTypingTarget, resolveShortcut, shortcutLabel, type KeyLike, type ShortcutContext } from './shortcuts.js';

const key = (k: string, over: Partial<KeyLike> = {}): KeyLike => ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...over });
const market: ShortcutContext = { inInput: false, screen: 'market', paletteOpen: false };

describe('shortcut map', () => {
  it('maps Ctrl+1…9, 0 to the screens in rail order', () => {
    SCREENS.forEach((s, i) => {
      const d = (i + 1) % 10;
      expect(resolveShortcut(key(String(d), { ctrlKey: true, code: `Digit${d}` }), market)).toBe(`screen.${s.id}`);
    });
    expect(resolveShortcut(key('1', { metaKey: true }), market)).toBe('screen.market');
    // The tenth screen (Signals) is Ctrl+0; Ctrl+1 stays the first.
    expect(resolveShortcut(key('0', { ctrlKey: true, code: 'Digit0' }), market)).toBe('screen.signals');
    expect(resolveShortcut(key('1', { ctrlKey: true, code: 'Digit1' }), market)).toBe('screen.market');
  });

  it('opens the palette with Ctrl+K even while typing', () => {
    expect(resolveShortcut(key('k', { ctrlKey: true }), { ...market, inInput: true })).toBe('palette.toggle');
    expect(resolveShortcut(key('K', { ctrlKey: true, code: 'KeyK' }), market)).toBe('palette.toggle');
  });

  it('reaches the kill switch with Ctrl+Shift+K from anywhere, even while typing, apart from the palette\'s Ctrl+K', () => {
    const ks = key('K', { ctrlKey: true, shiftKey: true, code: 'KeyK' });
    expect(resolveShortcut(ks, market)).toBe('risk.killSwitch');
    expect(resolveShortcut(ks, { inInput: true, screen: 'order-ticket', paletteOpen: true })).toBe('risk.killSwitch');
    expect(resolveShortcut(key('k', { ctrlKey: true, code: 'KeyK' }), market)).toBe('palette.toggle');
    expect(shortcutLabel('risk.killSwitch')).toBe('Ctrl+Shift+K');
  });

  it('maps Space and the arrows to replay only on Market outside inputs', () => {
    expect(resolveShortcut(key(' '), market)).toBe('replay.toggle');
    expect(resolveShortcut(key('ArrowLeft'), market)).toBe('replay.stepBack');
    expect(resolveShortcut(key('ArrowRight'), market)).toBe('replay.stepForward');
    expect(resolveShortcut(key('ArrowLeft', { shiftKey: true }), market)).toBe('replay.stepBack100');
    expect(resolveShortcut(key('ArrowRight', { shiftKey: true }), market)).toBe('replay.stepForward100');
    expect(resolveShortcut(key(' '), { ...market, inInput: true })).toBeNull();
    expect(resolveShortcut(key(' '), { ...market, paletteOpen: true })).toBeNull();
    expect(resolveShortcut(key(' '), { ...market, screen: 'settings' })).toBeNull();
  });

  it('ignores Alt chords and plain letters', () => {
    expect(resolveShortcut(key('1', { ctrlKey: true, altKey: true }), market)).toBeNull();
    expect(resolveShortcut(key('k'), market)).toBeNull();
  });

  it('has no duplicate chords', () => {
    const seen = new Set(SHORTCUTS.map((s) => formatChord(s.chord)));
    expect(seen.size).toBe(SHORTCUTS.length);
  });

  it('labels chords for menus', () => {
    expect(shortcutLabel('screen.market')).toBe('Ctrl+1');
    expect(shortcutLabel('palette.toggle')).toBe('Ctrl+K');
    expect(shortcutLabel('replay.toggle')).toBe('Space');
    expect(shortcutLabel('replay.stepForward100')).toBe('Shift+→');
    expect(formatChord({ key: 'k', mod: true }, true)).toBe('⌘+K');
  });

  it('knows which elements take typing', () => {
    expect(isTypingTarget({ tagName: 'INPUT', type: 'text' })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'range' })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTypingTarget({ tagName: 'SELECT' })).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(isTypingTarget({ tagName: 'BUTTON' })).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});

describe('palette filtering', () => {
  const cmds = [
    { label: 'Go to Market', group: 'Screen' },
    { label: 'Go to Settings', group: 'Screen' },
    { label: 'Open sample: AMZN', group: 'Data' },
    { label: 'Play replay', group: 'Replay' },
  ];

  it('matches every token, ranking label prefixes first', () => {
    expect(filterCommands(cmds, '')).toHaveLength(4);
    expect(filterCommands(cmds, 'amzn').map((c) => c.label)).toEqual(['Open sample: AMZN']);
    expect(filterCommands(cmds, 'go set').map((c) => c.label)).toEqual(['Go to Settings']);
    expect(filterCommands(cmds, 'replay').map((c) => c.label)).toEqual(['Play replay']);
    expect(filterCommands(cmds, 'p')[0]!.label).toBe('Play replay');
    expect(filterCommands(cmds, 'zzz')).toEqual([]);
  });

  it('wraps the selection', () => {
    expect(moveSelection(0, -1, 3)).toBe(2);
    expect(moveSelection(2, 1, 3)).toBe(0);
    expect(moveSelection(0, 1, 0)).toBe(0);
  });
});
