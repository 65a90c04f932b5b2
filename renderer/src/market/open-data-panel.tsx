import { useRef } from 'react';
import { OPEN_FILES_INPUT_ID } from '../shell/command-palette.js';
import type { Controller } from '../shell/controller.js';
import { formatCount } from '../format/numbers.js';
import { formatSessionDate, formatSessionTime } from '../format/time.js';
import { activeJob } from '../store/app-state.js';
import { useStore } from '../store/store.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { JobProgressBar } from '../ui/job-progress.js';

/**
 * Where data is opened: the bundled samples, a file picker (browser upload or Electron's native
 * dialog), the loaded session's summary, the load progress and any error from opening.
 */
export function OpenDataPanel({ controller }: { controller: Controller }) {
  const samples = useStore(controller.app, (s) => s.samples);
  const session = useStore(controller.app, (s) => s.session);
  const opening = useStore(controller.app, (s) => s.opening);
  const jobs = useStore(controller.app, (s) => s.jobs);
  const error = useStore(controller.app, (s) => s.errors.open);
  const connected = useStore(controller.app, (s) => s.connection.status === 'open');
  const inputRef = useRef<HTMLInputElement>(null);
  const job = activeJob(jobs);
  const native = typeof controller.api.pickFiles === 'function';
  const base = session ? { baseEpochNs: session.baseEpochNs, clock: session.clock } : null;

  return (
    <div className="open-data" data-testid="open-data">
      <div className="open-row">
        <span className="group-label">Data</span>
        {(samples ?? []).map((s) => (
          <button
            key={s.id}
            type="button"
            className="btn"
            data-testid={`open-sample-${s.id}`}
            data-sample={s.id}
            disabled={!connected || opening}
            title={`Open the bundled sample: ${s.files.join(', ')} (${s.format})`}
            onClick={() => void controller.openSample(s.id)}
          >
            Sample: {s.label}
          </button>
        ))}
        {samples === null && <span className="muted">loading samples…</span>}
        <button
          type="button"
          className="btn"
          data-testid="open-files"
          disabled={!connected || opening}
          title="Open LOBSTER, Databento MBO, Binance depth, Tardis or bar files (up to 4)"
          onClick={() => (native ? void controller.pickAndOpen() : inputRef.current?.click())}
        >
          Open files…
        </button>
        <input
          ref={inputRef}
          id={OPEN_FILES_INPUT_ID}
          type="file"
          multiple
          hidden
          data-testid="open-files-input"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            void controller.openBrowserFiles(files);
          }}
        />
        {session && base && (
          <span className="session-info" data-testid="session-info" title={`${session.format} (${session.variant}); ${formatCount(session.checkedRows)} rows checked, ${formatCount(session.mismatches)} mismatches`}>
            <b>{session.instrument.symbol}</b>
            <span>{session.instrument.venue}</span>
            <span className="num">{formatSessionDate(session.firstTsNs, base)}</span>
            <span className="num">
              {formatSessionTime(session.firstTsNs, base)}–{formatSessionTime(session.lastTsNs, base)}
            </span>
            <span className="num">{formatCount(session.events)} events</span>
            <span>{session.format}</span>
            {session.mismatches > 0 && <span className="warn">{formatCount(session.mismatches)} mismatches</span>}
          </span>
        )}
        {opening && !job && <span className="muted">opening…</span>}
      </div>
      {job && <JobProgressBar job={job} onCancel={() => void controller.cancelJob(job.jobId)} />}
      {error && <ErrorNotice error={error} onDismiss={() => controller.dismissError('open')} />}
    </div>
  );
}
