/** Loads the IEEE OUI registry (the `oui-data` package) into Wireshark-style short vendor names, once, on demand. */
import { createRequire } from 'node:module';
import { setVendorLookup, shortVendorName } from '../../shared/dissect/vendors.ts';

let table: Map<number, string> | undefined;

function load(): Map<number, string> {
  const data = createRequire(import.meta.url)('oui-data') as Record<string, string>;
  const m = new Map<number, string>();
  for (const [prefix, entry] of Object.entries(data)) {
    const name = entry.split('\n', 1)[0]!;
    if (name && name !== 'Private') m.set(parseInt(prefix, 16), shortVendorName(name));
  }
  return m;
}

/** Makes the dissectors name Ethernet vendors. */
export function installVendorNames(): void {
  setVendorLookup((oui) => (table ??= load()).get(oui));
}
