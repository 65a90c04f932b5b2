/** One command-palette entry. */
export interface PaletteCommand {
  readonly id: string;
  readonly label: string;
  readonly group: string;
  /** Shortcut text, '' when none. */
  readonly shortcut: string;
  readonly disabled?: boolean;
  run(): void;
}

/**
 * Filters commands by a query: every whitespace-separated token must appear (case-insensitive)
 * in "group label". Label-prefix matches rank first, then the original order.
 */
export function filterCommands<C extends Pick<PaletteCommand, 'label' | 'group'>>(commands: readonly C[], query: string): C[] {
  const tokens = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return [...commands];
  const scored: { c: C; rank: number; i: number }[] = [];
  commands.forEach((c, i) => {
    const label = c.label.toLowerCase();
    const hay = `${c.group.toLowerCase()} ${label}`;
    if (!tokens.every((t) => hay.includes(t))) return;
    const rank = label.startsWith(tokens[0]!) ? 0 : label.includes(tokens[0]!) ? 1 : 2;
    scored.push({ c, rank, i });
  });
  scored.sort((a, b) => a.rank - b.rank || a.i - b.i);
  return scored.map((s) => s.c);
}

/** Moves a selection index by `delta` within `count` items, wrapping around. */
export function moveSelection(index: number, delta: number, count: number): number {
  if (count <= 0) return 0;
  return (((index + delta) % count) + count) % count;
}
