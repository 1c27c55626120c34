/**
 * Records what tshark 4.0 matches for DTLS, STUN and OCSP display filters on the captures that carry them, into
 * test/fixtures/datagram-filter-goldens.json (kept apart from filter-goldens.json so each can be re-recorded alone).
 * Needs tshark on PATH: `npx tsx scripts/record-datagram-filter-goldens.ts`.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CAPTURES, REPO } from '../test/golden-support.ts';

export const DATAGRAM_CAPTURES = [
  'dtls-sequence-number-jumps.pcap',
  'dtls13-cid.pcap',
  'dtls13-wolfssl.pcap',
  'dtls1_0.pcap',
  'dtls1_2.pcap',
  'ja4-dtls-udp.notest.cap',
  'webrtc-stun.pcap',
  'ocsp-empty-responderid.pcap',
  'ocsp-http-get.pcap',
  'ocsp-request-only.pcap',
  'ocsp-request-response.pcap',
  'ocsp-response-only.pcap',
  'ocsp-revoked.pcap',
  'ocsp-stapling.pcap',
  'ocsp-stapling-digicert.pcap',
];

export const DATAGRAM_FILTERS = [
  'dtls',
  'stun',
  'ocsp',
  'udp and not dtls and not stun',
  'dtls.record.content_type == 22',
  'dtls.record.epoch == 1',
  'dtls.record.version == 0xfeff',
  'dtls.record.sequence_number > 3',
  'dtls.handshake.type == 1',
  'dtls.handshake.type == 3',
  'dtls.handshake.cookie_length > 0',
  'dtls.handshake.fragment_offset > 0',
  'dtls.handshake.message_seq == 2',
  'dtls.fragment.count >= 2',
  'dtls.handshake.ciphersuite == 0xc02b',
  'dtls.handshake.extensions.supported_version == 0xfefc',
  'dtls.handshake.extension.type == 14',
  'dtls.use_srtp.protection_profile == 1',
  'dtls.app_data',
  'dtls.change_cipher_spec',
  'tls.handshake',
  'x509af.serialNumber',
  'stun.type == 0x0101',
  'stun.type.class == 0x10',
  'stun.att.crc32.status == 1',
  'stun.att.username contains "Tw5X"',
  'stun.att.port == 43044',
  'stun.att.ipv4 == 192.150.187.238',
  'stun.response-to',
  'stun.att.priority > 2000000000',
  'ocsp.responseStatus == 0',
  'ocsp.certStatus == 1',
  'ocsp.revocationReason == 4',
  'ocsp.responderID == 2',
  'ocsp.serialNumber',
  'ocsp.ReOcspNonce',
  'pkix1explicit.id == "1.3.6.1.5.5.7.48.1.2"',
  'ocsp.responses == 0',
  'tls.handshake.ocsp_response_len > 1000',
  'http.content_type contains "ocsp"',
];

function main(): void {
  const matches: Record<string, Record<string, number[]>> = {};
  for (const capture of DATAGRAM_CAPTURES) {
    matches[capture] = {};
    for (const filter of DATAGRAM_FILTERS) {
      const out = execFileSync(
        'tshark',
        [
          '-r',
          join(CAPTURES, capture),
          '-o',
          'tcp.desegment_tcp_streams:TRUE',
          '-Y',
          filter,
          '-T',
          'fields',
          '-e',
          'frame.number',
        ],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
      );
      const frames = out.split('\n').filter(Boolean).map(Number);
      if (frames.length) matches[capture][filter] = frames;
    }
  }
  const file = join(REPO, 'test', 'fixtures', 'datagram-filter-goldens.json');
  writeFileSync(file, JSON.stringify({ filters: DATAGRAM_FILTERS, matches }, null, 1) + '\n');
  console.log(`wrote ${file}`);
}

main();
