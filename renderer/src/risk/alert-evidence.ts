import type { AnomalyAlertWire, PostureChangeWire } from '../../../main/contract/risk-models.js';

/** Feature names in words, with their units. */
const FEATURE: Readonly<Record<AnomalyAlertWire['feature'], string>> = {
  spreadBps: 'Spread (bps)',
  depth: 'Depth',
  flow: 'Order flow',
  returnBps: 'Return (bps)',
  volume: 'Volume',
};

/** Seconds since midnight → hh:mm:ss (the data's clock). */
export function dataClock(sec: number): string {
  const s = Math.floor(sec);
  const p = (n: number): string => String(n).padStart(2, '0');
  const d = Math.floor(s / 86_400);
  return `${d > 0 ? `+${d}d ` : ''}${p(Math.floor((s % 86_400) / 3600))}:${p(Math.floor((s % 3600) / 60))}:${p(s % 60)}`;
}

const v = (x: number): string => (Math.abs(x) >= 1000 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3));

/**
 * An alert's evidence in one line: which feature, which way, the value against its baseline, how
 * far out (robust z), since when; e.g. "Spread (bps) high: 12.1 vs 2.05 usual, z 31.4, since 10:03:12".
 */
export function alertEvidence(a: AnomalyAlertWire): string {
  const forest = a.score !== null && a.scoreThreshold !== null ? `, forest score ${a.score.toFixed(2)} > ${a.scoreThreshold.toFixed(2)}` : '';
  return `${FEATURE[a.feature]} ${a.direction}: ${v(a.value)} vs ${v(a.baseline)} usual, z ${a.peakZ.toFixed(1)}, since ${dataClock(a.since)}${a.open ? '' : ` until ${dataClock(a.until)}`}${forest}`;
}

/** A posture change in words: "max participation 20% → 8%, aggressiveness 0.80 → 0.32: regime stressed; …". */
export function postureSentence(c: PostureChangeWire): string {
  const pct = (x: number): string => `${(x * 100).toFixed(x < 0.1 ? 1 : 0)}%`;
  const why = c.reasons.length ? c.reasons.map((r) => r.detail).join('; ') : "back to the trader's limits";
  return `max participation ${pct(c.from.maxParticipation)} → ${pct(c.to.maxParticipation)}, aggressiveness ${c.from.aggressiveness.toFixed(2)} → ${c.to.aggressiveness.toFixed(2)}: ${why}`;
}
