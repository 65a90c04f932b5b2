/**
 * The clock every time in a panel is on ("times: simulated", "times: exchange-local"), as a small
 * tag in the panel's header, so one view never mixes clocks without saying which is which.
 */
export function ClockTag({ clocks, testId }: { clocks: readonly string[]; testId: string }) {
  if (clocks.length === 0) return null;
  return (
    <span className="clock-tag" data-testid={testId} data-clock={clocks.join(',')} title="The clock every time in this panel is on">
      times: {clocks.join(' / ')}
    </span>
  );
}
