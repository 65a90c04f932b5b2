import { useEffect, useMemo, useRef } from 'react';
import type { Controller } from '../shell/controller.js';
import { useStore } from '../store/store.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { modelPickerFor } from './model-picker-controller.js';
import { modelNameOf, pickerOptions, resolveChoice } from './model-picker-model.js';
import './model-picker.css';

/** What a screen needs of the picker's choice: the model folder (null = the engine's shipped agent) and its name. */
export interface ModelChoice {
  readonly path: string | null;
  readonly name: string;
}

/**
 * One agent-model picker (TCA agent rows, Order ticket, What-if): the model registry (shipped and
 * the user's: name, algorithm, version, short weights hash, trained steps) and a "Choose a
 * folder…" button — the native folder dialog in Electron, the browser's folder input (uploaded as
 * one batch) in browser mode — whose folder the engine checks against the execution environment;
 * a refusal is shown here in the engine's words (naming the field) with Copy details. A native
 * <select>, so arrows, Home/End, type-ahead and Enter work as everywhere, then Tab to the button.
 * The choice is kept per `choiceKey` in the settings; `onChoice` hears the resolved choice (also
 * the default or a restored one).
 */
export function ModelPicker({ controller, choiceKey, id, label, onChoice, disabled = false }: { controller: Controller; choiceKey: string; id: string; label: string; onChoice?: (c: ModelChoice) => void; disabled?: boolean }) {
  const picker = modelPickerFor(controller);
  const registry = useStore(controller.models.store, (s) => s.models);
  const chosen = useStore(picker.store, (s) => s.chosen);
  const checking = useStore(picker.store, (s) => s.checking[choiceKey] ?? false);
  const error = useStore(picker.store, (s) => s.errors[choiceKey] ?? null);
  const saved = useStore(controller.app, (s) => s.modelChoices[choiceKey]);
  const connected = useStore(controller.app, (s) => s.connection.status === 'open');
  const options = useMemo(() => pickerOptions(registry, chosen), [registry, chosen]);
  const { path, pending } = resolveChoice(options, saved);
  const name = modelNameOf(options, path);
  const current = options.find((o) => o.path === path) ?? null;
  const folderInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (registry === null && connected) void picker.refresh();
  }, [picker, registry, connected]);
  useEffect(() => {
    if (pending && saved !== undefined && registry !== null) void picker.restore(choiceKey, saved);
  }, [picker, choiceKey, pending, saved, registry]);
  useEffect(() => {
    onChoice?.({ path, name });
  }, [onChoice, path, name]);

  const onSelect = (value: string) => picker.select(choiceKey, value === '' ? null : value);
  // A button, not an entry of the list: arrowing through the models never opens a dialog by landing on it.
  const chooseFolder = () => {
    if (picker.nativeFolderDialog) void picker.chooseNative(choiceKey);
    else folderInput.current?.click();
  };

  return (
    <div className="mp" data-testid={`mp-${choiceKey}`} data-model-path={path ?? ''} data-model-name={name} data-checking={checking || undefined}>
      <div className="mp-row">
      <select
        id={id}
        className="wi-input mp-select"
        aria-label={label}
        value={path ?? ''}
        title={current?.title ?? 'The shipped agent (the engine finds native-models/execution-default)'}
        disabled={checking || disabled}
        onChange={(e) => onSelect(e.target.value)}
      >
        {path === null && <option value="">{registry === null ? 'shipped agent (loading models…)' : 'shipped agent (engine default)'}</option>}
        {options.map((o) => (
          <option key={o.path} value={o.path} disabled={o.disabled} title={o.title}>
            {o.name} — {o.detail}
          </option>
        ))}
      </select>
      {picker.canChooseFolder && (
        <button type="button" className="btn btn-xs mp-choose" disabled={checking || disabled} data-testid={`mp-choose-${choiceKey}`} title="Choose a model folder (model.json, weights, manifest.json): the engine checks it against the execution environment" onClick={chooseFolder}>
          Choose a folder…
        </button>
      )}
      </div>
      {!picker.nativeFolderDialog && (
        <input
          ref={folderInput}
          type="file"
          multiple
          hidden
          data-testid={`mp-folder-${choiceKey}`}
          {...({ webkitdirectory: '' } as object)}
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            void picker.chooseFiles(choiceKey, files);
          }}
        />
      )}
      <div className="mp-detail" data-testid={`mp-detail-${choiceKey}`} title={current?.title}>
        {checking ? <span className="muted">Checking the folder against the execution environment…</span> : current ? (
          <>
            <span className={`mp-source mp-source-${current.source}`}>{current.source === 'shipped' ? 'Shipped' : current.source === 'user' ? 'Yours' : 'Folder'}</span>
            <span className="mono">{current.detail}</span>
          </>
        ) : <span className="muted">native-models/execution-default</span>}
      </div>
      {error && <ErrorNotice error={error} onDismiss={() => picker.dismissError(choiceKey)} />}
    </div>
  );
}
