import { formatDuration, formatJobRate, formatPercent } from '../format/numbers.js';
import type { JobProgress } from '../store/app-state.js';

/** A long job: fraction done, rate, time left and a Cancel button. */
export function JobProgressBar({ job, onCancel }: { job: JobProgress; onCancel: () => void }) {
  const pct = Math.round(job.fraction * 1000) / 10;
  return (
    <div className="job-progress" data-testid="job-progress" data-job={job.jobId}>
      <span className="job-label">{job.label}</span>
      <div className="job-bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-label={job.label}>
        <span style={{ width: `${pct}%` }} />
      </div>
      <span className="num job-pct">{formatPercent(job.fraction)}</span>
      <span className="num job-rate" title="Rate">
        {formatJobRate(job.rate, job.rateUnit)}
      </span>
      <span className="num job-eta" title="Time left">
        {formatDuration(job.etaSec)} left
      </span>
      <button type="button" className="btn btn-xs" onClick={onCancel} data-testid="job-cancel">
        Cancel
      </button>
    </div>
  );
}
