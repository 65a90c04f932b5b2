/**
 * The one settings schema shared by both hosts. zod is the source; the JSON schema handed to
 * `conf` / `electron-store` (which validate with ajv on every write and on load) is derived
 * from it, so the two can never disagree. Types live in the contract (`AppSettings`) because the
 * renderer may import only the contract; the checks at the bottom fail compilation on drift.
 * FIX sessions are not here: they live in `fix-sessions.json` (`fix-sessions.ts`) so that their
 * sealed passwords never travel with `GET /api/settings` and no settings patch can set one.
 */
import { z } from 'zod';
import type { AppSettings } from '../../main/contract/client-api.js';
import { RiskLimitsSchema } from '../../main/contract/risk.js';
import { TF_BACKEND_PREFERENCES } from '../../main/contract/tf-backend.js';

const ColumnStateSchema = z.looseObject({ colId: z.string().min(1).max(200) });

/** Every key a host stores; unknown keys are rejected so typos surface instead of piling up. */
export const SettingsSchema = z.strictObject({
  theme: z.enum(['dark', 'light']),
  panelSizes: z.record(z.string().max(100), z.number().min(0).max(100_000)),
  lastOpenedFiles: z.array(z.string().min(1).max(4096)).max(20),
  replaySpeed: z.union([z.number().positive().max(1_000_000), z.literal('max')]),
  gridColumnStates: z.record(z.string().max(100), z.array(ColumnStateSchema).max(500)),
  /** The pre-trade risk limits (the contract's schema: an absent limit = no limit); absent = the engine's defaults. */
  riskLimits: RiskLimitsSchema.optional(),
  /** The engine's TensorFlow.js backend (auto, tensorflow, wasm, cpu); absent = auto. Read at the engine's start. */
  tfBackend: z.enum(TF_BACKEND_PREFERENCES).optional(),
  /** The agent model folder chosen per screen (ModelPicker); absent = the shipped agent everywhere. */
  modelChoices: z.record(z.string().max(100), z.string().min(1).max(4096)).optional(),
});

/** A partial update; still strict, so an unknown key is a 400, not a silent no-op. */
export const SettingsPatchSchema = SettingsSchema.partial();

/** What a fresh install starts with. */
export const SETTINGS_DEFAULTS: AppSettings = {
  theme: 'dark',
  panelSizes: {},
  lastOpenedFiles: [],
  replaySpeed: 1,
  gridColumnStates: {},
};

/** `schema` option for conf / electron-store: one JSON schema per top-level key. */
export const SETTINGS_JSON_SCHEMA = (z.toJSONSchema(SettingsSchema) as { properties: Record<string, object> }).properties;

/** The outcome of validating untrusted settings input. */
export type SettingsValidation =
  | { ok: true; value: Partial<AppSettings> }
  | { ok: false; field: string; message: string };

/** Validates a patch from a client; on failure names the first offending field. */
export function validateSettingsPatch(input: unknown): SettingsValidation {
  const r = SettingsPatchSchema.safeParse(input);
  if (r.success) return { ok: true, value: r.data as Partial<AppSettings> };
  const issue = r.error.issues[0]!;
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const field = [...issue.path.map(String), ...keys.slice(0, 1)].join('.') || 'settings';
  return { ok: false, field, message: `Invalid setting ${field}: ${issue.message}` };
}

// Compile-time drift checks between the zod schema and the contract's AppSettings.
type Inferred = z.infer<typeof SettingsSchema>;
const _toContract = (s: Inferred): AppSettings => s;
const _fromContract = (s: AppSettings): Inferred => s;
void _toContract;
void _fromContract;
