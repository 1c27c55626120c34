/** One packet record of a capture file: where its bytes are and what the file says about it. */

export interface PacketRecord {
  /** Byte offset of the packet data in the file. */
  dataOffset: number;
  caplen: number;
  origlen: number;
  /** Absolute time: whole seconds since the epoch and nanoseconds within the second. */
  tsSec: number;
  tsNsec: number;
  /** LINKTYPE_* value of the interface the packet was captured on. */
  linkType: number;
  interfaceId: number;
}

export function emptyRecord(): PacketRecord {
  return { dataOffset: 0, caplen: 0, origlen: 0, tsSec: 0, tsNsec: 0, linkType: 0, interfaceId: 0 };
}

/** A problem found while reading the file: what is wrong and at which byte offset. */
export interface CaptureProblem {
  offset: number;
  message: string;
  /** True when reading stopped here (the rest of the file is not usable). */
  fatal: boolean;
}

export const LINKTYPE = {
  NULL: 0,
  ETHERNET: 1,
  FDDI: 10,
  RAW: 101,
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

/** Some systems write the DLT value rather than the LINKTYPE one. */
export function normalizeLinkType(v: number): number {
  if (v === 12 || v === 14) return LINKTYPE.RAW;
  return v;
}
