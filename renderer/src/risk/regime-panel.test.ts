import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { SlipstreamApi } from '../../../main/contract/client-api.js';
import type { EventName, EventPayload } from '../../../main/contract/events.js';
import { RegimePanel } from './regime-panel.js';

/** Just enough of the API for the panel: it only listens to events. */
function fakeApi(): { api: SlipstreamApi; emit: <N extends EventName>(n: N, p: EventPayload<N>) => void } {
  const listeners: ((n: EventName, p: unknown) => void)[] = [];
  const api = { onEvent: (l: (n: EventName, p: unknown) => void) => (listeners.push(l), () => undefined) } as unknown as SlipstreamApi;
  return { api, emit: (n, p) => listeners.forEach((l) => l(n, p)) };
}

describe('RegimePanel', () => {
  it('says plainly when the engine has sent nothing', () => {
    const html = renderToStaticMarkup(createElement(RegimePanel, { api: fakeApi().api }));
    expect(html).toContain('data-testid="risk-models-empty"');
    expect(html).toContain('No model output from the engine yet');
  });

  it('shows the regime in words, the volatility, each alert with its evidence and the posture changes', () => {
    const { api, emit } = fakeApi();
    renderToStaticMarkup(createElement(RegimePanel, { api })); // subscribes
    emit('risk.models', {
      regime: { label: 'stressed', since: 36_000, probability: 0.93 },
      volatility: { model: 'garch', volBps: 1.234, ratio: 1.8 },
      alerts: [{ detector: 'robustZ', feature: 'depth', day: 'd', since: 36_100, until: 36_130, samples: 31, peakAt: 36_110, peakZ: -12.5, value: 210, baseline: 1000, scale: 63, direction: 'low', score: null, scoreThreshold: null, open: true }],
    });
    emit('risk.posture', {
      seq: 1, agent: 'P-7', at: 36_101, from: { maxParticipation: 0.2, aggressiveness: 0.8 }, to: { maxParticipation: 0.08, aggressiveness: 0.32 },
      factor: 0.4, bounds: { maxParticipation: 0.2, aggressiveness: 0.8 }, reasons: [{ source: 'regime', factor: 0.4, detail: 'regime stressed' }],
    });
    const html = renderToStaticMarkup(createElement(RegimePanel, { api }));
    expect(html).toContain('data-regime="stressed"');
    expect(html).toMatch(/stressed <span class="muted">since 10:00:00 · p 0.93/);
    expect(html).toContain('1.23 bps/step (garch)');
    expect(html).toContain('1.80× long-run');
    expect(html).toContain('Depth low: 210 vs 1,000 usual, z -12.5, since 10:01:40');
    expect(html).toContain('P-7 #1 · 10:01:41');
    expect(html).toContain('max participation 20% → 8.0%, aggressiveness 0.80 → 0.32: regime stressed');
  });
});
