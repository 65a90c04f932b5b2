import { engineRestartText, useEngineRestart } from '../client/engine-restarts.js';
import { formatDuration, formatJobRate, formatPercent } from '../format/numbers.js';
import { activeJob } from '../store/app-state.js';
import { useStore } from '../store/store.js';
import type { Controller } from './controller.js';
import { usageLevel } from '../risk/usage-level.js';
import { shortcutLabel } from './shortcuts.js';

/**
 * Always visible: engine state and active job, TF.js backend, data source, risk usage and the
 * kill switch. Each cell is a labelled item so it reads without colour.
 */
export function StatusBar({ controller }: { controller: Controller }) {
  const connection = useStore(controller.app, (s) => s.connection);
  const hello = useStore(controller.app, (s) => s.hello);
  const jobs = useStore(controller.app, (s) => s.jobs);
  const replay = useStore(controller.app, (s) => s.replay?.state ?? 'empty');
  const source = useStore(controller.app, (s) => s.source);
  const session = useStore(controller.app, (s) => s.session);
  const job = activeJob(jobs);
  // Issue #7: a notice when the host restarted a dead engine (renderer/src/client/engine-restarts.ts).
  const restart = useEngineRestart(controller.api);
  const riskHighest = useStore(controller.risk.store, (s) => s.usage?.highest ?? null);
  const riskTop = useStore(controller.risk.store, (s) => {
    let top: NonNullable<typeof s.usage>['items'][number] | null = null;
    for (const it of s.usage?.items ?? []) if (it.fraction !== null && (top === null || it.fraction > (top.fraction ?? -1))) top = it;
    return top;
  });
  const kill = useStore(controller.risk.store, (s) => s.killSwitch);
  const killOn = kill?.global ?? false;

  const connected = connection.status === 'open';
  const running = job !== null || replay === 'playing' || replay === 'loading';
  const engineText = !connected ? (connection.status === 'connecting' ? 'connecting…' : 'disconnected') : running ? 'running' : 'idle';
  const engineTitle = connection.message ?? (hello ? `Engine ${hello.version} on ${hello.host} host, ${hello.engineThread}` : 'Engine');

  return (
    <footer className="statusbar" role="status" aria-label="Status bar">
      <span className={'sb-item sb-engine ' + (connected ? (running ? 'is-running' : 'is-idle') : 'is-down')} title={engineTitle} data-testid="sb-engine">
        <span className="sb-dot" aria-hidden="true" />
        <span className="sb-key">Engine</span>
        <span className="sb-val">{engineText}</span>
      </span>
      {restart && (
        <span className="sb-item sb-engine-restart" role="alert" data-testid="sb-engine-restart" title={engineRestartText(restart)}>
          <span className="sb-key">Engine</span>
          <span className="sb-val">restarted{restart.restarts > 1 ? ` ×${restart.restarts}` : ''}</span>
        </span>
      )}
      {job && (
        <span className="sb-item sb-job" data-testid="sb-job" title={`${job.label}: ${formatPercent(job.fraction)} at ${formatJobRate(job.rate, job.rateUnit)}, ${formatDuration(job.etaSec)} left`}>
          <span className="sb-key">{job.label}</span>
          <span className="sb-mini-bar" aria-hidden="true">
            <span style={{ width: `${Math.round(job.fraction * 100)}%` }} />
          </span>
          <span className="sb-val num">{formatPercent(job.fraction, 0)}</span>
          <span className="sb-val num muted">{formatDuration(job.etaSec)} left</span>
        </span>
      )}
      {!job && replay === 'playing' && (
        <span className="sb-item" data-testid="sb-job">
          <span className="sb-key">Replay</span>
          <span className="sb-val">playing</span>
        </span>
      )}
      <span className="sb-item" data-testid="sb-backend" title="TensorFlow.js backend used for training and inference">
        <span className="sb-key">TF.js</span>
        <span className="sb-val">{hello?.tfBackend ?? '—'}</span>
      </span>
      <span className="sb-item sb-source" data-testid="sb-source" title={session ? `${session.instrument.symbol} · ${session.instrument.venue} · ${session.format} (${session.variant})` : 'No data connected'}>
        <span className="sb-key">Data</span>
        <span className="sb-val">{source ? `${source.label}` : 'none'}</span>
      </span>
      <span className="sb-spacer" />
      <span
        className={`sb-item sb-risk lvl-${usageLevel(riskHighest)}`}
        data-testid="sb-risk"
        data-fraction={riskHighest ?? ''}
        title={riskTop ? `Highest risk-limit use: ${riskTop.limit} ${formatPercent(riskTop.fraction, 0)}${riskTop.parentId ? ` (${riskTop.parentId})` : ''} — Risk screen (Ctrl+7)` : 'Highest risk-limit use (no limit that accumulates is set)'}
      >
        <span className="sb-key">Risk</span>
        <span className="sb-val num">{riskHighest === null ? '—' : formatPercent(riskHighest, 0)}</span>
      </span>
      <span
        className={'sb-item sb-kill' + (killOn ? ' is-on' : '')}
        data-testid="sb-kill"
        data-on={killOn}
        title={`Kill switch ${killOn ? 'on: open orders cancelled, new orders refused' : kill ? 'off' : 'state unknown'} — ${shortcutLabel('risk.killSwitch')} to ${killOn ? 'turn it off' : 'kill all'} (asks to confirm)`}
      >
        <span className="sb-key">Kill switch</span>
        <span className="sb-val">{kill === null ? '—' : killOn ? 'on' : 'off'}</span>
      </span>
      <span className="sb-item muted" title="Command palette">
        <kbd>Ctrl+K</kbd>
      </span>
    </footer>
  );
}
