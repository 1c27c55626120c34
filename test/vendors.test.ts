/** Ethernet vendor names from the IEEE registry, shortened as Wireshark shows them. */
import { describe, expect, it } from 'vitest';
import { installVendorNames } from '../electron/backend/oui.ts';
import { etherName, setVendorLookup, shortVendorName } from '../shared/dissect/vendors.ts';

describe('vendor names', () => {
  it('shortens registry names like Wireshark', () => {
    expect(shortVendorName('TP-LINK TECHNOLOGIES CO.,LTD.')).toBe('Tp-LinkT');
    expect(shortVendorName('Apple, Inc.')).toBe('Apple');
    expect(shortVendorName('Intel Corporate')).toBe('IntelCor');
    expect(shortVendorName('Burster GmbH & Co KG')).toBe('Burster');
    expect(shortVendorName('Husty M.Styczen J.Hupert Sp.J.')).toBe('HustyMSt');
  });

  it('names addresses by their OUI, broadcast by name, and leaves unknown ones as hex', () => {
    installVendorNames();
    expect(etherName(Uint8Array.of(0x68, 0xa8, 0x6d, 0x18, 0x69, 0x0e), 0)).toBe('Apple_18:69:0e');
    expect(etherName(Uint8Array.of(0x64, 0x66, 0xb3, 0x0b, 0x8f, 0x82), 0)).toBe('Tp-LinkT_0b:8f:82');
    expect(etherName(new Uint8Array(6).fill(0xff), 0)).toBe('Broadcast');
    expect(etherName(Uint8Array.of(0x7a, 0x45, 0x58, 0xc0, 0x1d, 0xc0), 0)).toBe('7a:45:58:c0:1d:c0');
    setVendorLookup(undefined);
    expect(etherName(Uint8Array.of(0x68, 0xa8, 0x6d, 0x18, 0x69, 0x0e), 0)).toBe('68:a8:6d:18:69:0e');
  });
});
