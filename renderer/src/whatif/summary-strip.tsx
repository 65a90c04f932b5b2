import { useState } from 'react';
import { formatSize } from '../format/numbers.js';
import { useStore } from '../store/store.js';
import { copyText } from '../ui/copy-text.js';
import { COST_SIGN_NOTE, summaryItems, type RunScale } from './summary-model.js';
import type { WhatIfController } from './whatif-controller.js';

function CopyHash({ hash }: { hash: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="btn btn-xs btn-ghost wi-copy"
      title="Copy the full event-log hash"
      data-testid="wi-copy-hash"
      onClick={() => {
        void copyText(hash).then((ok) => {
          setCopied(ok);
          setTimeout(() => setCopied(false), 1500);
        });
      }}
    >
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
}

/**
 * The run at a glance: filled / quantity, arrival and average price, implementation shortfall and
 * impact in bps (positive = cost to us, said once in the header tooltip), events, seed and the
 * event-log hash — with whether an identical earlier run gave the same hash.
 */
export function SummaryStrip({ whatif, scale }: { whatif: WhatIfController; scale: RunScale | null }) {
  const run = useStore(whatif.store, (s) => s.run);
  if (!run || !scale) {
    return (
      <section className="panel wi-summary" aria-label="Run summary" data-testid="whatif-summary">
        <header className="panel-head">
          <h2 title={COST_SIGN_NOTE}>Result</h2>
          <span className="panel-sub">no run yet — set up a parent order and press Enter</span>
        </header>
        <div className="wi-summary-empty muted">The same seed and order always give the same path and the same event-log hash.</div>
      </section>
    );
  }
  const { result, args } = run;
  const items = summaryItems(result, args.order.quantity, scale);
  const o = args.order;
  const match = run.matchesPrevious;
  return (
    <section className="panel wi-summary" aria-label="Run summary" data-testid="whatif-summary" data-run={run.runNo}>
      <header className="panel-head">
        <h2 title={COST_SIGN_NOTE} className="has-tip">
          Result
        </h2>
        <span className="panel-sub">
          Run {run.runNo} · {run.sourceLabel} · {result.instrument.symbol} · <span className={o.side === 'buy' ? 'side-buy-text' : 'side-sell-text'}>{o.side === 'buy' ? 'B Buy' : 'S Sell'}</span> {formatSize(o.quantity, scale.sizeDecimals)} {run.strategy} over{' '}
          {o.horizonSec} s from {o.startSec} s{o.algorithm === 'twap' ? `, ${o.slices} slices` : ''}
          {result.model && (
            <span className="mono" data-testid="wi-model" title={`${result.model.path}\n${result.model.version}\nweights SHA-256 ${result.model.weightsSha256}`}>
              {' '}· model {result.model.path.replace(/[\\/]+$/, '').split(/[\\/]/).pop()} {result.model.weightsSha256.slice(0, 8)}
            </span>
          )}
        </span>
        {match !== null && (
          <span className={'wi-determinism ' + (match ? 'ok' : 'bad')} data-testid="wi-determinism" title={match ? 'An earlier run with identical settings produced the same event-log hash' : 'An earlier run with identical settings produced a different event-log hash'}>
            {match ? '✓ same hash as the identical earlier run' : '✗ hash differs from the identical earlier run'}
          </span>
        )}
      </header>
      <dl className="wi-summary-grid">
        {items.map((it) => (
          <div key={it.key} className={`wi-sum wi-sum-${it.key}`} title={it.title}>
            <dt>{it.label}</dt>
            <dd className={`num tone-${it.tone}`} data-testid={`wi-sum-${it.key}`} data-value={it.key === 'hash' ? result.summary.eventLogHash : it.key === 'filled' ? result.summary.filled : undefined}>
              {it.value}
              {it.key === 'hash' && <CopyHash hash={result.summary.eventLogHash} />}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
