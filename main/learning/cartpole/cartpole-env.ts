import { Rng } from '../../kernel/rng.js';
import type { LearningEnv } from '../env/vec-env-types.js';

/**
 * Gymnasium CartPole-v1's constants (Barto, Sutton & Anderson 1983, as Gymnasium codes them):
 * SI units, Euler integration with step `tau`, pole half-length `length`.
 */
export const CARTPOLE = Object.freeze({
  gravity: 9.8,
  massCart: 1.0,
  massPole: 0.1,
  totalMass: 1.1,
  length: 0.5,
  poleMassLength: 0.05,
  forceMag: 10.0,
  tau: 0.02,
  /** |θ| beyond 12° (in radians) terminates. */
  thetaThresholdRad: (12 * 2 * Math.PI) / 360,
  /** |x| beyond 2.4 m terminates. */
  xThreshold: 2.4,
  /** The TimeLimit of CartPole-v1: the episode is truncated after this many steps. */
  maxSteps: 500,
});

/** The action space of CartPole: 0 pushes the cart left, 1 right. */
export const CARTPOLE_ACTIONS = Object.freeze({ kind: 'discrete', n: 2 } as const);

/**
 * What happened in one CartPole step. Invariants: `terminated` and `truncated` are never both
 * true (a pole that falls on step 500 terminates: the fall is the real outcome); `step` counts
 * the steps of the episode taken so far (0 at reset).
 */
export interface CartPoleInfo {
  readonly seed: number;
  readonly step: number;
  /** The pole fell or the cart left the track: the value of the next state is 0. */
  readonly terminated: boolean;
  /** The 500-step limit cut the episode: the next state still has a value (bootstrap from it). */
  readonly truncated: boolean;
}

/**
 * CartPole-v1 with the same method shapes as `ExecutionEnv` (`reset(seed)`, `step`,
 * `stepInPlace`, `observation`, `done`, `info()`, `obsDim`, `actionSpace`). Observation
 * [x, ẋ, θ, θ̇] as Float32Array(4); reward 1 for every step taken, the terminating one included
 * (as Gymnasium). The state is kept in float64 (as Gymnasium's NumPy state) and rounded to
 * float32 only in the observation.
 *
 * Invariants: same seed + action sequence ⇒ identical observations and rewards; the initial
 * state is uniform in [−0.05, 0.05)⁴ drawn from the kernel's `Rng(seed)`; a done episode refuses
 * further steps until `reset`.
 */
export class CartPoleEnv implements LearningEnv<CartPoleInfo> {
  readonly obsDim = 4;
  readonly actionSpace = CARTPOLE_ACTIONS;
  /** [x, ẋ, θ, θ̇] in float64. */
  readonly state = new Float64Array(4);
  private readonly obs = new Float32Array(4);
  private seedValue = NaN;
  private steps = 0;
  private terminated = false;
  private truncated = false;
  private started = false;

  constructor(readonly maxSteps: number = CARTPOLE.maxSteps) {
    if (!Number.isInteger(maxSteps) || maxSteps < 1) throw new RangeError(`CartPoleEnv: maxSteps must be an integer ≥ 1, got ${maxSteps}`);
  }

  get seed(): number {
    return this.seedValue;
  }

  get done(): boolean {
    return !this.started || this.terminated || this.truncated;
  }

  /** The last observation (a view the next step/reset overwrites in place). */
  get observation(): Float32Array {
    return this.obs;
  }

  /** Starts an episode from `seed`; returns its first observation (a fresh array). */
  reset(seed: number): Float32Array {
    const rng = new Rng(seed);
    for (let i = 0; i < 4; i++) this.state[i] = -0.05 + 0.1 * rng.float();
    return this.setState(this.state, seed);
  }

  /** Starts an episode from a given state (tests, hand-computed steps); `seed` only labels it. */
  setState(state: ArrayLike<number>, seed = NaN): Float32Array {
    if (state.length !== 4) throw new RangeError(`CartPoleEnv.setState: state needs 4 numbers, got ${state.length}`);
    for (let i = 0; i < 4; i++) this.state[i] = state[i]!;
    this.seedValue = seed;
    this.steps = 0;
    this.terminated = false;
    this.truncated = false;
    this.started = true;
    this.obs.set(this.state);
    return this.obs.slice();
  }

  info(): CartPoleInfo {
    return { seed: this.seedValue, step: this.steps, terminated: this.terminated, truncated: this.truncated };
  }

  step(action: number): { observation: Float32Array; reward: number; done: boolean; truncated: boolean; info: CartPoleInfo } {
    const r = this.stepInPlace(action);
    return { observation: this.obs.slice(), ...r };
  }

  /** `step` without copying the observation (it stays in `observation`). */
  stepInPlace(action: number | ArrayLike<number>): { reward: number; done: boolean; truncated: boolean; info: CartPoleInfo } {
    if (!this.started) throw new Error('CartPoleEnv: call reset(seed) first');
    if (this.done) throw new Error('CartPoleEnv: the episode is done; call reset(seed)');
    if (action !== 0 && action !== 1) throw new RangeError(`CartPoleEnv.step: action must be 0 or 1, got ${action}`);
    const c = CARTPOLE;
    const s = this.state;
    const x = s[0]!, xDot = s[1]!, theta = s[2]!, thetaDot = s[3]!;
    const force = action === 1 ? c.forceMag : -c.forceMag;
    const cos = Math.cos(theta);
    const sin = Math.sin(theta);
    const temp = (force + c.poleMassLength * thetaDot * thetaDot * sin) / c.totalMass;
    const thetaAcc = (c.gravity * sin - cos * temp) / (c.length * (4.0 / 3.0 - (c.massPole * cos * cos) / c.totalMass));
    const xAcc = temp - (c.poleMassLength * thetaAcc * cos) / c.totalMass;
    // Gymnasium's 'euler' integrator: positions advance with the OLD velocities.
    s[0] = x + c.tau * xDot;
    s[1] = xDot + c.tau * xAcc;
    s[2] = theta + c.tau * thetaDot;
    s[3] = thetaDot + c.tau * thetaAcc;
    this.steps++;
    this.terminated = s[0] < -c.xThreshold || s[0] > c.xThreshold || s[2] < -c.thetaThresholdRad || s[2] > c.thetaThresholdRad;
    this.truncated = !this.terminated && this.steps >= this.maxSteps;
    this.obs.set(s);
    return { reward: 1, done: this.terminated || this.truncated, truncated: this.truncated, info: this.info() };
  }
}
