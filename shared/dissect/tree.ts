/** The field tree of one packet: what the detail pane, hex highlight, filter engine and CLI all read. */
import type { FieldDef } from './fields.ts';
import { fieldLabel, MAX_LABEL } from './format.ts';

export type FieldValue = number | bigint | string | boolean | Uint8Array | undefined;

export interface FieldNode {
  /** The declared field, or undefined for a text-only line. */
  readonly def: FieldDef | undefined;
  readonly value: FieldValue;
  label: string;
  /** Byte range within the data source `source` (0 = the frame itself, n = the packet's n-th extra source). */
  readonly offset: number;
  readonly length: number;
  readonly source: number;
  children: FieldNode[] | undefined;
  /** Generated fields (Wireshark's `[...]`): computed, not read from bytes. */
  readonly generated: boolean;
  /** Hidden fields exist for filters and -T fields but are not shown in the detail pane. */
  readonly hidden: boolean;
}

export interface AddOptions {
  label?: string;
  generated?: boolean;
  hidden?: boolean;
}

/** A data source besides the frame: reassembled TCP payload, decrypted data, … */
export interface ExtraSource {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export class FieldTree {
  readonly roots: FieldNode[] = [];
  readonly sources: ExtraSource[] = [];
  /** The data source new nodes refer to. */
  source = 0;

  add(
    parent: FieldNode | null,
    def: FieldDef,
    offset: number,
    length: number,
    value: FieldValue,
    opts?: AddOptions,
  ): FieldNode {
    const generated = opts?.generated ?? false;
    let label = opts?.label ?? fieldLabel(def, value);
    if (generated && opts?.label === undefined) label = `[${label}]`;
    if (label.length > MAX_LABEL) label = label.slice(0, MAX_LABEL);
    const node: FieldNode = {
      def,
      value,
      label,
      offset,
      length,
      source: this.source,
      children: undefined,
      generated,
      hidden: opts?.hidden ?? false,
    };
    this.attach(parent, node);
    return node;
  }

  text(parent: FieldNode | null, offset: number, length: number, label: string): FieldNode {
    const node: FieldNode = {
      def: undefined,
      value: undefined,
      label: label.length > MAX_LABEL ? label.slice(0, MAX_LABEL) : label,
      offset,
      length,
      source: this.source,
      children: undefined,
      generated: false,
      hidden: false,
    };
    this.attach(parent, node);
    return node;
  }

  addSource(name: string, bytes: Uint8Array): number {
    this.sources.push({ name, bytes });
    return this.sources.length;
  }

  private attach(parent: FieldNode | null, node: FieldNode): void {
    if (!parent) this.roots.push(node);
    else (parent.children ??= []).push(node);
  }
}

/** Depth-first walk over every node. */
export function* walk(nodes: readonly FieldNode[]): Generator<FieldNode> {
  for (const n of nodes) {
    yield n;
    if (n.children) yield* walk(n.children);
  }
}

/** Every node for a field, in tree order. */
export function findAll(tree: FieldTree, abbrev: string): FieldNode[] {
  const out: FieldNode[] = [];
  for (const n of walk(tree.roots)) if (n.def?.abbrev === abbrev) out.push(n);
  return out;
}
