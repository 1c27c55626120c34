/**
 * A capture of DTLS, STUN and OCSP built with the project's writer: STUN binding request and response, a DTLS 1.0
 * HelloVerifyRequest exchange with a ClientHello in two fragments, a DTLS 1.2 ServerHello, epoch-1 records, and an
 * OCSP request and response over HTTP, with a DNS query of another conversation in between.
 */
import {
  DTLS_1_0,
  DTLS_1_2,
  dtlsClientHelloBody,
  dtlsFragment,
  dtlsRecord,
  dtlsServerHelloBody,
  helloVerifyRequestBody,
  stunMessage,
  xorMappedIpv4,
} from '../shared/capture/synth-dtls.ts';
import { ocspRequest, ocspResponse } from '../shared/capture/synth-ocsp.ts';
import { PcapWriter } from '../shared/capture/writer.ts';
import { bytes, ethernet, ipv4, TcpFlow, udp } from '../shared/dissect/test-frames.ts';

const ascii = (s: string) => [...new TextEncoder().encode(s)];

export function datagramCapture(): Uint8Array {
  const up = (p: Uint8Array) => ethernet(0x0800, ipv4('10.9.0.1', '10.9.0.2', 17, udp(50000, 4433, p)));
  const down = (p: Uint8Array) => ethernet(0x0800, ipv4('10.9.0.2', '10.9.0.1', 17, udp(4433, 50000, p)));
  const cookie = Uint8Array.of(5, 6, 7, 8);
  const hello = dtlsClientHelloBody('fuzz.example', cookie, DTLS_1_0, [0, 14, 0, 5, 0, 2, 0, 1, 0]);
  const half = hello.length >> 1;
  const tx = new Uint8Array(12).fill(3);
  const frames = [
    up(stunMessage(0x0001, tx, [{ type: 0x0006, value: new TextEncoder().encode('a:b') }])),
    down(stunMessage(0x0101, tx, [{ type: 0x0020, value: xorMappedIpv4([10, 9, 0, 1], 50000) }])),
    up(dtlsRecord(22, DTLS_1_0, 0, 0, dtlsFragment(1, 0, dtlsClientHelloBody('fuzz.example', new Uint8Array(0))))),
    down(dtlsRecord(22, DTLS_1_0, 0, 0, dtlsFragment(3, 0, helloVerifyRequestBody(cookie)))),
    up(dtlsRecord(22, DTLS_1_0, 0, 1, dtlsFragment(1, 1, hello, 0, half))),
    // Another conversation between the fragments: a DNS query for a.example.
    ethernet(
      0x0800,
      ipv4(
        '10.9.0.1',
        '10.9.0.53',
        17,
        udp(53000, 53, [0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0x61, 7, ...ascii('example'), 0, 0, 1, 0, 1]),
      ),
    ),
    up(dtlsRecord(22, DTLS_1_0, 0, 2, dtlsFragment(1, 1, hello, half))),
    down(dtlsRecord(22, DTLS_1_2, 0, 1, dtlsFragment(2, 1, dtlsServerHelloBody(0xc02f)))),
    up(
      Uint8Array.from([
        ...dtlsRecord(20, DTLS_1_2, 0, 3, Uint8Array.of(1)),
        ...dtlsRecord(22, DTLS_1_2, 1, 0, new Uint8Array(40).fill(9)),
      ]),
    ),
    down(dtlsRecord(23, DTLS_1_2, 1, 1, new Uint8Array(30).fill(1))),
    up(dtlsRecord(21, DTLS_1_2, 1, 1, new Uint8Array(26))),
  ];
  const req = ocspRequest();
  const resp = ocspResponse();
  new TcpFlow(frames, 41000, 80)
    .handshake()
    .c(bytes(`POST / HTTP/1.1\r\nContent-Type: application/ocsp-request\r\nContent-Length: ${req.length}\r\n\r\n`, req))
    .s(
      bytes(
        `HTTP/1.1 200 OK\r\nContent-Type: application/ocsp-response\r\nContent-Length: ${resp.length}\r\n\r\n`,
        resp,
      ),
    );
  const w = new PcapWriter({ linkType: 1 });
  frames.forEach((data, i) => w.add({ tsSec: 1_700_000_000 + i, tsNsec: 0, data }));
  return w.bytes();
}
