import { describe, expect, it } from 'vitest';
import {
  alertDescriptions,
  alertLevels,
  cipherSuites,
  compressionMethods,
  contentTypes,
  extensionTypes,
  handshakeTypes,
  hashAlgorithms,
  isGrease,
  namedGroups,
  pskKeyExchangeModes,
  recordVersions,
  signatureAlgorithms,
  signatureSchemes,
  sslv2CipherSpecs,
} from './tables.ts';

describe('TLS value tables', () => {
  it('names record content types and versions', () => {
    expect(contentTypes.get(22)).toBe('Handshake');
    expect(contentTypes.get(23)).toBe('Application Data');
    expect(recordVersions.get(0x0303)).toBe('TLS 1.2');
    expect(recordVersions.get(0x0304)).toBe('TLS 1.3');
    expect(recordVersions.get(0x7f1c)).toBe('TLS 1.3 (draft 28)');
    expect(recordVersions.get(0xfefd)).toBe('DTLS 1.2');
    expect(recordVersions.get(0xfb17)).toBe('TLS 1.3 (Facebook draft 23)');
  });

  it('names handshake types and alerts', () => {
    expect(handshakeTypes.get(1)).toBe('Client Hello');
    expect(handshakeTypes.get(21)).toBe('Client Certificate URL');
    expect(alertLevels.get(2)).toBe('Fatal');
    expect(alertDescriptions.get(0)).toBe('Close Notify');
    expect(alertDescriptions.get(40)).toBe('Handshake Failure');
    expect(alertDescriptions.get(120)).toBe('No application Protocol');
  });

  it('names cipher suites', () => {
    expect(cipherSuites.get(0x0000)).toBe('TLS_NULL_WITH_NULL_NULL');
    expect(cipherSuites.get(0x0005)).toBe('TLS_RSA_WITH_RC4_128_SHA');
    expect(cipherSuites.get(0x00ff)).toBe('TLS_EMPTY_RENEGOTIATION_INFO_SCSV');
    expect(cipherSuites.get(0x5600)).toBe('TLS_FALLBACK_SCSV');
    expect(cipherSuites.get(0xc02f)).toBe('TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256');
    expect(cipherSuites.get(0xcca8)).toBe('TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256');
    expect(cipherSuites.get(0x1301)).toBe('TLS_AES_128_GCM_SHA256');
    expect(cipherSuites.get(0x0a0a)).toBe('Reserved (GREASE)');
    expect(cipherSuites.size).toBe(422);
    expect(sslv2CipherSpecs.get(0x010080)).toBe('SSL2_RC4_128_WITH_MD5');
  });

  it('names extensions, groups and signature schemes', () => {
    expect(extensionTypes.get(0)).toBe('server_name');
    expect(extensionTypes.get(16)).toBe('application_layer_protocol_negotiation');
    expect(extensionTypes.get(65281)).toBe('renegotiation_info');
    expect(extensionTypes.get(0xfafa)).toBe('Reserved (GREASE)');
    expect(namedGroups.get(23)).toBe('secp256r1');
    expect(namedGroups.get(29)).toBe('x25519');
    expect(namedGroups.get(0x0a0a)).toBe('Reserved (GREASE)');
    expect(signatureSchemes.get(0x0403)).toBe('ecdsa_secp256r1_sha256');
    expect(signatureSchemes.get(0x0804)).toBe('rsa_pss_rsae_sha256');
    expect(hashAlgorithms.get(4)).toBe('SHA256');
    expect(signatureAlgorithms.get(1)).toBe('RSA');
    expect(pskKeyExchangeModes.get(1)).toBe('PSK with (EC)DHE key establishment (psk_dhe_ke)');
    expect(compressionMethods.get(0)).toBe('null');
  });

  it('recognises GREASE values', () => {
    for (let hi = 0; hi < 16; hi++) {
      const v = ((hi << 4) | 0xa) * 0x101;
      expect(isGrease(v)).toBe(true);
      expect(cipherSuites.get(v)).toBe('Reserved (GREASE)');
    }
    expect(isGrease(0x0a1a)).toBe(false);
    expect(isGrease(0x0b0b)).toBe(false);
    expect(isGrease(0x1301)).toBe(false);
    expect(isGrease(0x1a1a0)).toBe(false);
  });
});
