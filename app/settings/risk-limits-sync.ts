import type { EventMessage, Response } from '../../main/contract/index.js';
import type { RiskLimits } from '../../main/contract/risk.js';
import type { SettingsService } from './settings-service.js';

/** The host's own connection to the engine (a relay client: `createPromiseClient`). */
export interface SyncClient {
  request(command: string, args: unknown): Promise<Response>;
  close(): void;
}

/** A running risk-limits sync; `close` detaches it. */
export interface RiskLimitsSync {
  close(): void;
}

/** Same limits, whatever the key order (the engine and the store may order keys differently). */
function canonical(l: RiskLimits): string {
  return JSON.stringify(Object.fromEntries(Object.entries(l).sort(([a], [b]) => a.localeCompare(b))));
}

/**
 * Keeps the engine's risk limits and the settings' `riskLimits` the same, the settings being the
 * record that outlives the engine:
 * - at start, after an engine restart (`engine.restarted`) and whenever the settings' limits change
 *   (a settings write from any client), the stored limits are pushed to the engine (`risk.setLimits`);
 * - when the engine's limits change (`risk.limits`, e.g. a client's `risk.setLimits`), they are stored.
 * A global kill switch that was on when the engine died is turned on again in the new one: a crash
 * must never be what lifts it. Nothing stored is lost: the engine validates with the same schema
 * as the settings, and a refused push or write is logged and leaves both sides as they were.
 * `connect` makes the host's client of the relay, passing it every engine event.
 */
export function syncRiskLimits(
  connect: (onEvent: (ev: EventMessage) => void) => SyncClient,
  settings: SettingsService,
  log: (message: string) => void = (m) => console.error(m),
): RiskLimitsSync {
  /** What the engine last reported or accepted (canonical), null when unknown (a fresh engine). */
  let engineLimits: string | null = null;
  let killOn = false;
  let client: SyncClient | null = null;

  const push = (): void => {
    const limits = settings.get().riskLimits;
    if (!limits || !client || canonical(limits) === engineLimits) return;
    void client.request('risk.setLimits', { limits }).then((r) => {
      if (!r.ok) log(`Slipstream host: the engine refused the stored risk limits: ${r.error.message}`);
    });
  };
  const store = (limits: RiskLimits): void => {
    const stored = settings.get().riskLimits;
    if (stored && canonical(stored) === canonical(limits)) return;
    const r = settings.update({ riskLimits: limits });
    if (!r.ok) log(`Slipstream host: could not store the risk limits: ${r.message}`);
  };

  client = connect((ev) => {
    if (ev.name === 'risk.limits') {
      engineLimits = canonical(ev.payload);
      store(ev.payload);
    } else if (ev.name === 'risk.killSwitch') {
      killOn = ev.payload.global;
    } else if (ev.name === 'engine.restarted') {
      engineLimits = null;
      push();
      if (killOn) {
        void client?.request('risk.setKillSwitch', { scope: 'global', on: true }).then((r) => {
          if (!r.ok) log(`Slipstream host: could not turn the kill switch on again after the restart: ${r.error.message}`);
        });
      }
    }
  });
  const off = settings.onChange((patch) => {
    if ('riskLimits' in patch) push();
  });
  push();
  return {
    close() {
      off();
      client?.close();
      client = null;
    },
  };
}
