// A stand-in for the `electron` module, so the bundled main process (dist/app/electron-main.cjs)
// can run under plain Node in tests: Electron itself cannot run without a display or its binary.
// Loaded with `node --import fake-electron.mjs`; it answers the bundle's `require('electron')`
// (CommonJS loader hook) and lets the test drive the app over the child-process IPC channel
// ({ op, seq, ... } → { seq, reply }).
/* global Request */
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import Module from 'node:module';

const state = { windows: [], ipcHandlers: new Map(), protocolHandler: null, menu: null, contentsHandlers: [], beforeRequest: null, permission: null, sent: [], forks: [], engineExitCodes: [], children: [] };
const app = new EventEmitter();
Object.assign(app, {
  isPackaged: false,
  getAppPath: () => process.env.FAKE_APP_PATH,
  getPath: (name) => (name === 'userData' ? process.env.FAKE_USER_DATA : `/tmp/fake-${name}`),
  getVersion: () => '0.1.0',
  requestSingleInstanceLock: () => true,
  enableSandbox: () => void (state.sandboxEnabled = true),
  whenReady: () => new Promise((resolve) => setImmediate(resolve)),
  // Like Electron: before-quit may be prevented; otherwise the process ends.
  quit() {
    let prevented = false;
    app.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) process.send({ quitted: true, engineExitCodes: state.engineExitCodes }, () => process.exit(0));
  },
});

class WebContents extends EventEmitter {
  constructor() {
    super();
    this.windowOpenHandler = null;
  }
  setWindowOpenHandler(fn) {
    this.windowOpenHandler = fn;
  }
  send(channel, ...args) {
    state.sent.push({ channel, args });
  }
  isDestroyed() {
    return false;
  }
  reload() {}
  toggleDevTools() {}
}

class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new WebContents();
    state.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url) {
    this.url = url;
    return Promise.resolve();
  }
  show() {}
  isMinimized() {
    return false;
  }
  focus() {}
}

// utilityProcess.fork → a Node child with a process.parentPort shim (same contract as Electron's).
const PARENT_PORT_SHIM = `import { EventEmitter } from 'node:events';
  const port = new EventEmitter(); const queued = [];
  port.postMessage = (m) => process.send(m);
  port.on('newListener', (e) => e === 'message' && queueMicrotask(() => queued.splice(0).forEach((m) => port.emit('message', { data: m }))));
  process.on('message', (m) => (port.listenerCount('message') ? port.emit('message', { data: m }) : queued.push(m)));
  process.parentPort = port;`;
const utilityProcess = {
  fork(modulePath, args) {
    const child = fork(modulePath, args, { execArgv: ['--import', `data:text/javascript,${encodeURIComponent(PARENT_PORT_SHIM)}`], serialization: 'advanced', stdio: 'inherit' });
    state.forks.push({ modulePath, args });
    const proc = new EventEmitter();
    child.on('message', (m) => proc.emit('message', m));
    child.on('exit', (code) => {
      state.engineExitCodes.push(code);
      proc.emit('exit', code);
    });
    proc.postMessage = (m) => child.send(m);
    proc.kill = () => child.kill();
    state.children.push(child);
    return proc;
  },
};

const fakeElectron = {
  app,
  BrowserWindow,
  utilityProcess,
  ipcMain: { handle: (ch, fn) => state.ipcHandlers.set(ch, fn), on: () => {} },
  ipcRenderer: undefined,
  // A folder dialog (openDirectory) answers one invented folder; a file dialog two invented files.
  dialog: {
    showOpenDialog: async (a, b) =>
      ((b ?? a)?.properties ?? []).includes('openDirectory') ? { canceled: false, filePaths: ['/models/chosen'] } : { canceled: false, filePaths: ['/data/a.csv', '/data/b.csv'] },
  },
  Menu: { buildFromTemplate: (t) => t, setApplicationMenu: (m) => void (state.menu = m) },
  protocol: { registerSchemesAsPrivileged: (s) => void (state.schemes = s), handle: (scheme, fn) => void (state.protocolHandler = fn) },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (fn) => void (state.permission = fn),
      setPermissionCheckHandler: (fn) => void (state.permissionCheck = fn),
      webRequest: { onBeforeRequest: (fn) => void (state.beforeRequest = fn) },
    },
  },
  shell: { openPath: async () => '' },
  // An OS keychain stand-in: reversible only here (bytes shifted and reversed), never the plain text.
  safeStorage: {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptString: (s) => Buffer.concat([Buffer.from('v11'), Buffer.from(Buffer.from(s, 'utf8').map((b) => (b + 7) & 255)).reverse()]),
    decryptString: (b) => {
      if (b.subarray(0, 3).toString() !== 'v11') throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(Buffer.from(b.subarray(3)).reverse().map((x) => (x - 7) & 255)).toString('utf8');
    },
  },
};

const originalLoad = Module._load;
Module._load = function load(request, ...rest) {
  return request === 'electron' ? fakeElectron : originalLoad.call(this, request, ...rest);
};

// Test control channel.
const ops = {
  async invoke({ channel, args, senderUrl, parent }) {
    const fn = state.ipcHandlers.get(channel);
    const event = { senderFrame: { url: senderUrl, parent: parent ?? null } };
    try {
      return { value: await fn(event, ...args) };
    } catch (err) {
      return { thrown: String(err && err.message) };
    }
  },
  async fetch({ url }) {
    const res = await state.protocolHandler(new Request(url));
    return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
  },
  inspect() {
    const win = state.windows[0];
    const wc = win.webContents;
    const navigation = (url) => {
      let prevented = false;
      wc.emit('will-navigate', { preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    const blocked = (url) => {
      let cancel;
      state.beforeRequest({ url }, (r) => (cancel = r.cancel));
      return cancel;
    };
    let permission;
    state.permission(wc, 'media', (ok) => (permission = ok));
    return {
      sandboxEnabled: !!state.sandboxEnabled,
      schemes: state.schemes,
      webPreferences: win.options.webPreferences,
      url: win.url,
      windowOpen: wc.windowOpenHandler({ url: 'https://example.com' }),
      navigatePrevented: { remote: navigation('https://example.com/'), app: navigation('app://slipstream/index.html') },
      requestBlocked: { remote: blocked('https://example.com/x.js'), app: blocked('app://slipstream/assets/x.js') },
      mediaPermission: permission,
      menu: JSON.parse(JSON.stringify(state.menu, (k, v) => (typeof v === 'function' ? '[fn]' : v))),
      forks: state.forks,
      sent: state.sent,
    };
  },
  quit() {
    app.quit();
    return {};
  },
  // Kills the running engine process from outside, as the OS or a native crash would.
  killEngine() {
    const child = state.children.at(-1);
    child.kill('SIGKILL');
    return { pid: child.pid };
  },
};
process.on('message', async (msg) => {
  if (!msg || !ops[msg.op]) return;
  process.send({ seq: msg.seq, reply: await ops[msg.op](msg) });
});
