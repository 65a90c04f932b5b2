// Every other Node built-in in the browser trainer bundle (fs, path, worker_threads, …): modules
// the trainer's imports reach (readers of replayed days, model folders) but a run on the compute
// page never calls. A CommonJS proxy so named imports bind; any use throws, naming the function.
/* global module */
'use strict';
module.exports = new Proxy({}, {
  get(_t, key) {
    if (key === '__esModule') return false;
    if (typeof key === 'symbol') return undefined;
    return function unavailable() {
      throw new Error(`compute trainer: the Node function ${String(key)} is not available on the compute page (files are the engine's job)`);
    };
  },
});
