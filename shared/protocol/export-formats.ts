/**
 * Formats of File → Export: packets as pcap/pcapng, dissections as CSV (tshark -T fields) or JSON (-T json). Kept
 * apart from the protocol's schemas so the renderer can list them without bundling the validation library.
 */
export const EXPORT_FORMATS = ['pcap', 'pcapng', 'csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
