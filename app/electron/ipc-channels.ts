/**
 * IPC channel names shared by the main process and the preload. Kept in a file with no imports
 * so the sandboxed preload bundle stays tiny.
 */
export const IPC = {
  /** invoke(command, args) → the engine's Response envelope. */
  request: 'engine:request',
  /** main → renderer: (name, payload) for every engine event. */
  event: 'engine:event',
  /** invoke() → string[] | null. */
  pickFiles: 'dialog:pickFiles',
  /** invoke() → string | null: a model folder. */
  pickFolder: 'dialog:pickFolder',
  /** invoke() → AppSettings. */
  settingsGet: 'settings:get',
  /** invoke(patch) → { ok: true, settings } | { ok: false, error }. */
  settingsSet: 'settings:set',
  /** invoke({ op: 'list' } | { op: 'save', input } | { op: 'remove', id }) → FixSessionsReply (never a password). */
  fixSessions: 'fix-sessions:call',
  /** main → renderer: (action) from the application menu. */
  menu: 'menu:action',
} as const;
