/**
 * Windowing for lists whose rows all have one height (the packet list, the hex pane): which rows to render and
 * where to scroll, in O(rows on screen) whatever the row count — a million-row capture costs no more than a short
 * one, and the count growing while a capture is indexed costs nothing.
 */

/** Rows `first`..`last` (inclusive; none when last < first). */
export interface RowWindow {
  first: number;
  last: number;
}

/** The rows showing in a viewport of `height` px scrolled to `scrollTop`, plus `overscan` rows each side. */
export function visibleRows(
  scrollTop: number,
  height: number,
  count: number,
  rowHeight: number,
  overscan: number,
): RowWindow {
  if (count <= 0 || rowHeight <= 0) return { first: 0, last: -1 };
  const top = Math.max(0, scrollTop);
  const first = Math.max(0, Math.min(count - 1, Math.floor(top / rowHeight)) - overscan);
  const lastShown = Math.floor((top + Math.max(0, height) - 1) / rowHeight);
  const last = Math.min(count - 1, Math.max(first, lastShown) + overscan);
  return { first, last };
}

/** How a row is brought into view: at the top, at the bottom, or only as far as needed ('auto'). */
export type RowAlign = 'start' | 'end' | 'auto';

/** The scrollTop that brings row `index` into a viewport of `height` px now scrolled to `scrollTop`. */
export function scrollTopFor(
  index: number,
  align: RowAlign,
  scrollTop: number,
  height: number,
  rowHeight: number,
): number {
  const start = Math.max(0, index) * rowHeight;
  const end = start + rowHeight;
  const atStart = start;
  const atEnd = Math.max(0, end - height);
  if (align === 'start') return atStart;
  if (align === 'end') return atEnd;
  if (start < scrollTop) return atStart;
  if (end > scrollTop + height) return atEnd;
  return scrollTop;
}
