import type { ExecutionContext } from '../execution-context.js';
import type { ParentOrderSpec } from '../parent-order.js';
import { ParentExecutor, type ExecutorOptions } from './parent-executor.js';

/**
 * Immediate: everything now. At startNs it SWEEPS the whole quantity: a market IOC, or, with a
 * limit price, an IOC limit at the limit price (fills every level up to it; the rest is
 * cancelled by the venue). At each heartbeat, if nothing is working and quantity is left (the
 * limit price or max participation held some back), it sweeps again for what is left and
 * allowed. At endNs it stops (IOCs end on their own). Never posts passively.
 */
export class ImmediateExecutor extends ParentExecutor {
  constructor(ctx: ExecutionContext, spec: ParentOrderSpec, opts: ExecutorOptions = {}) {
    super(ctx, spec, opts);
  }

  protected onStart(): void {
    this.sweep(this.spec.quantity);
  }

  protected override onHeartbeat(): void {
    if (this.parent.working().length === 0 && !this.parent.complete) this.sweep(this.spec.quantity);
  }
}
