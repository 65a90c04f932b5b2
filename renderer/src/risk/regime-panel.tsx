import type { SlipstreamApi } from '../../../main/contract/client-api.js';
import { useStore } from '../store/store.js';
import { alertEvidence, dataClock, postureSentence } from './alert-evidence.js';
import { regimePanelStore } from './regime-panel-model.js';
import './regime-panel.css';

/**
 * The Risk screen's regime, volatility and alerts panel: the regime in words (since when, how
 * sure), the volatility forecast against its long-run level, the open alerts each with its
 * evidence, and the audited posture changes with their reasons. Says plainly when the engine has
 * sent nothing.
 */
export function RegimePanel({ api }: { api: SlipstreamApi }) {
  const store = regimePanelStore(api);
  const models = useStore(store, (s) => s.models);
  const postures = useStore(store, (s) => s.postures);
  return (
    <section className="panel rk-models" aria-label="Regime, volatility and alerts">
      <header className="panel-head">
        <h2>Regime · volatility · alerts</h2>
        <span className="panel-sub">models tighten participation within your limits; the gate still checks every order</span>
      </header>
      {models === null ? (
        <p className="muted rk-empty" data-testid="risk-models-empty">
          No model output from the engine yet. On recorded days: slipstream risk vol | regimes | anomalies.
        </p>
      ) : (
        <div className="rk-models-body" data-testid="risk-models">
          <div className="rk-models-row">
            <span className="muted">Regime</span>
            {models.regime ? (
              <span data-testid="risk-regime" data-regime={models.regime.label} className={`rk-regime rk-regime-${models.regime.label}`}>
                {models.regime.label} <span className="muted">since {dataClock(models.regime.since)} · p {models.regime.probability.toFixed(2)}</span>
              </span>
            ) : <span className="muted">—</span>}
          </div>
          <div className="rk-models-row">
            <span className="muted">Volatility</span>
            {models.volatility ? (
              <span data-testid="risk-vol">
                {models.volatility.volBps.toFixed(2)} bps/step ({models.volatility.model})
                {models.volatility.ratio !== null && <span className="muted"> · {models.volatility.ratio.toFixed(2)}× long-run</span>}
              </span>
            ) : <span className="muted">—</span>}
          </div>
          <ol className="rk-alert-list" data-testid="risk-alerts" aria-label="Open alerts">
            {models.alerts.map((a) => (
              <li key={`${a.detector}/${a.feature}/${a.since}`} data-testid="risk-alert">{alertEvidence(a)}</li>
            ))}
            {models.alerts.length === 0 && <li className="muted">No open alerts.</li>}
          </ol>
        </div>
      )}
      {postures.length > 0 && (
        <ol className="rk-posture-list" data-testid="risk-postures" aria-label="Posture changes">
          {postures.map((c) => (
            <li key={`${c.agent}/${c.seq}`} data-testid="risk-posture">
              <span className="mono muted">{c.agent} #{c.seq} · {dataClock(c.at)}</span> {postureSentence(c)}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
