import { describe, expect, it } from 'vitest';
import { scrollTopFor, visibleRows } from './fixed-rows.ts';

describe('visibleRows', () => {
  it('covers the rows on screen plus the overscan each side', () => {
    // 20 px rows, 100 px viewport scrolled to row 50: rows 50..54 show.
    expect(visibleRows(1000, 100, 1000, 20, 3)).toEqual({ first: 47, last: 57 });
    // A row cut at the bottom edge counts.
    expect(visibleRows(1010, 100, 1000, 20, 0)).toEqual({ first: 50, last: 55 });
  });

  it('stays inside the list', () => {
    expect(visibleRows(0, 100, 1000, 20, 5)).toEqual({ first: 0, last: 9 });
    expect(visibleRows(19_990, 100, 1000, 20, 5)).toEqual({ first: 994, last: 999 });
    expect(visibleRows(0, 500, 3, 20, 20)).toEqual({ first: 0, last: 2 });
    // Scrolled past the end (the list just shrank): the last rows, not nothing.
    expect(visibleRows(50_000, 100, 10, 20, 2)).toEqual({ first: 7, last: 9 });
    expect(visibleRows(-40, 100, 1000, 20, 0)).toEqual({ first: 0, last: 4 });
  });

  it('is empty without rows, and costs the same for a million rows as for a hundred', () => {
    expect(visibleRows(0, 100, 0, 20, 5)).toEqual({ first: 0, last: -1 });
    const w = visibleRows(10_000_000, 860, 1_000_000, 20, 20);
    expect(w).toEqual({ first: 499_980, last: 500_062 });
  });

  it('renders one row at least when the viewport has no height yet', () => {
    expect(visibleRows(0, 0, 100, 20, 0)).toEqual({ first: 0, last: 0 });
  });
});

describe('scrollTopFor', () => {
  it('aligns at the start or the end', () => {
    expect(scrollTopFor(50, 'start', 0, 100, 20)).toBe(1000);
    expect(scrollTopFor(50, 'end', 0, 100, 20)).toBe(920);
    expect(scrollTopFor(2, 'end', 0, 100, 20)).toBe(0);
  });

  it("'auto' scrolls only as far as needed", () => {
    // Already in view: stays.
    expect(scrollTopFor(51, 'auto', 1000, 100, 20)).toBe(1000);
    // Above: to the top edge; below: to the bottom edge.
    expect(scrollTopFor(40, 'auto', 1000, 100, 20)).toBe(800);
    expect(scrollTopFor(60, 'auto', 1000, 100, 20)).toBe(1120);
    // Partly cut at the bottom: just enough to show it whole.
    expect(scrollTopFor(54, 'auto', 1010, 100, 20)).toBe(1010);
    expect(scrollTopFor(55, 'auto', 1010, 100, 20)).toBe(1020);
  });
});
