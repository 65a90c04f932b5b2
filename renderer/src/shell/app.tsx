import { lazy, Suspense, useLayoutEffect } from 'react';
import { MarketScreen } from '../market/market-screen.js';
import { SettingsScreen } from '../settings/settings-screen.js';
import { useStore } from '../store/store.js';
import { CommandPalette } from './command-palette.js';
import type { Controller } from './controller.js';
import { useGlobalShortcuts } from './use-global-shortcuts.js';
import { KillConfirm } from '../risk/kill-confirm.js';
import { LeftRail } from './left-rail.js';
import { PlaceholderScreen } from './placeholder-screen.js';
import { screenDef } from './screens.js';
import { StatusBar } from './status-bar.js';

// Loaded on first visit: it brings AG Grid, which the other screens do not need.
const TcaScreen = lazy(() => import('../tca/tca-screen.js').then((m) => ({ default: m.TcaScreen })));
const TicketScreen = lazy(() => import('../ticket/ticket-screen.js').then((m) => ({ default: m.TicketScreen })));
const RiskScreen = lazy(() => import('../risk/risk-screen.js').then((m) => ({ default: m.RiskScreen })));
const AgentsScreen = lazy(() => import('../agents/agents-screen.js').then((m) => ({ default: m.AgentsScreen })));
const TrainingScreen = lazy(() => import('../training/training-screen.js').then((m) => ({ default: m.TrainingScreen })));
const ModelsScreen = lazy(() => import('../models/models-screen.js').then((m) => ({ default: m.ModelsScreen })));
const WhatIfScreen = lazy(() => import('../whatif/whatif-screen.js').then((m) => ({ default: m.WhatIfScreen })));
const SignalsScreen = lazy(() => import('../signals/signals-screen.js').then((m) => ({ default: m.SignalsScreen })));

/** The workstation shell: left rail, the active screen, the status bar and the command palette. */
export function App({ controller }: { controller: Controller }) {
  const screen = useStore(controller.app, (s) => s.screen);
  const theme = useStore(controller.app, (s) => s.theme);
  const paletteOpen = useStore(controller.app, (s) => s.paletteOpen);
  useGlobalShortcuts(controller);

  // Layout effect: runs before any child's passive effect, so the chart reads the new palette.
  useLayoutEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  const def = screenDef(screen);
  return (
    <div className="app" data-screen={screen}>
      <LeftRail controller={controller} />
      <main className="workspace" aria-label={def.label}>
        {screen === 'market' ? (
          <MarketScreen controller={controller} />
        ) : screen === 'what-if' ? (
          <Suspense fallback={<div className="screen-loading muted">Loading What-if…</div>}>
            <WhatIfScreen controller={controller} />
          </Suspense>
        ) : screen === 'order-ticket' ? (
          <Suspense fallback={<div className="screen-loading muted">Loading Order ticket…</div>}>
            <TicketScreen controller={controller} />
          </Suspense>
        ) : screen === 'tca' ? (
          <Suspense fallback={<div className="screen-loading muted">Loading TCA…</div>}>
            <TcaScreen controller={controller} />
          </Suspense>
        ) : screen === 'risk' ? (
          <Suspense fallback={<div className="screen-loading muted">Loading Risk…</div>}>
            <RiskScreen controller={controller} />
          </Suspense>
        ) : screen === 'agents' ? (
          <Suspense fallback={<div className="screen-loading muted">Loading Agents…</div>}>
            <AgentsScreen controller={controller} />
          </Suspense>
        ) : screen === 'training' ? (
          <Suspense fallback={<div className="screen-loading muted">Loading Training…</div>}>
            <TrainingScreen controller={controller} />
          </Suspense>
        ) : screen === 'models' ? (
          <Suspense fallback={<div className="screen-loading muted">Loading Models…</div>}>
            <ModelsScreen controller={controller} />
          </Suspense>
        ) : screen === 'signals' ? (
          <Suspense fallback={<div className="screen-loading muted">Loading Signals…</div>}>
            <SignalsScreen controller={controller} />
          </Suspense>
        ) : screen === 'settings' ? (
          <SettingsScreen controller={controller} />
        ) : (
          <PlaceholderScreen def={def} />
        )}
      </main>
      <StatusBar controller={controller} />
      {paletteOpen && <CommandPalette controller={controller} />}
      <KillConfirm risk={controller.risk} />
    </div>
  );
}
