import { useEffect, type KeyboardEvent } from 'react';
import { RISK_USAGE_LIMITS, type RiskUsageItem } from '../../../main/contract/risk.js';
import { plainGrouped } from '../format/typed-number.js';
import { formatPercent } from '../format/numbers.js';
import type { Controller } from '../shell/controller.js';
import { shortcutLabel } from '../shell/shortcuts.js';
import { useStore } from '../store/store.js';
import { LIMIT_FIELDS } from './limit-fields.js';
import { RegimePanel } from './regime-panel.js';
import { usageLevel } from './usage-level.js';
import './risk.css';

const USAGE_LABEL: Readonly<Record<(typeof RISK_USAGE_LIMITS)[number], { label: string; unit: string }>> = {
  maxOpenOrders: { label: 'Open orders', unit: 'orders' },
  maxPosition: { label: 'Position (worst case)', unit: 'base units' },
  maxOrdersPerSec: { label: 'Orders in the last second', unit: 'orders/s' },
  dailyLossLimit: { label: 'Loss', unit: 'quote ccy' },
};

const num = (v: number) => plainGrouped(Math.round(v * 100) / 100);

function UsageRow({ item }: { item: RiskUsageItem }) {
  const d = USAGE_LABEL[item.limit];
  const level = usageLevel(item.fraction);
  const pct = item.fraction === null ? null : Math.min(1, item.fraction);
  return (
    <tr data-testid={`risk-usage-${item.limit}`} data-fraction={item.fraction ?? ''} className={`lvl-${level}`}>
      <th scope="row">{d.label}</th>
      <td className="num">{num(item.used)}</td>
      <td className="num muted">{item.limitValue === null ? 'no limit' : `${num(item.limitValue)} ${d.unit}`}</td>
      <td className="rk-bar-cell">
        <span className="rk-bar" aria-hidden="true"><span style={{ width: `${pct === null ? 0 : Math.round(pct * 100)}%` }} /></span>
      </td>
      <td className="num">{item.fraction === null ? '—' : formatPercent(item.fraction, 0)}</td>
      <td className="mono muted rk-who">{item.parentId ?? ''}</td>
    </tr>
  );
}

/**
 * Risk (Ctrl+7): the pre-trade gate's limits (edited as typed, Enter saves, Escape reverts), their
 * live use by the working parent orders, the recent denials in the gate's words, and the global
 * kill switch (its shortcut works everywhere and asks to confirm), and the risk models' panel
 * (regime, volatility, alerts with evidence, audited posture changes; `regime-panel.tsx`).
 */
export function RiskScreen({ controller }: { controller: Controller }) {
  const risk = controller.risk;
  const texts = useStore(risk.store, (s) => s.texts);
  const errors = useStore(risk.store, (s) => s.errors);
  const edited = useStore(risk.store, (s) => s.edited);
  const saving = useStore(risk.store, (s) => s.saving);
  const saveError = useStore(risk.store, (s) => s.saveError);
  const notice = useStore(risk.store, (s) => s.notice);
  const kill = useStore(risk.store, (s) => s.killSwitch);
  const killError = useStore(risk.store, (s) => s.killError);
  const usage = useStore(risk.store, (s) => s.usage);
  const loaded = useStore(risk.store, (s) => s.limits !== null);
  const killKey = shortcutLabel('risk.killSwitch');

  useEffect(() => void risk.refresh(), [risk]);

  const onKey = (ev: KeyboardEvent<HTMLFormElement>) => {
    if (ev.key === 'Escape') {
      ev.preventDefault();
      risk.revert();
    }
  };
  const hasErrors = Object.keys(errors).length > 0;
  const killOn = kill?.global ?? false;

  return (
    <div className="risk-screen" data-testid="risk-screen">
      <section className="panel rk-limits" aria-label="Risk limits">
        <header className="panel-head">
          <h2>Limits</h2>
          <span className="panel-sub">pre-trade gate · empty = no limit · apply to new tickets and parent orders</span>
        </header>
        <form
          className="rk-form"
          data-testid="risk-limits-form"
          onKeyDown={onKey}
          onSubmit={(e) => {
            e.preventDefault();
            void risk.save();
          }}
        >
          {LIMIT_FIELDS.map((f) => (
            <div className={'rk-field' + (errors[f.key] ? ' has-error' : '')} key={f.key}>
              <label htmlFor={`rk-${f.key}`} title={f.help}>{f.label}</label>
              <input
                id={`rk-${f.key}`}
                className={'wi-input' + (f.key === 'restricted' ? '' : ' num')}
                value={texts[f.key]}
                placeholder="no limit"
                disabled={!loaded}
                spellCheck={false}
                autoComplete="off"
                aria-invalid={errors[f.key] ? true : undefined}
                aria-describedby={errors[f.key] ? `rk-err-${f.key}` : undefined}
                onChange={(e) => risk.setText(f.key, e.target.value)}
              />
              <span className="rk-unit muted">{f.unit}</span>
              {errors[f.key] && <span className="rk-err" id={`rk-err-${f.key}`} data-testid={`rk-err-${f.key}`}>{errors[f.key]}</span>}
            </div>
          ))}
          {saveError && <div className="rk-err rk-save-err" role="alert" data-testid="rk-save-error">{saveError}</div>}
          {notice && !edited && <div className="rk-notice muted" data-testid="rk-notice">{notice}</div>}
          <div className="rk-actions">
            <button type="submit" className="btn btn-primary" data-testid="rk-save" disabled={!edited || hasErrors || saving}>
              {saving ? 'Saving…' : 'Save'} <kbd>Enter</kbd>
            </button>
            <button type="button" className="btn" data-testid="rk-revert" disabled={!edited} onClick={() => risk.revert()}>
              Revert <kbd>Esc</kbd>
            </button>
          </div>
        </form>
      </section>

      <div className="rk-side">
        <section className={'panel rk-kill' + (killOn ? ' is-on' : '')} aria-label="Kill switch">
          <header className="panel-head">
            <h2>Kill switch</h2>
            <span className="panel-sub">global · every order path</span>
          </header>
          <div className="rk-kill-body">
            <span className="rk-kill-state" data-testid="risk-kill-state" data-on={killOn}>
              {kill === null ? 'unknown' : killOn ? 'ON: every open order cancelled, new orders refused' : 'off'}
            </span>
            {kill && kill.agents.length > 0 && <span className="muted">Also on for {kill.agents.join(', ')}</span>}
            <button type="button" className={'btn ' + (killOn ? 'btn-primary' : 'btn-danger')} data-testid="risk-kill-button" disabled={kill === null} onClick={() => risk.requestKill(!killOn)}>
              {killOn ? 'Turn off…' : 'Kill all…'} <kbd>{killKey}</kbd>
            </button>
            {killError && <span className="rk-err" role="alert">{killError}</span>}
          </div>
        </section>

        <section className="panel rk-usage" aria-label="Risk usage">
          <header className="panel-head">
            <h2>Usage</h2>
            <span className="panel-sub" data-testid="risk-usage-sub">
              {usage ? `${usage.workingParents} working parent order${usage.workingParents === 1 ? '' : 's'} · highest ${formatPercent(usage.highest, 0)} · each parent's own gate, against the limits now` : 'waiting for the engine'}
            </span>
          </header>
          <table className="rk-table">
            <thead>
              <tr><th scope="col">Limit</th><th scope="col" className="num">Used</th><th scope="col" className="num">Limit</th><th scope="col" /><th scope="col" className="num">Use</th><th scope="col">Parent</th></tr>
            </thead>
            <tbody>{usage?.items.map((it) => <UsageRow key={it.limit} item={it} />)}</tbody>
          </table>
        </section>

        <section className="panel rk-denials" aria-label="Recent denials">
          <header className="panel-head">
            <h2>Recent denials</h2>
            <span className="panel-sub">newest first · the gate's words</span>
          </header>
          <ol className="rk-denial-list" data-testid="risk-denials">
            {(usage?.denials ?? []).map((d) => (
              <li key={`${d.parentId}/${d.clientOrderId}`} data-testid="risk-denial">
                <span className="mono muted">{d.parentId} · {d.clientOrderId}</span> <span>{d.message}</span>
              </li>
            ))}
            {usage && usage.denials.length === 0 && <li className="muted rk-empty">No order has been denied by this engine.</li>}
          </ol>
        </section>

        <RegimePanel api={controller.api} />
      </div>
    </div>
  );
}
