/** uPlot options and data for the I/O graph: one bar per interval, a filter's matches drawn over the whole capture. */
import uPlot from 'uplot';
import type { IoSeries } from '../../shared/analysis/io-graph.ts';

export type IoUnit = 'packets' | 'bytes';

export const IO_CHART_WIDTH = 600;
export const IO_CHART_HEIGHT = 180;

function valuesOf(series: IoSeries, unit: IoUnit): number[] {
  return unit === 'packets' ? series.packets : series.bytes;
}

/** x = start of each interval in seconds; then the whole capture, then (if given) the filter's matches. */
export function ioChartData(whole: IoSeries, filtered: IoSeries | null, unit: IoUnit): uPlot.AlignedData {
  const xs = whole.packets.map((_, i) => i * whole.intervalSec);
  const data: uPlot.AlignedData = [xs, valuesOf(whole, unit)];
  if (filtered) data.push(xs.map((_, i) => valuesOf(filtered, unit)[i] ?? 0));
  return data;
}

/** The y scale: from zero up to the largest value (at least 1, so an empty graph still has an axis). */
export function yRangeFromZero(max: number | null): uPlot.Range.MinMax {
  return [0, Math.max(1, max ?? 0)];
}

export function ioChartOptions(
  unit: IoUnit,
  intervalSec: number,
  filter: string | null,
  width = IO_CHART_WIDTH,
): uPlot.Options {
  const bars = uPlot.paths.bars?.({ size: [0.9, Infinity], align: 1 });
  const series: uPlot.Series[] = [
    { label: 'Time (s)', value: (_u, v) => (v == null ? '' : `${v.toFixed(intervalSec < 1 ? 3 : 0)} s`) },
    { label: `All ${unit}`, stroke: '#3b7dd8', fill: 'rgba(59, 125, 216, 0.45)', paths: bars, points: { show: false } },
  ];
  if (filter !== null)
    series.push({
      label: filter,
      stroke: '#d8743b',
      fill: 'rgba(216, 116, 59, 0.75)',
      paths: bars,
      points: { show: false },
    });
  return {
    width,
    height: IO_CHART_HEIGHT,
    scales: { x: { time: false }, y: { range: (_u, _min, max) => yRangeFromZero(max) } },
    axes: [{ label: 'seconds' }, { label: unit, size: 60 }],
    series,
    cursor: { drag: { x: false, y: false } },
  };
}
