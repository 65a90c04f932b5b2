import * as echarts from 'echarts/core';
import { LineChart, ScatterChart } from 'echarts/charts';
import { DataZoomInsideComponent, DataZoomSliderComponent, GridComponent, LegendComponent, TooltipComponent, AxisPointerComponent, MarkAreaComponent, MarkLineComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

// Only what the renderer's charts use, to keep the bundle small.
echarts.use([LineChart, ScatterChart, GridComponent, LegendComponent, TooltipComponent, AxisPointerComponent, DataZoomInsideComponent, DataZoomSliderComponent, MarkLineComponent, MarkAreaComponent, CanvasRenderer]);

export { echarts };
/** The chart instance type. */
export type EChartsInstance = echarts.ECharts;

/** Chart colours taken from the active theme's CSS variables. */
export interface ChartPalette {
  readonly text: string;
  readonly muted: string;
  readonly grid: string;
  readonly axis: string;
  readonly bg: string;
  readonly panel: string;
  readonly bid: string;
  readonly ask: string;
  readonly mid: string;
  readonly neutral: string;
  /** The user's own activity (own orders and fills). */
  readonly accent: string;
  readonly font: string;
  readonly mono: string;
}

/** Reads the palette from CSS custom properties on <html>. */
export function readPalette(el: Element = document.documentElement): ChartPalette {
  const cs = getComputedStyle(el);
  const v = (name: string, fallback: string) => cs.getPropertyValue(name).trim() || fallback;
  return {
    text: v('--text', '#c9d4e0'),
    muted: v('--text-muted', '#7d8a99'),
    grid: v('--grid-line', '#1f2833'),
    axis: v('--border', '#2a3542'),
    bg: v('--bg', '#0b0f14'),
    panel: v('--panel', '#11161d'),
    bid: v('--bid', '#19b3a1'),
    ask: v('--ask', '#f0643c'),
    mid: v('--mid', '#9aa7b6'),
    neutral: v('--neutral', '#8b95a1'),
    accent: v('--accent', '#a27dff'),
    font: v('--font-ui', 'system-ui, sans-serif'),
    mono: v('--font-mono', 'monospace'),
  };
}
