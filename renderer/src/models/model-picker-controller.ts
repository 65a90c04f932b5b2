import { toEngineError } from '../client/engine-error.js';
import { detectHost } from '../client/host-info.js';
import { uploadFile } from '../client/upload.js';
import type { Controller } from '../shell/controller.js';
import type { AreaError } from '../store/app-state.js';
import { createStore, type Store } from '../store/store.js';
import type { ModelInfo } from './models-controller.js';
import { folderBatch, folderUpload, type FolderFile } from './model-picker-model.js';

/**
 * The model pickers' shared state. Invariants: `chosen` holds folders the engine read and found
 * fitting (`models.inspect`), one per path; `checking[key]` is true while a folder chosen in the
 * picker `key` is uploaded or checked; `errors[key]` is the refusal shown at that picker (the
 * engine's words, with the field), cleared by the next choice there.
 */
export interface ModelPickerState {
  readonly chosen: readonly ModelInfo[];
  readonly checking: Readonly<Record<string, boolean>>;
  readonly errors: Readonly<Record<string, AreaError | null>>;
}

/** Uploads a chosen folder's files to the host in one batch and answers the folder's path there. */
export type FolderUploader = (files: readonly File[], batch: string) => Promise<string>;

/**
 * The model pickers of the TCA, Order ticket and What-if screens: the registry (the Models
 * screen's `models.list`), folders the user chose (read back with `models.inspect`, which checks
 * them against the execution environment), and each picker's choice, persisted in the settings
 * (`modelChoices[key]`). A folder is chosen with the host's folder dialog (Electron) or uploaded
 * as one batch (browser). Never throws: refusals land in `errors[key]`.
 */
export class ModelPickerController {
  readonly store: Store<ModelPickerState>;
  private readonly inspected = new Set<string>();

  constructor(private readonly app: Controller, private readonly upload: FolderUploader | null) {
    this.store = createStore<ModelPickerState>({ chosen: [], checking: {}, errors: {} });
  }

  /** Asks the engine for the registry (shared with the Models screen). */
  refresh(): Promise<void> {
    return this.app.models.refresh();
  }

  /** Whether folders can be chosen here: a native folder dialog or the host's upload. */
  get canChooseFolder(): boolean {
    return typeof this.app.api.pickFolder === 'function' || this.upload !== null;
  }

  /** Whether "Choose a folder…" opens the native dialog (else the browser's folder input). */
  get nativeFolderDialog(): boolean {
    return typeof this.app.api.pickFolder === 'function';
  }

  /** Chooses a model (its folder) in picker `key`; persisted in the settings. */
  select(key: string, path: string | null): void {
    this.setError(key, null);
    this.app.setModelChoice(key, path);
  }

  /** The saved choice of picker `key` (a folder path), if any. */
  saved(key: string): string | undefined {
    return this.app.app.getState().modelChoices[key];
  }

  /**
   * A saved folder that is not in the registry (chosen before a restart): read it back once so
   * it is listed again; if it is gone or no longer fits, the picker falls back to the default and
   * says why.
   */
  async restore(key: string, path: string): Promise<void> {
    if (this.inspected.has(path) || this.store.getState().chosen.some((m) => m.path === path)) return;
    this.inspected.add(path);
    await this.inspect(key, path, null, true);
  }

  /** Opens the native folder dialog (Electron) and checks the folder chosen. */
  async chooseNative(key: string): Promise<void> {
    const pick = this.app.api.pickFolder;
    if (!pick) return;
    let dir: string | null;
    try {
      dir = await pick.call(this.app.api);
    } catch (e) {
      this.fail(key, e, 'dialog.pickFolder', {});
      return;
    }
    if (dir) await this.inspect(key, dir, null, false);
  }

  /** The folder chosen in the browser's folder input: its files uploaded as one batch, then checked. */
  async chooseFiles(key: string, files: readonly (File & FolderFile)[]): Promise<void> {
    const picked = folderUpload(files);
    if ('error' in picked) {
      this.setError(key, { info: { code: 'validation', message: picked.error, field: 'folder' }, command: 'models.inspect', atMs: Date.now() });
      return;
    }
    if (!this.upload) return;
    this.setChecking(key, true);
    let dir: string;
    try {
      const suffix = Array.from(crypto.getRandomValues(new Uint8Array(4)), (b) => b.toString(16).padStart(2, '0')).join('');
      dir = await this.upload(picked.files, folderBatch(picked.folder, suffix));
    } catch (e) {
      this.setChecking(key, false);
      this.fail(key, e, 'upload', { folder: picked.folder, files: picked.files.map((f) => f.name) });
      return;
    }
    await this.inspect(key, dir, picked.folder, false);
  }

  dismissError(key: string): void {
    this.setError(key, null);
  }

  private async inspect(key: string, path: string, name: string | null, restoring: boolean): Promise<void> {
    this.setChecking(key, true);
    try {
      const info = await this.app.api.request('models.inspect', { path });
      // A chosen folder is shown under the name the user knows it by (the upload's folder is renamed by the host).
      const m: ModelInfo = name !== null && info.source === 'folder' ? { ...info, name } : info;
      if (m.source === 'folder') this.store.setState((s) => ({ chosen: [...s.chosen.filter((c) => c.path !== m.path), m] }));
      if (!restoring || this.saved(key) === path) this.select(key, m.path);
    } catch (e) {
      if (restoring && this.saved(key) === path) this.app.setModelChoice(key, null);
      this.fail(key, e, 'models.inspect', { path });
    } finally {
      this.setChecking(key, false);
    }
  }

  private fail(key: string, e: unknown, command: string, args: unknown): void {
    const err = toEngineError(e, command, args);
    this.setError(key, { info: err.info, command, args, atMs: Date.now() });
  }

  private setChecking(key: string, on: boolean): void {
    this.store.setState((s) => ({ checking: { ...s.checking, [key]: on } }));
  }

  private setError(key: string, e: AreaError | null): void {
    this.store.setState((s) => ({ errors: { ...s.errors, [key]: e } }));
  }
}

const pickers = new WeakMap<Controller, ModelPickerController>();

/** The one `ModelPickerController` of an app controller (chosen folders outlive the screens). */
export function modelPickerFor(app: Controller): ModelPickerController {
  let p = pickers.get(app);
  if (!p) {
    p = new ModelPickerController(app, browserFolderUploader());
    pickers.set(app, p);
  }
  return p;
}

/** In browser mode, the headless host's upload (`?batch=` keeps a folder's files together); null elsewhere. */
function browserFolderUploader(): FolderUploader | null {
  if (typeof window === 'undefined') return null;
  const host = detectHost(window.location, Boolean((window as { slipstream?: unknown }).slipstream));
  if (host.mode !== 'browser' || !host.token) return null;
  const token = host.token;
  return async (files, batch) => {
    let last = '';
    for (const f of files) last = await uploadFile(host.origin, token, f, fetch, batch);
    // Every file of the batch is in one folder: the model folder.
    return last.replace(/[\\/][^\\/]*$/, '');
  };
}
