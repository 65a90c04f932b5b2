import { formatBps, formatPrice } from '../format/numbers.js';
import type { Controller } from '../shell/controller.js';
import { useStore } from '../store/store.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { modelPickerFor } from '../models/model-picker-controller.js';
import { modelNameOf, pickerOptions } from '../models/model-picker-model.js';

/**
 * Pre-trade: the Almgren-Chriss expected cost E and risk √V of the ticket in bps of the arrival
 * mid (positive = cost), the model's σ, and the schedule (fraction still held at each period).
 */
export function PreTradePanel({ controller }: { controller: Controller }) {
  const t = controller.ticket;
  const p = useStore(t.store, (s) => s.preview);
  // The model line describes the preview's own model (named as the pickers list it), never the form's newer choice.
  const registry = useStore(controller.models.store, (s) => s.models);
  const chosen = useStore(modelPickerFor(controller).store, (s) => s.chosen);
  const agentName = p?.agent ? modelNameOf(pickerOptions(registry, chosen), p.agent.path) : null;
  const previewing = useStore(t.store, (s) => s.previewing);
  const error = useStore(t.store, (s) => s.previewError);
  const dec = p?.instrument?.priceDecimals ?? 2;
  const stat = (label: string, value: string, testId: string, title: string) => (
    <div className="ot-stat" title={title}>
      <span className="ot-stat-label">{label}</span>
      <span className="ot-stat-value num" data-testid={testId}>
        {value}
      </span>
    </div>
  );
  const n = p ? p.holdings.length - 1 : 0;
  return (
    <section className="panel ot-pretrade" aria-label="Pre-trade" data-testid="ot-pretrade" data-ready={p && p.expectedCostBps !== null ? 'true' : 'false'}>
      <header className="panel-head">
        <h2>Pre-trade · Almgren-Chriss</h2>
        <span className="panel-sub" title="Costs in bps of the arrival mid; positive = a cost to us">
          {previewing ? 'estimating…' : p?.model ? `σ, spread estimated over ${p.model.estimatedOverSec.toFixed(0)} s before the start · bps, + = cost` : 'bps, + = cost'}
        </span>
      </header>
      <div className="ot-pretrade-body">
        <div className="ot-stats">
          {stat('Arrival mid', p ? formatPrice(p.arrivalPriceUnits, dec) : '—', 'ot-arrival', 'The mid at the start')}
          {stat('Expected cost', p ? formatBps(p.expectedCostBps) : '—', 'ot-expected', 'E[implementation shortfall], bps of arrival (half-spread + temporary impact)')}
          {stat('Risk (1 σ)', p ? formatBps(p.stdBps) : '—', 'ot-std', '√Var[implementation shortfall], bps of arrival')}
          {stat('Volatility σ', p?.sigmaBpsPerSqrtSec != null ? `${p.sigmaBpsPerSqrtSec.toFixed(2)} bp/√s` : '—', 'ot-sigma', 'Volatility of the mid before the start')}
        </div>
        {p?.agent && (
          <div className="ot-agent-model" data-testid="ot-agent-model" title={`${p.agent.path}\n${p.agent.version}\nweights SHA-256 ${p.agent.weightsSha256}`}>
            Worked by the agent <b>{agentName}</b> <span className="muted mono">{p.agent.version} · {p.agent.weightsSha256.slice(0, 8)}</span>
            <span className="muted"> · the schedule below is Almgren-Chriss&apos;s, for comparison: the agent decides as it goes</span>
          </div>
        )}
        <div className="ot-schedule-wrap">
        <span className="ot-schedule-title">Schedule · fraction of the order still held at each period{p && p.model ? ` (${p.holdings.length - 1} × ${p.periodSec.toFixed(1)} s, κT ${p.urgencyUsed}${p.urgencyUsed === 0 ? ', linear' : ''})` : ''}</span>
        <div className="ot-schedule" aria-label="Schedule: fraction still held" data-testid="ot-schedule" data-periods={n}>
          {p && n > 0 ? (
            p.holdings.map((h, i) => (
              <div key={i} className="ot-sched-col" title={`t = ${(i * p.periodSec).toFixed(1)} s: ${(h * 100).toFixed(1)} % still held`}>
                <div className="ot-sched-bar" style={{ height: `${Math.max(0, h) * 100}%` }} />
                <span className="ot-sched-tick num">{i === 0 || i === n || i === Math.round(n / 2) ? `${Math.round(i * p.periodSec)}s` : ''}</span>
              </div>
            ))
          ) : (
            <span className="muted">{error ? '' : 'Fill in the ticket to see the schedule'}</span>
          )}
        </div>
        </div>
        {error && <ErrorNotice error={error} onDismiss={() => t.dismissErrors()} />}
      </div>
    </section>
  );
}
