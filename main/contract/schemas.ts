import { z } from 'zod';

/**
 * Shared building blocks of the contract. Everything crossing a process boundary is
 * described here with zod; TypeScript types are derived with `z.infer`, never written twice.
 */
export const DataFormatSchema = z.enum(['lobster', 'databento-mbo', 'binance-depth', 'tardis', 'bars']);

export const InstrumentSchema = z.object({
  symbol: z.string(),
  venue: z.string(),
  priceDecimals: z.number().int().min(0).max(9),
  sizeDecimals: z.number().int().min(0).max(9),
  tickSizeUnits: z.number().int().min(0),
});

/** A job's progress: fraction in [0, 1], rate in `rateUnit` per second, time left in seconds (null while unknown). */
export const ProgressSchema = z.object({
  jobId: z.string(),
  label: z.string(),
  fraction: z.number().min(0).max(1),
  rate: z.number().min(0),
  rateUnit: z.string(),
  etaSec: z.number().min(0).nullable(),
  done: z.boolean(),
  cancelled: z.boolean(),
});

/** An error as the user sees it: `message` is the engine's own words; `field` names the offending input when there is one. */
export const ErrorInfoSchema = z.object({
  code: z.enum(['validation', 'not-found', 'data-format', 'state', 'cancelled', 'internal']),
  message: z.string(),
  field: z.string().optional(),
  details: z.string().optional(),
});
export type ErrorInfo = z.infer<typeof ErrorInfoSchema>;
