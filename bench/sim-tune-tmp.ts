import { MarketSession } from '../main/market/abm/market-session.js';
import { parseScenario } from '../main/market/scenarios/scenario-schema.js';
const dur = Number(process.argv[2] ?? 600);
const over = JSON.parse(process.argv[3] ?? '{}');
const sc = parseScenario({ instrument: { initialPrice: 100 }, durationSec: dur, ...over });
const s = new MarketSession(sc, { seed: 1 });
const t0 = performance.now();
s.runUntilSec(dur);
const ms = performance.now() - t0;
const ex = s.exchange;
const mid = s.series.midPerSec, spr = s.series.spreadPerSec;
let nan = 0, sp = 0, n = 0; const r: number[] = [];
for (let k = 0; k < mid.length; k++) { if (mid[k] !== mid[k]) { nan++; continue; } sp += spr[k]!; n++; if (k > 0 && mid[k-1] === mid[k-1]) r.push(Math.log(mid[k]! / mid[k-1]!)); }
const m = r.reduce((a, b) => a + b, 0) / r.length; const v = r.reduce((a, b) => a + (b - m) ** 2, 0) / r.length; const k4 = r.reduce((a, b) => a + (b - m) ** 4, 0) / r.length / v / v - 3;
const r60: number[] = []; for (let k = 60; k < mid.length; k += 60) r60.push(Math.log(mid[k]! / mid[k-60]!));
const v60 = r60.reduce((a,b)=>a+b*b,0)/r60.length;
console.log(JSON.stringify({ ms: Math.round(ms), evPerSec: Math.round(ex.events / ms * 1000), events: ex.events, simEvPerSec: Math.round(ex.events/dur), trades: ex.trades, tradesPerSec: +(ex.trades/dur).toFixed(1), vol: ex.volume, nanMid: nan, spreadTicks: +(sp / n / s.tickUnits).toFixed(2), vol1sBps: +(Math.sqrt(v) * 1e4).toFixed(2), dailyVolPctFrom1s: +(Math.sqrt(v * 23400) * 100).toFixed(2), dailyVolPctFrom60s: +(Math.sqrt(v60 * 23400/60) * 100).toFixed(2), kurt1s: +k4.toFixed(2), midStart: mid[1], midEnd: mid[mid.length - 1], minMid: Math.min(...mid.filter(x=>x===x)), maxMid: Math.max(...mid.filter(x=>x===x)), fund: Math.round(s.fundamental.value), orders: ex.book.orderCount(), levels: [ex.book.levelCount(1), ex.book.levelCount(-1)], touch: [ex.book.sizeAt(1, ex.book.bestBid()), ex.book.sizeAt(-1, ex.book.bestAsk())], mmInv: Array.from({length: s.makers.count}, (_, i) => s.makers.inventory(i)).slice(0,5), mom: [s.momentum.buys, s.momentum.sells], mr: [s.meanReversion.buys, s.meanReversion.sells], val: [s.value.buys, s.value.sells], heapMB: Math.round(process.memoryUsage().heapUsed/2**20) }));
