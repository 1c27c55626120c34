import { describe, expect, it } from 'vitest';
import { OCSP_FIXTURE, ocspRequest, ocspResponse } from '../capture/synth-ocsp.ts';
import { handshake, tlsRecord } from '../capture/synth.ts';
import { bytes, dissectFrames, summary, TcpFlow, values } from './test-frames.ts';

const request = ocspRequest();
const response = ocspResponse();
const { nameHash, keyHash, serial, nonce } = OCSP_FIXTURE;
const ascii = (s: string) => [...new TextEncoder().encode(s)];

function http(head: string, body: number[]): Uint8Array {
  return bytes(head.replace('LEN', String(body.length)), body);
}

function exchange(req: number[], resp: number[]) {
  const frames: Uint8Array[] = [];
  new TcpFlow(frames, 40000, 80)
    .handshake()
    .c(
      http(
        'POST / HTTP/1.1\r\nHost: ocsp.example\r\nContent-Type: application/ocsp-request\r\nContent-Length: LEN\r\n\r\n',
        req,
      ),
    )
    .s(http('HTTP/1.1 200 OK\r\nContent-Type: application/ocsp-response\r\nContent-Length: LEN\r\n\r\n', resp));
  return dissectFrames(frames).slice(3);
}

describe('OCSP over HTTP', () => {
  it('shows a request and a revoked-certificate response with tshark columns and ocsp.* fields', () => {
    const [req, resp] = exchange(request, response) as [ReturnType<typeof exchange>[0], ReturnType<typeof exchange>[0]];
    expect([summary(req), summary(resp)]).toEqual(['OCSP Request', 'OCSP Response']);
    expect(req.protocols.slice(-3)).toEqual(['http', 'ocsp', 'ocsp']);
    expect(values(req, 'ocsp.requestList')).toEqual([1]);
    expect(values(req, 'ocsp.serialNumber')).toEqual([Uint8Array.from(serial)]);
    expect(values(req, 'ocsp.issuerNameHash')).toEqual([Uint8Array.from(nameHash)]);
    expect(values(req, 'pkix1explicit.id')).toEqual(['1.3.6.1.5.5.7.48.1.2']);
    expect(values(req, 'ocsp.ReOcspNonce')).toEqual([Uint8Array.from(nonce)]);
    expect(values(resp, 'ocsp.responseStatus')).toEqual([0]);
    expect(values(resp, 'ocsp.responseType.id')).toEqual(['1.3.6.1.5.5.7.48.1.1']);
    expect(values(resp, 'ocsp.responderID')).toEqual([2]);
    expect(values(resp, 'ocsp.byKey')).toEqual([Uint8Array.from(keyHash)]);
    expect(values(resp, 'ocsp.producedAt')).toEqual(['Jul  7, 2015 16:28:34.000000000 UTC']);
    expect(values(resp, 'ocsp.responses')).toEqual([1]);
    expect(values(resp, 'ocsp.certStatus')).toEqual([1]);
    expect(values(resp, 'ocsp.revocationTime')).toEqual(['May 14, 2015 14:58:49.000000000 UTC']);
    expect(values(resp, 'ocsp.revocationReason')).toEqual([4]);
    expect(values(resp, 'ocsp.nextUpdate')).toEqual(['Sep 29, 2015 01:12:42.000000000 UTC']);
    expect(values(resp, 'ocsp.signature')).toEqual([new Uint8Array(16).fill(0xab)]);
  });

  it('keeps going on a cut or non-DER body without throwing', () => {
    const cut = response.slice(0, 40);
    const [req, resp] = exchange(ascii('not der at all'), cut) as [
      ReturnType<typeof exchange>[0],
      ReturnType<typeof exchange>[0],
    ];
    expect(summary(req)).toBe('OCSP Request');
    expect(req.malformed).toBe(true);
    expect(summary(resp)).toBe('OCSP Response');
    expect(resp.malformed).toBe(true);
  });
});

describe('OCSP stapled to a TLS handshake', () => {
  it('decodes the CertificateStatus response as OCSP, with tshark field names', () => {
    const status = [
      1,
      (response.length >> 16) & 0xff,
      (response.length >> 8) & 0xff,
      response.length & 0xff,
      ...response,
    ];
    const frames: Uint8Array[] = [];
    new TcpFlow(frames, 40000, 443).handshake().s(tlsRecord(22, 0x0303, handshake(22, Uint8Array.from(status))));
    const [p] = dissectFrames(frames).slice(3);
    expect(summary(p!)).toBe('TLSv1.2 Certificate Status');
    expect(values(p!, 'tls.handshake.extensions_status_request_type')).toEqual([1]);
    expect(values(p!, 'tls.handshake.ocsp_response_len')).toEqual([response.length]);
    expect(values(p!, 'ocsp.certStatus')).toEqual([1]);
    expect(values(p!, 'ocsp.revocationReason')).toEqual([4]);
    expect(p!.protocols.filter((x) => x === 'ocsp')).toHaveLength(2);
  });
});
