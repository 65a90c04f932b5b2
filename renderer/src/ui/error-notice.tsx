import { useState } from 'react';
import { errorDetails } from '../client/engine-error.js';
import type { AreaError } from '../store/app-state.js';
import { copyText } from './copy-text.js';

/** An engine error shown where the action was taken, in the engine's own words, with "Copy details". */
export function ErrorNotice({ error, onDismiss }: { error: AreaError; onDismiss: () => void }) {
  const [copied, setCopied] = useState(false);
  const { info } = error;
  return (
    <div className="error-notice" role="alert" data-testid="error-notice" data-code={info.code}>
      <span className="error-badge">Error</span>
      <span className="error-message">{info.message}</span>
      {info.field && <span className="error-field">field: {info.field}</span>}
      <span className="error-code">{info.code}</span>
      <button
        type="button"
        className="btn btn-xs"
        onClick={() => {
          void copyText(errorDetails(info, error.command, error.args)).then((ok) => {
            setCopied(ok);
            setTimeout(() => setCopied(false), 1500);
          });
        }}
      >
        {copied ? 'Copied' : 'Copy details'}
      </button>
      <button type="button" className="btn btn-xs btn-ghost" aria-label="Dismiss error" title="Dismiss" onClick={onDismiss}>
        ✕
      </button>
    </div>
  );
}
