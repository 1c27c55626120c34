/** The Export dialog's choices turned into a request: which packets (Wireshark's Packet Range) and which format. */
import type { ExportFormat, PacketRange } from '../../shared/protocol/messages.ts';

export type RangeChoice = 'all' | 'displayed' | 'selected' | 'range';

export const FORMAT_LABELS: Readonly<Record<ExportFormat, string>> = {
  pcapng: 'Packets as pcapng',
  pcap: 'Packets as pcap (libpcap)',
  csv: 'Packet dissections as CSV',
  json: 'Packet dissections as JSON',
};

/** The packet range to request, or a message saying why the choice can't be exported. */
export function rangeOf(
  choice: RangeChoice,
  selectedNumber: number,
  rangeText: string,
): { ok: true; range: PacketRange } | { ok: false; message: string } {
  switch (choice) {
    case 'all':
      return { ok: true, range: { kind: 'all' } };
    case 'displayed':
      return { ok: true, range: { kind: 'displayed' } };
    case 'selected':
      if (selectedNumber < 1) return { ok: false, message: 'Select a packet first.' };
      return { ok: true, range: { kind: 'selected', number: selectedNumber } };
    case 'range': {
      const text = rangeText.trim();
      if (!/^[\d\s,;-]+$/.test(text) || !/\d/.test(text))
        return { ok: false, message: 'Type packet numbers and ranges, such as 1-10,15,20-.' };
      return { ok: true, range: { kind: 'range', text } };
    }
  }
}

/** Starts the browser download of an export the backend wrote (serve mode). */
export function startDownload(href: string, name: string, doc: Document = document): void {
  const a = doc.createElement('a');
  a.href = href;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  doc.body.append(a);
  a.click();
  a.remove();
}
