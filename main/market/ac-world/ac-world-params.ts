/**
 * The Almgren-Chriss world as a BACKTEST scenario: the paper's model on the backtest's clock
 * (seconds), so any strategy can trade in it through the order path. Units: prices in $ (decimal
 * quote currency), sizes in shares, time in seconds.
 * Invariants (checked by `parseACWorldParams`, each error names the field and its limit):
 * S0 > 0; sigma ≥ 0 ($/share/√s); epsilon ≥ 1e-4 (half spread, at least one tick of $0.0001,
 * so the quote is never locked); gamma ≥ 0 ($/share per share, permanent); eta > 0 ($/share per
 * share/s, temporary); periodSec > 0 (the world's discrete period τ); marketVolumePerSec ≥ 0
 * (background prints for POV / VWAP; they move nothing).
 */
export interface ACWorldParams {
  readonly S0: number;
  readonly sigma: number;
  readonly epsilon: number;
  readonly gamma: number;
  readonly eta: number;
  readonly periodSec: number;
  readonly marketVolumePerSec: number;
}

/**
 * Defaults: a $50 stock, σ = 0.002 $/√s (≈ 0.62 $ over a 6.5-hour day, 1.2 %), half spread
 * 1 cent, γ = 2.5e-7, η = 2.5e-4 $ per share/s, 1 s periods, 1,000 shares/s of background volume.
 */
export const DEFAULT_AC_WORLD: ACWorldParams = { S0: 50, sigma: 0.002, epsilon: 0.01, gamma: 2.5e-7, eta: 2.5e-4, periodSec: 1, marketVolumePerSec: 1000 };

const LIMITS: Record<keyof ACWorldParams, { min: number; strict: boolean; what: string }> = {
  S0: { min: 0, strict: true, what: 'initial price ($)' },
  sigma: { min: 0, strict: false, what: 'volatility ($/share/√s)' },
  epsilon: { min: 1e-4, strict: false, what: 'half spread ($/share, at least one $0.0001 tick)' },
  gamma: { min: 0, strict: false, what: 'permanent impact ($/share per share)' },
  eta: { min: 0, strict: true, what: 'temporary impact ($/share per share/s)' },
  periodSec: { min: 0, strict: true, what: 'period length (s)' },
  marketVolumePerSec: { min: 0, strict: false, what: 'background volume (shares/s)' },
};

/**
 * Completes and checks AC-world parameters (`source` names the file or option in errors). Unknown
 * fields are errors, so a typo never silently falls back to a default. Throws a RangeError
 * `<source>: <field> …` naming the limit.
 */
export function parseACWorldParams(input: unknown, source = 'ac world'): ACWorldParams {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new RangeError(`${source}: expected an object of Almgren-Chriss parameters`);
  const raw = input as Record<string, unknown>;
  for (const k of Object.keys(raw)) {
    if (!(k in LIMITS)) throw new RangeError(`${source}: unknown field "${k}" (fields: ${Object.keys(LIMITS).join(', ')})`);
  }
  const out: Record<string, number> = { ...DEFAULT_AC_WORLD };
  for (const [k, lim] of Object.entries(LIMITS)) {
    const v = raw[k];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || (lim.strict ? !(v > lim.min) : !(v >= lim.min))) {
      throw new RangeError(`${source}: ${k} (${lim.what}) must be a number ${lim.strict ? '>' : '≥'} ${lim.min}, got ${JSON.stringify(v)}`);
    }
    out[k] = v;
  }
  return out as unknown as ACWorldParams;
}
