import { PRESET_NAMES, PRESETS } from '../main/market/scenarios/presets.js';
import { runScenario, runStylizedFacts } from '../main/market/scenarios/run-scenario.js';
const names = process.argv[2] ? process.argv[2].split(',') : PRESET_NAMES;
const dur = Number(process.argv[3] ?? 23400);
for (const n of names) {
  const r = runScenario(PRESETS[n as 'calm'], { seed: 7, durationSec: dur, eventLog: false, scaleTimeline: process.argv[4] === 'scale' });
  const f = runStylizedFacts(r);
  const mid = r.series.midPerSec;
  const v = Array.from(mid).filter((x) => x === x);
  const pick = (k: number) => Math.round(mid[k] ?? NaN);
  console.log(n, JSON.stringify({ evps: r.eventsPerSec, events: r.events, tradesPerSec: +(r.trades / dur).toFixed(1), sprMean: f.spreadMeanTicks, sprP95: f.spreadP95Ticks, r1sBps: f.ret1sStdBps, k1s: f.ret1sExcessKurtosis, k1m: f.ret1mExcessKurtosis, dailyVolPct: f.volPerSecBps === null ? null : +(f.volPerSecBps * Math.sqrt(23400) / 100).toFixed(2), acf1m: f.absAcf1m.slice(0, 5), min: Math.min(...v), max: Math.max(...v), at: [0.1, 0.15, 0.16, 0.17, 0.2, 0.3, 0.5, 0.75, 1].map((q) => pick(Math.floor(q * dur))), fund: Math.round(r.session.fundamental.value), mm: r.session.makers.inventory(0) }));
}
