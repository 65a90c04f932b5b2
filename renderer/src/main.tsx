import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { PreloadBridge, SlipstreamApi } from '../../main/contract/client-api.js';
import { App } from './shell/app.js';
import { Controller } from './shell/controller.js';
import { installTestHooks } from './shell/test-hooks.js';
import { detectHost, wsUrl } from './client/host-info.js';
import { createPreloadClient } from './client/preload-client.js';
import { cachedSettings, chooseSettingsBackend } from './client/settings.js';
import { uploadFile } from './client/upload.js';
import { createWsClient } from './client/ws-client.js';
import { createStore } from './store/store.js';
import type { ConnectionState } from './client/ws-client.js';
import './styles/base.css';
import './styles/shell.css';
import './styles/market.css';
import './styles/ladder.css';
import './styles/panels.css';
import './styles/whatif.css';
import './styles/whatif-results.css';

declare global {
  interface Window {
    slipstream?: PreloadBridge;
  }
}

async function boot(): Promise<void> {
  const cached = cachedSettings();
  document.documentElement.dataset.theme = cached.theme;
  const initial = { theme: cached.theme, panels: cached.panelSizes, speed: cached.replaySpeed, gridColumnStates: cached.gridColumnStates ?? {} };
  const host = detectHost(window.location, typeof window.slipstream === 'object' && window.slipstream !== null);

  let api: SlipstreamApi;
  let connection = createStore<ConnectionState>({ status: 'open', message: null });
  let controller: Controller;
  if (host.mode === 'electron') {
    api = createPreloadClient(window.slipstream!);
    const settings = chooseSettingsBackend(api, null);
    controller = new Controller({ api, settings, initial: { ...initial, settingsBackend: settings.kind } });
  } else if (host.mode === 'browser') {
    const ws = createWsClient(wsUrl(host.origin, host.token!));
    api = ws;
    connection = ws.connection;
    const token = host.token!;
    controller = new Controller({
      api,
      settings: chooseSettingsBackend(api, { origin: host.origin, token }),
      uploader: (file) => uploadFile(host.origin, token, file),
      initial: { ...initial, settingsBackend: 'host' },
    });
  } else if (import.meta.env.DEV && new URLSearchParams(window.location.search).has('fake')) {
    const { createFakeApi } = await import('./dev/fake-api.js');
    api = createFakeApi();
    controller = new Controller({ api, initial });
  } else {
    connection = createStore<ConnectionState>({ status: 'closed', message: 'No engine: open this page from the Slipstream host (its URL carries ?token=…)' });
    api = {
      platform: 'browser',
      request: (command) => Promise.reject(Object.assign(new Error(`No engine connected; cannot run ${String(command)}`), { code: 'state' })),
      onEvent: () => () => undefined,
    };
    controller = new Controller({ api, initial });
  }

  let wasOpen = connection.getState().status === 'open';
  connection.subscribe(() => {
    const state = connection.getState();
    controller.app.setState({ connection: state });
    // After a reconnect the engine may have restarted: ask again who it is and what it has.
    if (state.status === 'open' && !wasOpen) void controller.refresh();
    wasOpen = state.status === 'open';
  });
  controller.app.setState({ connection: connection.getState() });
  installTestHooks(controller);
  void controller.start();

  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App controller={controller} />
    </StrictMode>,
  );
}

void boot();
