// `@tensorflow/tfjs-core` in the browser trainer bundle: the compute page's own tf.js (set on
// globalThis.__slipstreamTf before the trainer is imported), so the trainer runs on the backend the
// page activated and one copy of tf.js is loaded (a second copy re-registers its platform and warns).
/* global module */
'use strict';
const tf = globalThis.__slipstreamTf;
if (!tf) throw new Error('compute trainer: load it from the compute page (globalThis.__slipstreamTf, the page\'s tf.js, is not set)');
module.exports = tf;
