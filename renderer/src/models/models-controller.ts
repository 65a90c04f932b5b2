import type { SlipstreamApi } from '../../../main/contract/client-api.js';
import type { CommandResult } from '../../../main/contract/commands.js';
import type { EventName } from '../../../main/contract/events.js';
import { toEngineError } from '../client/engine-error.js';
import type { AreaError } from '../store/app-state.js';
import { createStore, type Store } from '../store/store.js';

/** A shipped or user model as `models.list` gives it. */
export type ModelInfo = CommandResult<'models.list'>[number];

/**
 * The Models screen's state. Invariants: `selected` names a listed model or is null;
 * `confirmDelete` is the id of a user model waiting for the trader's confirmation (never a
 * shipped one); `models` is null before the first answer.
 */
export interface ModelsState {
  readonly models: readonly ModelInfo[] | null;
  readonly selected: string | null;
  readonly confirmDelete: string | null;
  readonly error: AreaError | null;
  readonly notice: string | null;
}

/** Lists the models, shows one, deletes a user model after a confirmation. Never throws. */
export class ModelsController {
  readonly store: Store<ModelsState>;

  constructor(private readonly api: SlipstreamApi) {
    this.store = createStore<ModelsState>({ models: null, selected: null, confirmDelete: null, error: null, notice: null });
  }

  async refresh(): Promise<void> {
    try {
      const models = await this.api.request('models.list', {});
      const sel = this.store.getState().selected;
      this.store.setState({ models, selected: sel && models.some((m) => m.id === sel) ? sel : (models[0]?.id ?? null) });
    } catch (e) {
      this.fail(e, 'models.list');
    }
  }

  onEvent(name: EventName): void {
    // A finished run may have been promoted elsewhere; a restarted engine lost nothing on disk but is asked again.
    if (name === 'engine.restarted') void this.refresh();
  }

  select(id: string): void {
    this.store.setState({ selected: id, confirmDelete: null });
  }

  /** Asks to confirm deleting a user model (shipped ones cannot be). */
  requestDelete(id: string): void {
    const m = this.store.getState().models?.find((x) => x.id === id);
    if (!m || m.source !== 'user') return;
    this.store.setState({ confirmDelete: id, notice: null });
  }

  cancelDelete(): void {
    this.store.setState({ confirmDelete: null });
  }

  async confirmDelete(): Promise<void> {
    const id = this.store.getState().confirmDelete;
    if (!id) return;
    this.store.setState({ confirmDelete: null, error: null });
    try {
      await this.api.request('models.delete', { id });
      this.store.setState({ notice: `Deleted ${id.replace(/^user:/, '')}.` });
    } catch (e) {
      this.fail(e, 'models.delete', { id });
    }
    await this.refresh();
  }

  dismissError(): void {
    this.store.setState({ error: null });
  }

  private fail(e: unknown, command: string, args?: unknown): void {
    const err = toEngineError(e, command, args);
    this.store.setState({ error: { info: err.info, command, args, atMs: Date.now() } });
  }
}
