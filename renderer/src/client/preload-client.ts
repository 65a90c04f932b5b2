import type { PreloadBridge, SlipstreamApi } from '../../../main/contract/client-api.js';
import type { CommandArgs, CommandName, CommandResult } from '../../../main/contract/commands.js';
import type { EventName } from '../../../main/contract/events.js';
import { toEngineError } from './engine-error.js';

/**
 * Wraps the Electron preload's untyped bridge in the typed `SlipstreamApi`. The bridge rejects
 * with the engine's `ErrorInfo` as a plain object; this turns it back into an `EngineError`.
 */
export function createPreloadClient(bridge: PreloadBridge): SlipstreamApi {
  const api: SlipstreamApi = {
    platform: 'electron',
    async request<N extends CommandName>(command: N, args: CommandArgs<N>): Promise<CommandResult<N>> {
      try {
        return (await bridge.request(String(command), args)) as CommandResult<N>;
      } catch (err) {
        throw toEngineError(err, String(command), args);
      }
    },
    onEvent(listener) {
      return bridge.onEvent((name, payload) => (listener as (n: EventName, p: unknown) => void)(name as EventName, payload));
    },
    pickFiles: () => bridge.pickFiles(),
  };
  const { getSettings, setSettings, onMenu } = bridge;
  if (getSettings && setSettings) {
    Object.assign(api, {
      getSettings: () => getSettings.call(bridge),
      setSettings: async (patch: Parameters<typeof setSettings>[0]) => {
        try {
          return await setSettings.call(bridge, patch);
        } catch (err) {
          throw toEngineError(err, 'settings.set', patch);
        }
      },
    });
  }
  const { pickFolder } = bridge;
  if (pickFolder) Object.assign(api, { pickFolder: () => pickFolder.call(bridge) });
  if (onMenu) Object.assign(api, { onMenu: (l: Parameters<typeof onMenu>[0]) => onMenu.call(bridge, l) });
  return api;
}
