/**
 * A fixed-height virtual list for a scrolling element: the rows to render (index and offset), the body's height,
 * and scrolling a row into view. Follows the element's scroll position and size; until its size is first known
 * the window's height stands in, so the first render already has its rows without forcing a layout.
 */
import { computed, onBeforeUnmount, onMounted, ref, type ComputedRef, type Ref } from 'vue';
import { scrollTopFor, visibleRows, type RowAlign } from './fixed-rows.ts';

export interface FixedRowItem {
  index: number;
  /** px from the top of the list's body. */
  start: number;
}

export interface FixedRows {
  items: ComputedRef<FixedRowItem[]>;
  totalSize: ComputedRef<number>;
  scrollToIndex(index: number, align?: RowAlign): void;
}

export function useFixedRows(options: {
  scroller: Ref<HTMLElement | null>;
  count: () => number;
  rowHeight: number;
  overscan: number;
}): FixedRows {
  const { scroller, count, rowHeight, overscan } = options;
  const scrollTop = ref(0);
  const height = ref(typeof window === 'undefined' ? 0 : window.innerHeight);
  let resizes: ResizeObserver | undefined;

  const onScroll = (): void => {
    if (scroller.value) scrollTop.value = scroller.value.scrollTop;
  };

  onMounted(() => {
    const el = scroller.value;
    if (!el) return;
    el.addEventListener('scroll', onScroll, { passive: true });
    // Called after layout, so reading the size here forces none.
    resizes = new ResizeObserver(() => (height.value = el.clientHeight));
    resizes.observe(el);
  });
  onBeforeUnmount(() => {
    scroller.value?.removeEventListener('scroll', onScroll);
    resizes?.disconnect();
  });

  // Plain numbers, so scrolling within the same rows changes nothing downstream.
  const rows = computed(() => visibleRows(scrollTop.value, height.value, count(), rowHeight, overscan));
  const firstRow = computed(() => rows.value.first);
  const lastRow = computed(() => rows.value.last);
  const items = computed(() => {
    const first = firstRow.value;
    const last = lastRow.value;
    const list: FixedRowItem[] = [];
    for (let i = first; i <= last; i++) list.push({ index: i, start: i * rowHeight });
    return list;
  });
  const totalSize = computed(() => Math.max(0, count()) * rowHeight);

  function scrollToIndex(index: number, align: RowAlign = 'auto'): void {
    const el = scroller.value;
    if (!el) return;
    const to = scrollTopFor(index, align, el.scrollTop, el.clientHeight, rowHeight);
    if (to !== el.scrollTop) el.scrollTop = to;
    // The scroll event follows; the window moves now so the row is rendered in this frame.
    scrollTop.value = el.scrollTop;
  }

  return { items, totalSize, scrollToIndex };
}
