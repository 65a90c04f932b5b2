import { useMemo, useRef } from 'react';
import type { OpenSession } from '../store/app-state.js';
import type { BookSnapshot } from '../store/market-accumulator.js';
import { priceDisplayDecimals } from './ladder-model.js';

/** Price/size scales for the current session, with display decimals that never shrink mid-session (no flicker). */
export interface MarketScale {
  readonly priceDecimals: number;
  readonly sizeDecimals: number;
  readonly displayDecimals: number;
}

/** Derives the session's formatting scale; display decimals are sticky per session. */
export function useMarketScale(session: OpenSession | null, book: BookSnapshot | null): MarketScale {
  const sticky = useRef<{ sessionId: string | null; decimals: number }>({ sessionId: null, decimals: 0 });
  const spec = session?.instrument ?? null;
  const d = priceDisplayDecimals(spec, book);
  const sid = session?.sessionId ?? null;
  if (sticky.current.sessionId !== sid) sticky.current = { sessionId: sid, decimals: d };
  else if (d > sticky.current.decimals) sticky.current.decimals = d;
  const priceDecimals = spec?.priceDecimals ?? 2;
  const sizeDecimals = spec?.sizeDecimals ?? 0;
  const displayDecimals = sticky.current.decimals;
  return useMemo(() => ({ priceDecimals, sizeDecimals, displayDecimals }), [priceDecimals, sizeDecimals, displayDecimals]);
}
