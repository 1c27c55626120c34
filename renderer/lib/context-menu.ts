/** The detail tree's right-click menu: what each item does for a node, or null when it is disabled. */
import type { TreeNode } from '../../shared/protocol/messages.ts';
import { filterFor } from './tree.ts';

export type MenuAction =
  { kind: 'apply'; filter: string } | { kind: 'prepare'; filter: string } | { kind: 'copy'; text: string };

export interface MenuItem {
  label: string;
  id: 'apply' | 'prepare' | 'copy-value' | 'copy-name' | 'copy-line';
  /** Null: shown greyed out (text-only lines have no field to filter on or name to copy). */
  action: MenuAction | null;
}

export function treeMenuItems(n: TreeNode): MenuItem[] {
  const filter = filterFor(n);
  return [
    { id: 'apply', label: 'Apply as Filter', action: filter ? { kind: 'apply', filter } : null },
    { id: 'prepare', label: 'Prepare as Filter', action: filter ? { kind: 'prepare', filter } : null },
    { id: 'copy-value', label: 'Copy Value', action: { kind: 'copy', text: n.value ?? n.label } },
    { id: 'copy-name', label: 'Copy Field Name', action: n.abbrev ? { kind: 'copy', text: n.abbrev } : null },
    { id: 'copy-line', label: 'Copy Line', action: { kind: 'copy', text: n.label } },
  ];
}
