import type { ModelInfo } from './models-controller.js';

/** The shipped agent's folder name (native-models/execution-default): the default choice. */
export const SHIPPED_AGENT = 'execution-default';

/**
 * One entry of the model picker. Invariants: `path` is unique among the options and absolute (the
 * engine's machine); `disabled` exactly when the model cannot be used (its manifest is unreadable),
 * then `detail` says why.
 */
export interface PickerOption {
  readonly path: string;
  readonly name: string;
  readonly source: ModelInfo['source'];
  /** One line: algorithm · version · weights hash (short) · trained steps, or the problem. */
  readonly detail: string;
  /** Everything, for the tooltip: folder, version, full weights hash. */
  readonly title: string;
  readonly disabled: boolean;
  readonly weightsSha256: string | null;
}

/** The first 8 hex digits of a weights hash (the tooltip has the whole). */
export function shortSha(sha: string | null | undefined): string {
  return sha ? sha.slice(0, 8) : '—';
}

const SOURCE_WORD: Readonly<Record<ModelInfo['source'], string>> = { shipped: 'shipped', user: 'yours', folder: 'folder' };

/** A model's one-line description: algorithm · version · sha (short) · steps. */
export function modelDetail(m: ModelInfo): string {
  if (m.problem) return `unreadable: ${m.problem}`;
  const steps = m.trainingSteps === null ? '— steps' : `${m.trainingSteps.toLocaleString('en-US')} steps`;
  return `${m.algorithm?.toUpperCase() ?? '—'} · v${m.packageVersion ?? '—'} · ${shortSha(m.weightsSha256)} · ${steps}`;
}

function optionOf(m: ModelInfo): PickerOption {
  return {
    path: m.path, name: m.name, source: m.source, detail: modelDetail(m), disabled: m.problem !== null, weightsSha256: m.weightsSha256,
    title: `${m.name} (${SOURCE_WORD[m.source]})\n${m.path}\n${m.problem ?? `${m.algorithm?.toUpperCase() ?? '—'} · package ${m.packageVersion ?? '—'} · format ${m.formatVersion ?? '—'} · ${m.trainingSteps ?? '—'} steps\nweights SHA-256 ${m.weightsSha256 ?? '—'}`}`,
  };
}

/**
 * The picker's entries: the registry's models (shipped, then the user's, as `models.list` orders
 * them), then the folders chosen in this session that are not in the registry — one entry per
 * path (the registry's wins). A registry folder without manifest.json (e.g. native-models/
 * evaluations/) is not a model and is left out; a model whose manifest is unreadable is listed,
 * disabled, with the reason.
 */
export function pickerOptions(registry: readonly ModelInfo[] | null, chosen: readonly ModelInfo[]): PickerOption[] {
  const out: PickerOption[] = [];
  const seen = new Set<string>();
  for (const m of [...(registry ?? []), ...chosen]) {
    if (seen.has(m.path) || m.problem?.endsWith('no manifest.json (not a model folder)')) continue;
    seen.add(m.path);
    out.push(optionOf(m));
  }
  return out;
}

/** The default choice: the shipped agent (`execution-default`), else the first usable shipped model, else null. */
export function defaultChoice(options: readonly PickerOption[]): string | null {
  const shipped = options.filter((o) => o.source === 'shipped' && !o.disabled);
  return (shipped.find((o) => o.name === SHIPPED_AGENT) ?? shipped[0])?.path ?? null;
}

/**
 * What the picker shows as chosen: the saved folder when it is a usable entry, else the default.
 * `pending` is true when a saved folder is not (yet) an entry: it may be a chosen folder still to
 * be read back (`models.inspect`) after a restart.
 */
export function resolveChoice(options: readonly PickerOption[], saved: string | undefined): { path: string | null; pending: boolean } {
  if (saved !== undefined) {
    const o = options.find((x) => x.path === saved);
    if (o && !o.disabled) return { path: o.path, pending: false };
    if (!o) return { path: defaultChoice(options), pending: true };
  }
  return { path: defaultChoice(options), pending: false };
}

/** The shown name of a chosen model folder: its entry's name, else the folder's base name. */
export function modelNameOf(options: readonly PickerOption[], path: string | null): string {
  if (path === null) return SHIPPED_AGENT;
  return options.find((o) => o.path === path)?.name ?? (path.replace(/[\\/]+$/, '').split(/[\\/]/).pop() || path);
}

/**
 * Names for several agent rows, in row order, distinct (the engine labels each `agent:<name>`):
 * a repeated name gets " (2)", " (3)"… appended.
 */
export function distinctNames(names: readonly string[]): string[] {
  const count = new Map<string, number>();
  return names.map((n) => {
    const k = (count.get(n) ?? 0) + 1;
    count.set(n, k);
    return k === 1 ? n : `${n} (${k})`;
  });
}

/** A file of a folder the user chose in the browser (`<input webkitdirectory>`): its name and path inside the chosen folder. */
export interface FolderFile {
  readonly name: string;
  /** "chosen-folder/sub/…/name" as the browser gives it. */
  readonly webkitRelativePath: string;
}

/**
 * The files of a chosen folder to upload as one model folder: those directly inside it (a model
 * folder is flat: model.json, weights, manifest.json; sub-folders such as checkpoints/ are left
 * out). Errors in words when nothing was chosen or the folder has no manifest.json.
 */
export function folderUpload<F extends FolderFile>(files: readonly F[]): { folder: string; files: F[] } | { error: string } {
  if (files.length === 0) return { error: 'No folder was chosen (or it is empty).' };
  const folder = files[0]!.webkitRelativePath.split('/')[0] || 'model';
  const top = files.filter((f) => {
    const parts = f.webkitRelativePath.split('/');
    return parts.length === 2 && parts[0] === folder;
  });
  if (!top.some((f) => f.name === 'manifest.json')) return { error: `The folder ${folder} has no manifest.json: it is not a model folder (choose the folder that holds model.json and manifest.json).` };
  return { folder, files: top };
}

/** An upload batch id for a chosen folder (the host's `batch`: 1-64 letters, digits, _ or -): the folder's name and a random suffix. */
export function folderBatch(folder: string, suffix: string): string {
  const base = folder.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'model';
  return `${base}-${suffix.replace(/[^A-Za-z0-9]/g, '').slice(0, 16)}`;
}
