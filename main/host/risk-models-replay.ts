import type { EventName, EventPayload } from '../contract/index.js';
import type { BookView } from '../market/book/book-types.js';
import type { MarketEvent } from '../market/events/market-event.js';
import type { PostureBounds } from '../risk/posture/posture.js';
import { LiveRiskModels } from './risk-models.js';
import { BookSampler } from './risk-models-sampler.js';

type Emit = <N extends EventName>(name: N, payload: EventPayload<N>) => void;

/**
 * What the Market screen's replay shows the risk desk: with no agent trading, the posture is that
 * of the market itself against the full limits (participation 1, aggressiveness 1), so a change's
 * factor reads directly as how hard the models would cut any agent.
 */
export const REPLAY_POSTURE_BOUNDS: PostureBounds = { maxParticipation: 1, aggressiveness: 1 };

/** Options of `ReplayRiskModels`. */
export interface ReplayRiskOptions {
  readonly sessionId: string;
  readonly day: string;
  readonly sizeDecimals: number;
  readonly bounds?: PostureBounds;
}

/**
 * The live risk models over the Market screen's replay: every replayed event goes through a 1 s
 * `BookSampler` into `LiveRiskModels`; each posture change is emitted at once as `risk.posture`
 * (the engine audits it), the models' view as `risk.models` at most once per frame (`flush`).
 * A seek rebuilds the models from the start of the tape silently (`rebuild`): the changes on the
 * way were emitted when first played or skipped by the user, and are not repeated; the new
 * generation's agent is `replay <session>/<n>` so its `seq` (from 1 again) never collides with the
 * earlier ones'. Tick data only (a bar replay has no book to sample).
 */
export class ReplayRiskModels {
  private models!: LiveRiskModels;
  private sampler!: BookSampler;
  private generation = 0;
  private quiet = false;
  private sentVersion = -1;

  constructor(private readonly emit: Emit, private readonly opts: ReplayRiskOptions) {
    this.build();
  }

  /** The agent name the posture changes carry now. */
  get agent(): string {
    return this.models.tracker.agent;
  }

  readonly onEvent = (_k: number, ev: MarketEvent, book: BookView): void => {
    this.sampler.onEvent(ev, book);
  };

  /** Starts over (the tape is replayed from its start); `advance` feeds it back to the position, silently. */
  rebuild(advance: () => void): void {
    this.generation++;
    this.build();
    this.quiet = true;
    try {
      advance();
    } finally {
      this.quiet = false;
    }
    this.flush();
  }

  /** Emits `risk.models` when the view changed since the last one. */
  flush(): void {
    if (this.models.version === this.sentVersion) return;
    this.sentVersion = this.models.version;
    this.emit('risk.models', this.models.state());
  }

  private build(): void {
    const agent = this.generation === 0 ? `replay ${this.opts.sessionId}` : `replay ${this.opts.sessionId}/${this.generation}`;
    this.models = new LiveRiskModels({
      agent,
      bounds: this.opts.bounds ?? REPLAY_POSTURE_BOUNDS,
      day: this.opts.day,
      onPosture: (c) => {
        if (!this.quiet) this.emit('risk.posture', { ...c, reasons: [...c.reasons] });
      },
    });
    this.sampler = new BookSampler((s) => this.models.push(s), this.opts.sizeDecimals);
    this.sentVersion = -1;
  }
}
