/** How full a limit is, for colour (never alone: the percentage is always written): under 60 %, under 90 %, from 90 %. */
export function usageLevel(fraction: number | null): 'none' | 'ok' | 'warn' | 'high' {
  if (fraction === null) return 'none';
  return fraction >= 0.9 ? 'high' : fraction >= 0.6 ? 'warn' : 'ok';
}
