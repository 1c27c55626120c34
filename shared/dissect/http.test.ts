import { describe, expect, it } from 'vitest';
import { bytes, dissectFrames, ethernet, ipv4, summary, TCP, TcpFlow, udp, values } from './test-frames.ts';

function flow(serverPort = 80): { frames: Uint8Array[]; f: TcpFlow } {
  const frames: Uint8Array[] = [];
  return { frames, f: new TcpFlow(frames, 40000, serverPort).handshake() };
}

describe('HTTP over TCP', () => {
  it('shows requests with a trailing space and responses with their media type', () => {
    const { frames, f } = flow();
    f.c('GET /a?x=1&y=2 HTTP/1.1\r\nHost: example.com\r\nCookie: a=1; b=2\r\n\r\n').s(
      'HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 3\r\n\r\nabc',
    );
    const [, , , req, resp] = dissectFrames(frames);
    expect(summary(req!)).toBe('HTTP GET /a?x=1&y=2 HTTP/1.1 ');
    expect(values(req!, 'http.request.method')).toEqual(['GET']);
    expect(values(req!, 'http.request.uri')).toEqual(['/a?x=1&y=2']);
    expect(values(req!, 'http.request.uri.query.parameter')).toEqual(['x=1', 'y=2']);
    expect(values(req!, 'http.request.version')).toEqual(['HTTP/1.1']);
    expect(values(req!, 'http.host')).toEqual(['example.com']);
    expect(values(req!, 'http.cookie_pair')).toEqual(['a=1', 'b=2']);
    expect(values(req!, 'http.request.full_uri')).toEqual(['http://example.com/a?x=1&y=2']);
    expect(values(req!, 'http.request.line')).toEqual(['Host: example.com\r\n', 'Cookie: a=1; b=2\r\n']);
    expect(summary(resp!)).toBe('HTTP HTTP/1.1 200 OK  (text/plain)');
    expect(values(resp!, 'http.response.code')).toEqual([200]);
    expect(values(resp!, 'http.response.phrase')).toEqual(['OK']);
    expect(values(resp!, 'http.content_type')).toEqual(['text/plain; charset=utf-8']);
    expect(values(resp!, 'http.content_length_header')).toEqual(['3']);
    expect(values(resp!, 'http.content_length')).toEqual([3]);
    expect(values(resp!, 'http.request_in')).toEqual([4]);
    expect(values(resp!, 'http.file_data')).toEqual(['abc']);
  });

  it('reassembles headers and a Content-Length body across segments', () => {
    const { frames, f } = flow();
    f.c('GET / HTTP/1.1\r\nHost: x\r\n')
      .c('Accept: */*\r\n\r\n')
      .s('HTTP/1.0 200 OK\r\nContent-Type: text/html\r\nContent-Length: 10\r\n\r\nabc')
      .s('defg')
      .s('hij');
    const ps = dissectFrames(frames).map(summary);
    expect(ps.slice(3)).toEqual([
      'TCP GET / HTTP/1.1  [TCP segment of a reassembled PDU]',
      'HTTP GET / HTTP/1.1 ',
      'TCP HTTP/1.0 200 OK  [TCP segment of a reassembled PDU]',
      'TCP 80 → 40000 [PSH, ACK] Seq=68 Ack=41 Win=65535 Len=4 [TCP segment of a reassembled PDU]',
      'HTTP HTTP/1.0 200 OK  (text/html)',
    ]);
  });

  it('reads a chunked body and a body that ends with the connection', () => {
    const { frames, f } = flow();
    f.c('GET / HTTP/1.1\r\n\r\n')
      .s('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n3\r\nabc\r\n')
      .s('0\r\n\r\n')
      .c('GET /b HTTP/1.0\r\n\r\n')
      .s('HTTP/1.0 403 Forbidden\r\nContent-Type: text/html\r\n\r\n<p>no</p>', TCP.FIN | TCP.PSH | TCP.ACK);
    const ps = dissectFrames(frames);
    expect(ps.slice(3).map(summary)).toEqual([
      'HTTP GET / HTTP/1.1 ',
      'TCP HTTP/1.1 200 OK  [TCP segment of a reassembled PDU]',
      'HTTP HTTP/1.1 200 OK  (text/plain)',
      'HTTP GET /b HTTP/1.0 ',
      'HTTP HTTP/1.0 403 Forbidden  (text/html)',
    ]);
    expect(values(ps[5]!, 'http.chunk_size')).toEqual([3, 0]);
    expect(values(ps[5]!, 'http.file_data')).toEqual(['abc']);
  });

  it('knows which responses have no body', () => {
    const { frames, f } = flow();
    f.c('HEAD /x HTTP/1.1\r\n\r\n')
      .s('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n')
      .c('GET /y HTTP/1.1\r\n\r\nGET /z HTTP/1.1\r\n\r\n')
      .s('HTTP/1.1 304 Not Modified\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n');
    const ps = dissectFrames(frames).map(summary);
    expect(ps.slice(3)).toEqual([
      'HTTP HEAD /x HTTP/1.1 ',
      'HTTP HTTP/1.1 200 OK ',
      'HTTP GET /y HTTP/1.1 GET /z HTTP/1.1 ',
      'HTTP HTTP/1.1 304 Not Modified HTTP/1.1 204 No Content ',
    ]);
  });

  it('leaves data that is not HTTP to TCP, and shows later non-HTTP text as continuation', () => {
    const { frames, f } = flow();
    f.c([0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x00])
      .s('<!DOCTYPE HTML>\n<html></html>\n')
      .c('GET / HTTP/1.1\r\n\r\n')
      .s('HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nxyz\r\n');
    const ps = dissectFrames(frames);
    expect(summary(ps[3]!)).toBe('TCP 40000 → 80 [PSH, ACK] Seq=1 Ack=1 Win=65535 Len=10');
    expect(ps[3]!.protocols).not.toContain('http');
    expect(summary(ps[4]!)).toBe('TCP 80 → 40000 [PSH, ACK] Seq=1 Ack=11 Win=65535 Len=30');
    expect(summary(ps[6]!)).toBe('HTTP HTTP/1.1 200 OK Continuation');
  });

  it('finds HTTP on other ports by its first line', () => {
    const { frames, f } = flow(8000);
    f.c('GET / HTTP/1.1\r\nHost: localhost:8000\r\n\r\n').s('HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n');
    const ps = dissectFrames(frames);
    expect(summary(ps[3]!)).toBe('HTTP GET / HTTP/1.1 ');
    expect(summary(ps[4]!)).toBe('HTTP HTTP/1.0 200 OK ');
  });

  it('hands a CONNECT tunnel to TLS', () => {
    const { frames, f } = flow(8080);
    const hello = bytes([0x16, 0x03, 0x01, 0x00, 0x06], [0x01, 0x00, 0x00, 0x02, 0x03, 0x03]);
    f.c('CONNECT ts01-b.cloudsink.net:443 HTTP/1.0\r\nUser-Agent: x\r\n\r\n')
      .s('HTTP/1.0 200 OK\r\nServer: XXX\r\n\r\n')
      .c(hello);
    const ps = dissectFrames(frames);
    expect(summary(ps[3]!)).toBe('HTTP CONNECT ts01-b.cloudsink.net:443 HTTP/1.0 ');
    expect(summary(ps[4]!)).toBe('HTTP HTTP/1.0 200 OK ');
    expect(ps[5]!.cols.protocol.startsWith('TLS') || ps[5]!.cols.protocol.startsWith('SSL')).toBe(true);
    expect(ps[5]!.protocols).toContain('http');
    expect(values(ps[5]!, 'http.proxy_connect_host')).toEqual(['ts01-b.cloudsink.net']);
    expect(values(ps[5]!, 'http.proxy_connect_port')).toEqual([443]);
  });

  it('shows form bodies and JSON as tshark labels them', () => {
    const { frames, f } = flow();
    f.c('POST /RT HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 7\r\n\r\na=1&b=2').c(
      'POST /j HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}',
    );
    const ps = dissectFrames(frames);
    expect(summary(ps[3]!)).toBe('HTTP POST /RT HTTP/1.1  (application/x-www-form-urlencoded)');
    expect(values(ps[3]!, 'urlencoded-form.key')).toEqual(['a', 'b']);
    expect(summary(ps[4]!)).toBe('HTTP/JSON POST /j HTTP/1.1 , JavaScript Object Notation (application/json)');
  });
});

describe('SSDP', () => {
  it('shows an M-SEARCH as tshark does', () => {
    const msg =
      'M-SEARCH * HTTP/1.1\r\nHost: 239.255.255.250:1900\r\nContent-Length: 0\r\nMAN: "ssdp:discover"\r\nMX: 2\r\n\r\n';
    const [p] = dissectFrames([ethernet(0x0800, ipv4('192.168.1.188', '239.255.255.250', 17, udp(36710, 1900, msg)))]);
    expect(summary(p!)).toBe('SSDP M-SEARCH * HTTP/1.1 ');
    expect(values(p!, 'http.request.method')).toEqual(['M-SEARCH']);
    expect(values(p!, 'http.request.full_uri')).toEqual(['http://239.255.255.250:1900*']);
    expect(p!.protocols).toContain('ssdp');
  });
});
