/**
 * Builds frames for fixtures and benchmarks: Ethernet/IPv4/TCP segments of TLS connections (handshake with SNI,
 * a certificate split over segments, application data both ways, an encrypted alert, FIN), written with the
 * project's own pcap writer.
 */

export interface Endpoint {
  mac: Uint8Array;
  ip: Uint8Array;
  port: number;
}

export function ipv4(a: number, b: number, c: number, d: number): Uint8Array {
  return Uint8Array.of(a, b, c, d);
}

function checksum16(b: Uint8Array, o: number, len: number): number {
  let sum = 0;
  for (let i = 0; i + 1 < len; i += 2) sum += (b[o + i]! << 8) | b[o + i + 1]!;
  if (len % 2) sum += b[o + len - 1]! << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

export interface TcpSegmentSpec {
  src: Endpoint;
  dst: Endpoint;
  seq: number;
  ack: number;
  /** TCP flags byte (FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10). */
  flags: number;
  window?: number;
  /** Raw TCP option bytes (padded to 4 by the caller). */
  options?: Uint8Array;
  payload?: Uint8Array;
  ipId?: number;
}

/** An Ethernet II + IPv4 + TCP frame. */
export function tcpFrame(s: TcpSegmentSpec): Uint8Array {
  const opts = s.options ?? new Uint8Array(0);
  const payload = s.payload ?? new Uint8Array(0);
  const tcpLen = 20 + opts.length;
  const ipLen = 20 + tcpLen + payload.length;
  const f = new Uint8Array(14 + ipLen);
  const dv = new DataView(f.buffer);
  f.set(s.dst.mac, 0);
  f.set(s.src.mac, 6);
  dv.setUint16(12, 0x0800);
  const ip = 14;
  f[ip] = 0x45;
  dv.setUint16(ip + 2, ipLen);
  dv.setUint16(ip + 4, s.ipId ?? 0);
  dv.setUint16(ip + 6, 0x4000);
  f[ip + 8] = 64;
  f[ip + 9] = 6;
  f.set(s.src.ip, ip + 12);
  f.set(s.dst.ip, ip + 16);
  dv.setUint16(ip + 10, checksum16(f, ip, 20));
  const tcp = ip + 20;
  dv.setUint16(tcp, s.src.port);
  dv.setUint16(tcp + 2, s.dst.port);
  dv.setUint32(tcp + 4, s.seq >>> 0);
  dv.setUint32(tcp + 8, s.ack >>> 0);
  f[tcp + 12] = (tcpLen / 4) << 4;
  f[tcp + 13] = s.flags;
  dv.setUint16(tcp + 14, s.window ?? 65535);
  f.set(opts, tcp + 20);
  f.set(payload, tcp + tcpLen);
  return f;
}

function u16be(n: number): number[] {
  return [(n >> 8) & 0xff, n & 0xff];
}
function u24be(n: number): number[] {
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

/** A TLS record: content type, version, body. */
export function tlsRecord(type: number, version: number, body: Uint8Array): Uint8Array {
  return Uint8Array.from([type, ...u16be(version), ...u16be(body.length), ...body]);
}

/** A handshake message: type, 24-bit length, body. */
export function handshake(type: number, body: Uint8Array): Uint8Array {
  return Uint8Array.from([type, ...u24be(body.length), ...body]);
}

function filled(n: number, seed: number): number[] {
  const out: number[] = [];
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out.push(x >>> 24);
  }
  return out;
}

/** A TLS 1.2 ClientHello with SNI, supported groups, EC point formats and signature algorithms. */
export function clientHello(host: string, seed = 1): Uint8Array {
  const name = new TextEncoder().encode(host);
  const sni = [...u16be(name.length + 3), 0, ...u16be(name.length), ...name];
  const groups = [0x00, 0x1d, 0x00, 0x17, 0x00, 0x18];
  const sigs = [0x04, 0x03, 0x08, 0x04, 0x04, 0x01];
  const exts = [
    ...u16be(0),
    ...u16be(sni.length),
    ...sni,
    ...u16be(10),
    ...u16be(groups.length + 2),
    ...u16be(groups.length),
    ...groups,
    ...u16be(11),
    ...u16be(2),
    1,
    0,
    ...u16be(13),
    ...u16be(sigs.length + 2),
    ...u16be(sigs.length),
    ...sigs,
    ...u16be(23),
    ...u16be(0),
  ];
  const suites = [0xc0, 0x2f, 0xc0, 0x30, 0x00, 0x9c, 0x00, 0x2f];
  const body = [
    ...u16be(0x0303),
    ...filled(32, seed),
    0,
    ...u16be(suites.length),
    ...suites,
    1,
    0,
    ...u16be(exts.length),
    ...exts,
  ];
  return handshake(1, Uint8Array.from(body));
}

export function serverHello(suite: number, seed = 2): Uint8Array {
  const exts = [...u16be(0xff01), ...u16be(1), 0, ...u16be(23), ...u16be(0)];
  const body = [...u16be(0x0303), ...filled(32, seed), 0, ...u16be(suite), 0, ...u16be(exts.length), ...exts];
  return handshake(2, Uint8Array.from(body));
}

/** A Certificate message carrying one opaque blob of `size` bytes (not DER: the benchmark only needs its size). */
export function certificateMessage(cert: Uint8Array): Uint8Array {
  const list = [...u24be(cert.length), ...cert];
  return handshake(11, Uint8Array.from([...u24be(list.length), ...list]));
}

export interface SynthPacket {
  tsSec: number;
  tsNsec: number;
  data: Uint8Array;
}

export interface ConnectionSpec {
  client: Endpoint;
  server: Endpoint;
  host: string;
  /** Start time in nanoseconds since the epoch second `baseSec`. */
  baseSec: number;
  startNs: number;
  /** Application data records each way. */
  appRecords: number;
  appRecordSize: number;
  certificate: Uint8Array;
  seed: number;
}

/** One complete TLS 1.2 connection as frames, in time order. */
export function tlsConnection(c: ConnectionSpec): SynthPacket[] {
  const out: SynthPacket[] = [];
  let t = c.startNs;
  const push = (data: Uint8Array): void => {
    out.push({ tsSec: c.baseSec + Math.floor(t / 1e9), tsNsec: t % 1e9, data });
    t += 150_000;
  };
  let cseq = (c.seed * 7919) >>> 0;
  let sseq = (c.seed * 104729) >>> 0;
  const mss = Uint8Array.of(2, 4, 0x05, 0xb4);
  push(tcpFrame({ src: c.client, dst: c.server, seq: cseq, ack: 0, flags: 0x02, options: mss }));
  push(tcpFrame({ src: c.server, dst: c.client, seq: sseq, ack: cseq + 1, flags: 0x12, options: mss }));
  cseq += 1;
  sseq += 1;
  push(tcpFrame({ src: c.client, dst: c.server, seq: cseq, ack: sseq, flags: 0x10 }));
  const send = (from: 'c' | 's', payload: Uint8Array, segment = 1460): void => {
    for (let o = 0; o < payload.length; o += segment) {
      const part = payload.subarray(o, Math.min(payload.length, o + segment));
      if (from === 'c') {
        push(tcpFrame({ src: c.client, dst: c.server, seq: cseq, ack: sseq, flags: 0x18, payload: part }));
        cseq += part.length;
      } else {
        push(tcpFrame({ src: c.server, dst: c.client, seq: sseq, ack: cseq, flags: 0x18, payload: part }));
        sseq += part.length;
      }
    }
  };
  const ack = (from: 'c' | 's'): void => {
    if (from === 'c') push(tcpFrame({ src: c.client, dst: c.server, seq: cseq, ack: sseq, flags: 0x10 }));
    else push(tcpFrame({ src: c.server, dst: c.client, seq: sseq, ack: cseq, flags: 0x10 }));
  };
  send('c', tlsRecord(22, 0x0301, clientHello(c.host, c.seed)));
  ack('s');
  const flight = Uint8Array.from([
    ...serverHello(0xc02f, c.seed + 1),
    ...certificateMessage(c.certificate),
    ...handshake(
      12,
      Uint8Array.from([3, 0, 0x17, 65, ...filled(65, c.seed + 2), 4, 1, 0, 64, ...filled(64, c.seed + 3)]),
    ),
    ...handshake(14, new Uint8Array(0)),
  ]);
  send('s', tlsRecord(22, 0x0303, flight));
  ack('c');
  const cke = tlsRecord(22, 0x0303, handshake(16, Uint8Array.from([65, ...filled(65, c.seed + 4)])));
  const ccs = tlsRecord(20, 0x0303, Uint8Array.of(1));
  const fin = tlsRecord(22, 0x0303, Uint8Array.from(filled(40, c.seed + 5)));
  send('c', Uint8Array.from([...cke, ...ccs, ...fin]));
  send('s', Uint8Array.from([...ccs, ...fin]));
  for (let i = 0; i < c.appRecords; i++) {
    send('c', tlsRecord(23, 0x0303, Uint8Array.from(filled(c.appRecordSize, c.seed + 10 + i))));
    send('s', tlsRecord(23, 0x0303, Uint8Array.from(filled(c.appRecordSize * 3, c.seed + 20 + i))));
    ack('c');
  }
  send('c', tlsRecord(21, 0x0303, Uint8Array.from(filled(26, c.seed + 6))));
  push(tcpFrame({ src: c.client, dst: c.server, seq: cseq, ack: sseq, flags: 0x11 }));
  cseq += 1;
  push(tcpFrame({ src: c.server, dst: c.client, seq: sseq, ack: cseq, flags: 0x11 }));
  sseq += 1;
  ack('c');
  return out;
}
