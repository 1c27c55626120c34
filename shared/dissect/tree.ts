/** The field tree of one packet: what the detail pane, hex highlight, filter engine and CLI all read. */
import { allFields, type FieldDef } from './fields.ts';
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

/** A node whose default label is only formatted when something reads it (most never are). */
class Node implements FieldNode {
  children: FieldNode[] | undefined = undefined;
  private text: string | undefined;
  private computed = false;

  constructor(
    readonly def: FieldDef | undefined,
    readonly value: FieldValue,
    label: string | undefined,
    readonly offset: number,
    readonly length: number,
    readonly source: number,
    readonly generated: boolean,
    readonly hidden: boolean,
  ) {
    this.text = label;
  }

  get label(): string {
    if (this.text === undefined) {
      let label = this.def ? fieldLabel(this.def, this.value) : '';
      if (this.def && label.length * 3 > MAX_LABEL) label = truncatedLabel(label, this.def.name);
      if (this.generated) label = `[${label}]`;
      this.text = label;
      // Already cut to Wireshark's length: the brackets of a generated field come on top of it.
      this.computed = true;
    }
    return this.computed || this.text.length <= MAX_LABEL ? this.text : this.text.slice(0, MAX_LABEL);
  }

  set label(v: string) {
    this.text = v;
    this.computed = false;
  }
}

const utf8 = new TextEncoder();

/**
 * A field label too long for Wireshark's label buffer, as Wireshark cuts it: ` [truncated]` after the field name and
 * the text cut to 238 UTF-8 bytes at a character boundary. Labels that fit (239 bytes) are returned unchanged.
 */
export function truncatedLabel(label: string, name: string): string {
  if (utf8.encode(label).length <= MAX_LABEL) return label;
  const marked = label.startsWith(name + ':') ? `${name} [truncated]${label.slice(name.length)}` : label;
  let out = '';
  let bytes = 0;
  for (const ch of marked) {
    const n = utf8.encode(ch).length;
    if (bytes + n > MAX_LABEL - 1) break;
    out += ch;
    bytes += n;
  }
  return out;
}

/** Stands in for every node when the tree is not built (columns only): writes to it go nowhere. */
const SINK: FieldNode = new Node(undefined, undefined, '', 0, 0, 0, false, false);

export class FieldTree {
  readonly roots: FieldNode[] = [];
  readonly sources: ExtraSource[] = [];
  /** The data source new nodes refer to. */
  source = 0;
  /**
   * While set, every field added is first passed through it: lets a protocol reuse another's dissection code under
   * its own field names (DTLS shows the TLS handshake as `dtls.*`).
   */
  mapField: ((def: FieldDef) => FieldDef) | undefined = undefined;

  /** False when nodes are not kept (columns only): dissectors may skip building labels altogether. */
  readonly build: boolean;
  /** True when the whole tree is kept, so labels are read: dissectors build label text only then. */
  readonly labels: boolean;
  private readonly only: KeptFields | undefined;

  /**
   * @param build true for the whole tree; false to dissect for the columns only (no nodes are kept); or the set of
   *   field names a display filter reads, whose nodes alone are kept (as a flat list of roots).
   */
  constructor(build: boolean | ReadonlySet<string> = true) {
    this.build = build !== false;
    this.labels = build === true;
    this.only = typeof build === 'boolean' ? undefined : keptFields(build);
  }

  /**
   * Whether some field of protocol `proto` (`ip`, `tcp`, …: the first component of its name) is kept, so a
   * dissector can skip computing the values of a header nobody reads.
   */
  wants(proto: string): boolean {
    if (!this.build) return false;
    return this.only === undefined || this.only.protocols.has(proto);
  }

  /** Whether the node of field `abbrev` is kept (for values that cost something to compute). */
  keeps(abbrev: string): boolean {
    if (!this.build) return false;
    return this.only === undefined || this.only.names.has(abbrev);
  }

  /**
   * Whether any field of `group` is kept (always, for the whole tree): lets a dissector skip work whose only output
   * is those fields, such as decoding certificates for a filter that reads none of their fields.
   */
  keepsAnyOf(group: FieldGroup): boolean {
    if (!this.build) return false;
    return this.only === undefined || this.only.keepsAnyOf(group);
  }

  add(
    parent: FieldNode | null,
    def: FieldDef,
    offset: number,
    length: number,
    value: FieldValue,
    opts?: AddOptions,
  ): FieldNode {
    if (!this.build) return SINK;
    if (this.mapField) def = this.mapField(def);
    if (this.only) {
      if (!this.only.keeps(def)) return SINK;
      parent = null;
    }
    const node = new Node(
      def,
      value,
      opts?.label,
      offset,
      length,
      this.source,
      opts?.generated ?? false,
      opts?.hidden ?? false,
    );
    this.attach(parent, node);
    return node;
  }

  text(parent: FieldNode | null, offset: number, length: number, label: string): FieldNode {
    if (!this.build || this.only) return SINK;
    const node = new Node(undefined, undefined, label, offset, length, this.source, false, false);
    this.attach(parent, node);
    return node;
  }

  addSource(name: string, bytes: Uint8Array): number {
    this.sources.push({ name, bytes });
    return this.sources.length;
  }

  private attach(parent: FieldNode | null, node: FieldNode): void {
    if (parent === SINK && !this.only) return;
    if (!parent) this.roots.push(node);
    else (parent.children ??= []).push(node);
  }
}

/** Field names a piece of dissection work may add: exact names, and prefixes (`tls.insight.`) for whole families. */
export class FieldGroup {
  /** The last set of kept fields asked about and its answer: one pass asks about the same set packet after packet. */
  lastAsked: KeptFields | undefined = undefined;
  lastAnswer = false;

  constructor(
    readonly names: ReadonlySet<string>,
    readonly prefixes: readonly string[] = [],
  ) {}

  has(name: string): boolean {
    return this.names.has(name) || this.prefixes.some((p) => name.startsWith(p));
  }
}

/** A set of kept field names, with a table by field id so the test per node is one array read. */
class KeptFields {
  /** The protocols (first name component) some kept field belongs to. */
  readonly protocols: ReadonlySet<string>;
  /** 1 at the id of each kept field declared when this was made; later fields are looked up by name. */
  private readonly byId: Uint8Array;

  constructor(readonly names: ReadonlySet<string>) {
    this.protocols = new Set([...names].map((f) => f.split('.', 1)[0]!));
    const declared = allFields();
    this.byId = new Uint8Array(declared.length);
    for (const def of declared) if (names.has(def.abbrev)) this.byId[def.id] = 1;
  }

  /** Answers for each group, computed the first time it is asked about (once per filter, not per packet). */
  private readonly groups = new Map<FieldGroup, boolean>();

  keepsAnyOf(group: FieldGroup): boolean {
    if (group.lastAsked === this) return group.lastAnswer;
    let kept = this.groups.get(group);
    if (kept === undefined) {
      kept = false;
      for (const name of this.names) if (group.has(name)) kept = true;
      this.groups.set(group, kept);
    }
    group.lastAsked = this;
    group.lastAnswer = kept;
    return kept;
  }

  keeps(def: FieldDef): boolean {
    return def.id < this.byId.length ? this.byId[def.id] === 1 : this.names.has(def.abbrev);
  }
}

const keptCache = new WeakMap<ReadonlySet<string>, KeptFields>();

/** The set asked about last: a pass makes a tree over the same set for every packet. */
let lastNames: ReadonlySet<string> | undefined;
let lastKept: KeptFields | undefined;

function keptFields(names: ReadonlySet<string>): KeptFields {
  if (names === lastNames && lastKept) return lastKept;
  let kept = keptCache.get(names);
  if (!kept) {
    kept = new KeptFields(names);
    keptCache.set(names, kept);
  }
  lastNames = names;
  lastKept = kept;
  return kept;
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
