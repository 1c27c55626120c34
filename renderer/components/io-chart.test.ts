/** The I/O graph's uPlot data and options: bars per interval, a filter's series on the same x values. */
import { describe, expect, it } from 'vitest';
import type { IoSeries } from '../../shared/analysis/io-graph.ts';
import { ioChartData, ioChartOptions, yRangeFromZero } from './io-chart.ts';

const whole: IoSeries = { intervalSec: 0.1, packets: [3, 0, 2, 5], bytes: [180, 0, 120, 900] };
const tls: IoSeries = { intervalSec: 0.1, packets: [1, 0, 0, 4], bytes: [90, 0, 0, 800] };

describe('I/O graph chart', () => {
  it('puts one x value per interval start and the chosen unit on y', () => {
    const [xs, ys] = ioChartData(whole, null, 'packets');
    expect(Array.from(xs).map((x) => Number(x.toFixed(3)))).toEqual([0, 0.1, 0.2, 0.3]);
    expect(ys).toEqual([3, 0, 2, 5]);
    expect(ioChartData(whole, null, 'bytes')[1]).toEqual([180, 0, 120, 900]);
    expect(ioChartData(whole, null, 'bytes')).toHaveLength(2);
  });

  it("adds the filter's matches as a third series, zero where it has no interval", () => {
    const data = ioChartData(whole, { ...tls, packets: [1, 0] }, 'packets');
    expect(data).toHaveLength(3);
    expect(data[2]).toEqual([1, 0, 0, 0]);
    expect(ioChartData(whole, tls, 'bytes')[2]).toEqual([90, 0, 0, 800]);
  });

  it('labels the series and keeps the y axis from zero, with no time scale', () => {
    const plain = ioChartOptions('packets', 0.1, null);
    expect(plain.series.map((s) => s.label)).toEqual(['Time (s)', 'All packets']);
    const filtered = ioChartOptions('bytes', 1, 'tls.handshake');
    expect(filtered.series.map((s) => s.label)).toEqual(['Time (s)', 'All bytes', 'tls.handshake']);
    expect(filtered.scales?.x?.time).toBe(false);
    expect(typeof filtered.scales?.y?.range).toBe('function');
    expect(yRangeFromZero(0)).toEqual([0, 1]);
    expect(yRangeFromZero(null)).toEqual([0, 1]);
    expect(yRangeFromZero(42)).toEqual([0, 42]);
  });
});
