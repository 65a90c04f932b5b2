import { useSyncExternalStore } from 'react';

/**
 * Levels per side a ladder shows for a window `heightPx` tall: 10 where there is room, fewer on
 * short windows (1280×720) so the panels below it (statistics, time & sales, the child orders)
 * keep their rows instead of being pushed out of the window.
 */
export function ladderDepthFor(heightPx: number): number {
  if (heightPx < 800) return 6;
  if (heightPx < 880) return 8;
  return 10;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('resize', onChange);
  return () => window.removeEventListener('resize', onChange);
}

/** `ladderDepthFor` the window's height now, following resizes. */
export function useLadderDepth(): number {
  return useSyncExternalStore(subscribe, () => ladderDepthFor(window.innerHeight), () => 10);
}
