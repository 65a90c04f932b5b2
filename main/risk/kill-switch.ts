import type { KillSwitchScope, KillSwitchState } from '../contract/risk.js';

/** Called when a switch changes; `on` tells whether it was turned on. */
export type KillSwitchListener = (scope: KillSwitchScope, on: boolean) => void;

/** An order path that obeys kill switches; held weakly, so a finished run is freed without detaching. */
export interface KillSwitchTarget {
  killSwitchChanged(scope: KillSwitchScope, on: boolean): void;
}

/**
 * Kill switches, global and per agent (an agent = one order path, e.g. one parent order). Turning
 * one on notifies every order path subscribed, synchronously, so each cancels its open orders and
 * refuses new ones before `set` returns. Invariant: `isOn(agent)` is true exactly when the global
 * switch or that agent's switch is on.
 */
export class KillSwitch {
  private global = false;
  // Made on first use: a training loop builds an order path, and so a switch, per episode (#9).
  private agents: Set<string> | null = null;
  private listeners: Set<KillSwitchListener> | null = null;
  private targets: Set<WeakRef<KillSwitchTarget>> | null = null;
  /** The one path that owns this switch (`attachOwner`), held strongly: it is freed with it. */
  private owner: KillSwitchTarget | null = null;

  isOn(agent?: string): boolean {
    return this.global || (agent !== undefined && this.agents !== null && this.agents.has(agent));
  }

  set(scope: KillSwitchScope, on: boolean): KillSwitchState {
    if (scope === 'global') this.global = on;
    else if (on) (this.agents ??= new Set()).add(scope.agent);
    else this.agents?.delete(scope.agent);
    this.owner?.killSwitchChanged(scope, on);
    const targets = this.targets;
    if (targets !== null) {
      for (const ref of [...targets]) {
        const t = ref.deref();
        if (t === undefined) targets.delete(ref);
        else t.killSwitchChanged(scope, on);
      }
    }
    if (this.listeners !== null) for (const l of [...this.listeners]) l(scope, on);
    return this.state();
  }

  state(): KillSwitchState {
    return { global: this.global, agents: this.agents === null ? [] : [...this.agents].sort() };
  }

  /** Adds an order path, held weakly (it is dropped once garbage-collected). */
  attach(target: KillSwitchTarget): void {
    (this.targets ??= new Set()).add(new WeakRef(target));
  }

  /**
   * Adds the order path that created this switch for itself, held strongly (the two are freed
   * together). No WeakRef: a WeakRef keeps its target alive until the current synchronous job
   * ends, and a training loop that builds an order path per episode without returning to the
   * event loop (a VecEnv worker never does) kept every episode's path and market alive — 9 KB an
   * episode, the GC's work growing with it (#9).
   */
  attachOwner(target: KillSwitchTarget): void {
    if (this.owner !== null) throw new Error('KillSwitch.attachOwner: this switch already has its owner');
    this.owner = target;
  }

  /** Subscribes a listener (held strongly); returns the function that unsubscribes. */
  subscribe(listener: KillSwitchListener): () => void {
    const ls = (this.listeners ??= new Set());
    ls.add(listener);
    return () => ls.delete(listener);
  }
}
