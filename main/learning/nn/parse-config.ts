import type { z } from 'zod';

/**
 * Validates an algorithm's config against its zod schema (defaults filled in) and throws a
 * RangeError naming every offending field and its limit, e.g.
 * `ppo config: clipCoef: Too big: expected number to be <=1`. Shared by `ppo/` and `dqn/`.
 */
export function parseConfig<S extends z.ZodType>(schema: S, input: unknown, label: string): z.output<S> {
  const r = schema.safeParse(input ?? {});
  if (r.success) return r.data;
  const msg = r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(config)'}: ${i.message}`).join('; ');
  throw new RangeError(`${label} config: ${msg}`);
}
