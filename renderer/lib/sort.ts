/** The packet list's sort state: clicking a header cycles ascending → descending → original (frame) order. */
import type { SortColumn } from '../../shared/protocol/messages.ts';

export interface SortState {
  column: SortColumn;
  descending: boolean;
}

/** The sort after clicking `column`'s header. */
export function nextSort(current: SortState | null, column: SortColumn): SortState | null {
  if (!current || current.column !== column) return { column, descending: false };
  if (!current.descending) return { column, descending: true };
  return null;
}

/** The header's aria-sort value. */
export function ariaSort(current: SortState | null, column: SortColumn): 'ascending' | 'descending' | 'none' {
  if (!current || current.column !== column) return 'none';
  return current.descending ? 'descending' : 'ascending';
}

/** The arrow shown after a sorted header's title. */
export function sortArrow(current: SortState | null, column: SortColumn): string {
  const s = ariaSort(current, column);
  return s === 'ascending' ? '▲' : s === 'descending' ? '▼' : '';
}
