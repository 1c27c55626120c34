/**
 * TLS sessions analysis: one record per TCP connection carrying TLS, built in one pass from the field trees the
 * dissectors produce (give every packet of the capture, in order, to `add`).
 */
import type { DissectedPacket } from '../dissect/packet.ts';
import type { FieldNode } from '../dissect/tree.ts';
import { alertDescriptions, alertLevels, cipherSuites, handshakeTypes } from '../dissect/tls/tables.ts';
import { versionShortName } from '../dissect/tls/fields.ts';
import { certificateSummary } from '../dissect/tls/x509.ts';
import type {
  AlertInfo,
  CertificateInfo,
  Endpoint,
  LadderStep,
  Resumption,
  SessionStatus,
  TlsSessionInfo,
} from './tls-session-types.ts';

export type * from './tls-session-types.ts';

/** Ladder steps kept per connection (application data can run to millions of records). */
export const LADDER_LIMIT = 400;

const CT_CCS = 20;
const CT_ALERT = 21;
const CT_HANDSHAKE = 22;
const CT_APP = 23;
const CT_HEARTBEAT = 24;
const HS_CLIENT_HELLO = 1;
const HS_SERVER_HELLO = 2;
const HS_CERTIFICATE = 11;
const HS_FINISHED = 20;
const EXT_SESSION_TICKET = 35;
const EXT_PRE_SHARED_KEY = 41;

interface RecordSeen {
  type: number;
  handshakes: number[];
  alertLevel: number;
  alertDesc: number;
}

interface StepA {
  frame: number;
  time: number;
  /** Sent by the endpoint that sent the connection's first packet. */
  fromA: boolean;
  kind: LadderStep['kind'];
  label: string;
}

interface CertA {
  frame: number;
  fromA: boolean;
  index: number;
  der: Uint8Array;
}

interface AlertA {
  frame: number;
  fromA: boolean;
  level: number;
  desc: number;
  /** Index in `steps` order: how many records of this connection came before it. */
  recordIndex: number;
}

/** Everything seen on one TCP connection, with sides named A (first sender) and B until the client is known. */
class Connection {
  a: Endpoint;
  b: Endpoint;
  clientIsA: boolean | undefined;
  hasTls = false;
  sni = '';
  helloVersion = 0;
  offeredVersions: number[] = [];
  serverHelloVersion = 0;
  selectedVersion = 0;
  offeredSuites: number[] = [];
  suite = -1;
  alpnOffered: string[] = [];
  alpn = '';
  clientSessionId = '';
  serverSessionId = '';
  ticketOffered = false;
  pskOffered = false;
  pskSelected = false;
  certificates: CertA[] = [];
  alerts: AlertA[] = [];
  ja3 = '';
  ja3s = '';
  ja4 = '';
  packets = 0;
  bytesA = 0;
  bytesB = 0;
  firstFrame: number;
  lastFrame: number;
  start: number;
  end: number;
  reset = false;
  finA = false;
  finB = false;
  ccsA = false;
  ccsB = false;
  finishedA = false;
  finishedB = false;
  /** Application data records each side sent (TLS 1.3 carries its Finished in them). */
  appA = 0;
  appB = 0;
  serverAppAfterClientApp = false;
  /** Certificate message seen from the server (a full handshake, not a resumed one). */
  serverCertificate = false;
  records = 0;
  handshakeFrames = new Map<number, number[]>();
  steps: StepA[] = [];
  truncated = false;

  constructor(a: Endpoint, b: Endpoint, frame: number, time: number) {
    this.a = a;
    this.b = b;
    this.firstFrame = frame;
    this.lastFrame = frame;
    this.start = time;
    this.end = time;
  }

  step(s: StepA): void {
    if (this.steps.length >= LADDER_LIMIT) {
      this.truncated = true;
      return;
    }
    this.steps.push(s);
  }
}

/** The facts about one packet that the walk over its tree collects. */
interface PacketFacts {
  time: number;
  frameLen: number;
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  stream: number;
  flags: number;
  records: RecordSeen[];
}

function numberOf(n: FieldNode): number {
  return typeof n.value === 'number' ? n.value : typeof n.value === 'bigint' ? Number(n.value) : -1;
}

function textOf(n: FieldNode): string {
  return typeof n.value === 'string' ? n.value : '';
}

function hexOf(v: FieldNode['value']): string {
  if (!(v instanceof Uint8Array)) return '';
  let s = '';
  for (const x of v) s += x.toString(16).padStart(2, '0');
  return s;
}

const COMMON_NAME = /(?:^|,)id-at-commonName=([^,]*)/;

function commonName(dn: string): string {
  return COMMON_NAME.exec(dn)?.[1] ?? '';
}

function handshakeName(type: number): string {
  return handshakeTypes.get(type) ?? `Unknown Handshake Message (${type})`;
}

export class TlsSessionsBuilder {
  private readonly connections = new Map<number, Connection>();

  /** Reads one dissected packet (the full field tree is needed); packets must come in capture order. */
  add(p: DissectedPacket): void {
    const facts: PacketFacts = {
      time: Number(p.timeRelative),
      frameLen: p.origlen,
      src: '',
      dst: '',
      srcPort: -1,
      dstPort: -1,
      stream: -1,
      flags: 0,
      records: [],
    };
    let conn: Connection | undefined;
    // The walk keeps where it is: the current record and handshake message, and for extensions the last type.
    let record: RecordSeen | undefined;
    let hsType = -1;
    let extType = -1;
    let certIndex = 0;
    const tls: FieldNode[] = [];
    const visit = (nodes: readonly FieldNode[]): void => {
      for (const n of nodes) {
        const name = n.def?.abbrev;
        if (name !== undefined) {
          switch (name) {
            case 'ip.src':
            case 'ipv6.src':
              facts.src = textOf(n);
              break;
            case 'ip.dst':
            case 'ipv6.dst':
              facts.dst = textOf(n);
              break;
            case 'tcp.srcport':
              facts.srcPort = numberOf(n);
              break;
            case 'tcp.dstport':
              facts.dstPort = numberOf(n);
              break;
            case 'tcp.stream':
              facts.stream = numberOf(n);
              break;
            case 'tcp.flags':
              facts.flags = numberOf(n);
              break;
            case 'tls':
              tls.push(n);
              continue;
          }
        }
        if (n.children) visit(n.children);
      }
    };
    visit(p.tree.roots);
    if (facts.stream < 0 || facts.srcPort < 0) return;
    conn = this.connections.get(facts.stream);
    if (!conn) {
      conn = new Connection(
        { address: facts.src, port: facts.srcPort },
        { address: facts.dst, port: facts.dstPort },
        p.number,
        facts.time,
      );
      this.connections.set(facts.stream, conn);
    }
    const c = conn;
    const fromA = facts.src === c.a.address && facts.srcPort === c.a.port;
    c.packets++;
    c.lastFrame = p.number;
    c.end = facts.time;
    if (fromA) c.bytesA += facts.frameLen;
    else c.bytesB += facts.frameLen;
    this.tcpSteps(c, p.number, facts, fromA);

    const onTls = (nodes: readonly FieldNode[]): void => {
      for (const n of nodes) {
        const name = n.def?.abbrev;
        switch (name) {
          case 'tls.record':
            record = { type: -1, handshakes: [], alertLevel: -1, alertDesc: -1 };
            facts.records.push(record);
            hsType = -1;
            break;
          case 'tls.record.content_type':
          case 'tls.record.opaque_type':
            if (record && (record.type < 0 || n.generated)) record.type = numberOf(n);
            break;
          case 'tls.handshake.type':
            hsType = numberOf(n);
            extType = -1;
            certIndex = 0;
            record?.handshakes.push(hsType);
            if (hsType === HS_CLIENT_HELLO) c.clientIsA = fromA;
            else if (hsType === HS_SERVER_HELLO) c.clientIsA = !fromA;
            break;
          case 'tls.handshake.version':
            if (hsType === HS_CLIENT_HELLO) c.helloVersion = numberOf(n);
            else if (hsType === HS_SERVER_HELLO) c.serverHelloVersion = numberOf(n);
            break;
          case 'tls.handshake.session_id':
            if (hsType === HS_CLIENT_HELLO) c.clientSessionId = hexOf(n.value);
            else if (hsType === HS_SERVER_HELLO) c.serverSessionId = hexOf(n.value);
            break;
          case 'tls.handshake.ciphersuite':
            if (hsType === HS_CLIENT_HELLO) c.offeredSuites.push(numberOf(n));
            else if (hsType === HS_SERVER_HELLO) c.suite = numberOf(n);
            break;
          case 'tls.handshake.extensions_server_name':
            if (hsType === HS_CLIENT_HELLO) c.sni = textOf(n);
            break;
          case 'tls.handshake.extensions_alpn_str':
            if (hsType === HS_CLIENT_HELLO) c.alpnOffered.push(textOf(n));
            else if (hsType === HS_SERVER_HELLO || hsType === 8) c.alpn = textOf(n);
            break;
          case 'tls.handshake.extensions.supported_version':
            if (hsType === HS_CLIENT_HELLO) c.offeredVersions.push(numberOf(n));
            else if (hsType === HS_SERVER_HELLO) c.selectedVersion = numberOf(n);
            break;
          case 'tls.handshake.extension.type':
            extType = numberOf(n);
            if (extType === EXT_PRE_SHARED_KEY) {
              if (hsType === HS_CLIENT_HELLO) c.pskOffered = true;
              else if (hsType === HS_SERVER_HELLO) c.pskSelected = true;
            }
            break;
          case 'tls.handshake.extension.len':
            if (extType === EXT_SESSION_TICKET && hsType === HS_CLIENT_HELLO && numberOf(n) > 0) c.ticketOffered = true;
            break;
          case 'tls.handshake.certificate':
            if (hsType === HS_CERTIFICATE && n.value instanceof Uint8Array)
              c.certificates.push({ frame: p.number, fromA, index: certIndex++, der: n.value });
            break;
          case 'tls.alert_message.level':
            if (record) record.alertLevel = numberOf(n);
            break;
          case 'tls.alert_message.desc':
            if (record) record.alertDesc = numberOf(n);
            break;
          case 'tls.handshake.ja3':
            c.ja3 = textOf(n);
            break;
          case 'tls.handshake.ja3s':
            c.ja3s = textOf(n);
            break;
          case 'tls.handshake.ja4':
            c.ja4 = textOf(n);
            break;
        }
        if (n.children) onTls(n.children);
      }
    };
    for (const root of tls) {
      record = undefined;
      onTls(root.children ?? []);
    }
    if (facts.records.length) {
      c.hasTls = true;
      this.tlsSteps(c, p.number, facts, fromA);
    }
  }

  private tcpSteps(c: Connection, frame: number, f: PacketFacts, fromA: boolean): void {
    const syn = (f.flags & 0x02) !== 0;
    const ack = (f.flags & 0x10) !== 0;
    const fin = (f.flags & 0x01) !== 0;
    const rst = (f.flags & 0x04) !== 0;
    if (syn && !ack && c.clientIsA === undefined) c.clientIsA = fromA;
    if (rst) c.reset = true;
    if (fin) {
      if (fromA) c.finA = true;
      else c.finB = true;
    }
    const flags = [syn && 'SYN', fin && 'FIN', rst && 'RST'].filter((x): x is string => typeof x === 'string');
    if (flags.length) {
      if (syn && ack) flags.push('ACK');
      c.step({ frame, time: f.time, fromA, kind: 'tcp', label: flags.join(', ') });
    }
  }

  private tlsSteps(c: Connection, frame: number, f: PacketFacts, fromA: boolean): void {
    const labels: string[] = [];
    let kind: LadderStep['kind'] = 'other';
    for (const r of f.records) {
      c.records++;
      switch (r.type) {
        case CT_HANDSHAKE:
          kind = 'handshake';
          if (r.handshakes.length === 0) labels.push('Encrypted Handshake Message');
          for (const h of r.handshakes) {
            const name = handshakeName(h);
            labels.push(name);
            const frames = c.handshakeFrames.get(h) ?? [];
            if (frames[frames.length - 1] !== frame) frames.push(frame);
            c.handshakeFrames.set(h, frames);
            if (h === HS_CERTIFICATE && !fromA === c.clientIsA) c.serverCertificate = true;
            if (h === HS_FINISHED) {
              if (fromA) c.finishedA = true;
              else c.finishedB = true;
            }
          }
          if (r.handshakes.length === 0) {
            // An encrypted handshake message after ChangeCipherSpec is that side's Finished.
            if (fromA && c.ccsA) c.finishedA = true;
            if (!fromA && c.ccsB) c.finishedB = true;
          }
          break;
        case CT_CCS:
          if (kind === 'other') kind = 'ccs';
          labels.push('Change Cipher Spec');
          if (fromA) c.ccsA = true;
          else c.ccsB = true;
          break;
        case CT_ALERT:
          kind = 'alert';
          c.alerts.push({ frame, fromA, level: r.alertLevel, desc: r.alertDesc, recordIndex: c.records });
          labels.push(
            r.alertLevel < 0
              ? 'Encrypted Alert'
              : `Alert (Level: ${alertLevels.get(r.alertLevel) ?? r.alertLevel}, Description: ${
                  alertDescriptions.get(r.alertDesc) ?? r.alertDesc
                })`,
          );
          break;
        case CT_APP:
          if (kind === 'other') kind = 'app';
          labels.push('Application Data');
          if (fromA) c.appA++;
          else c.appB++;
          // TLS 1.3: the client's Finished travels as application data; server data after it means it was accepted.
          if (fromA !== c.clientIsA && (c.clientIsA ? c.appA : c.appB) > 0) c.serverAppAfterClientApp = true;
          break;
        case CT_HEARTBEAT:
          if (kind === 'other') kind = 'heartbeat';
          labels.push('Heartbeat');
          break;
        default:
          labels.push(r.type < 0 ? 'Record' : `Record (type ${r.type})`);
      }
    }
    c.step({ frame, time: f.time, fromA, kind, label: collapse(labels) });
  }

  /** The sessions seen so far, by stream index. */
  sessions(): TlsSessionInfo[] {
    const out: TlsSessionInfo[] = [];
    const streams = [...this.connections.keys()].sort((x, y) => x - y);
    for (const s of streams) {
      const c = this.connections.get(s)!;
      if (c.hasTls) out.push(finish(s, c));
    }
    return out;
  }
}

/** `Application Data, Application Data, Application Data` → `Application Data (×3)`. */
function collapse(labels: readonly string[]): string {
  const out: string[] = [];
  let run = 0;
  for (let i = 0; i < labels.length; i++) {
    run++;
    if (labels[i + 1] === labels[i]) continue;
    out.push(run > 1 ? `${labels[i]} (×${run})` : labels[i]!);
    run = 0;
  }
  return out.join(', ');
}

function negotiatedVersion(c: Connection): number {
  if (c.selectedVersion) return c.selectedVersion;
  return c.serverHelloVersion;
}

/** TLS 1.3 and its drafts and experiments (0x7fxx drafts, 0x7exx Google experiments). */
function isTls13(version: number): boolean {
  return versionShortName(version) === 'TLSv1.3' || (version & 0xff00) === 0x7e00;
}

function handshakeComplete(c: Connection, version: number): boolean {
  if (c.finishedA && c.finishedB) return true;
  if (isTls13(version)) return c.appA > 0 && c.appB > 0 && c.serverAppAfterClientApp;
  return c.ccsA && c.ccsB;
}

function resumptionOf(c: Connection, version: number): Resumption {
  if (c.pskSelected) return 'psk';
  if (isTls13(version) || !version) return 'none';
  // A resumed TLS 1.2 handshake skips the server's Certificate.
  if (c.serverCertificate || !(c.ccsA || c.ccsB)) return 'none';
  if (c.clientSessionId && c.clientSessionId === c.serverSessionId) return 'session-id';
  if (c.ticketOffered) return 'ticket';
  return 'none';
}

function likelyMeaning(c: Connection, a: AlertA, complete: boolean, totalRecords: number): string {
  if (!complete) return 'likely a fatal handshake alert (e.g. bad_certificate or handshake_failure)';
  if (a.recordIndex >= totalRecords - 1 || c.finA || c.finB || c.reset)
    return 'likely close_notify (the connection closes after it)';
  return 'likely a warning or close_notify';
}

function certificateInfo(cert: CertA, fromServer: boolean): CertificateInfo {
  const sum = certificateSummary(cert.der, 0, cert.der.length);
  const subject = sum?.subject ?? '';
  const issuer = sum?.issuer ?? '';
  return {
    frame: cert.frame,
    fromServer,
    index: cert.index,
    der: cert.der,
    subject,
    issuer,
    subjectCN: commonName(subject),
    issuerCN: commonName(issuer),
    notBefore: sum?.notBefore ?? '',
    notAfter: sum?.notAfter ?? '',
    keyType: sum?.keyType ?? '',
    keyBits: sum?.keyBits ?? 0,
    sans: sum?.sans ?? [],
    selfSigned: sum !== undefined && subject !== '' && subject === issuer,
  };
}

function finish(stream: number, c: Connection): TlsSessionInfo {
  // Without a SYN or hello, the side on the well-known (lower) port is the server.
  const clientIsA = c.clientIsA ?? c.a.port > c.b.port;
  const fromClient = (fromA: boolean): boolean => fromA === clientIsA;
  const version = negotiatedVersion(c);
  const complete = handshakeComplete(c, version);
  const alerts: AlertInfo[] = c.alerts.map((a) => {
    const encrypted = a.level < 0;
    return {
      frame: a.frame,
      fromClient: fromClient(a.fromA),
      encrypted,
      level: encrypted ? '' : (alertLevels.get(a.level) ?? String(a.level)),
      description: encrypted ? '' : (alertDescriptions.get(a.desc) ?? String(a.desc)),
      likely: encrypted ? likelyMeaning(c, a, complete, c.records) : '',
    };
  });
  const fatal = c.alerts.find((a) => a.level === 2);
  let status: SessionStatus;
  let statusText: string;
  if (fatal) {
    status = 'failed';
    statusText = `failed with alert ${alertDescriptions.get(fatal.desc) ?? fatal.desc}`;
  } else if (complete) {
    status = 'complete';
    statusText = c.reset ? 'complete handshake, then reset' : 'complete handshake';
  } else if (c.reset) {
    status = 'reset';
    statusText = 'reset during the handshake';
  } else {
    status = 'incomplete';
    statusText = alerts.some((a) => a.encrypted) ? 'incomplete (encrypted alert)' : 'incomplete';
  }
  const resumptionOffered: Resumption[] = [];
  if (c.clientSessionId) resumptionOffered.push('session-id');
  if (c.ticketOffered) resumptionOffered.push('ticket');
  if (c.pskOffered) resumptionOffered.push('psk');
  const handshakeFrames: Record<string, number[]> = {};
  for (const [type, frames] of c.handshakeFrames) handshakeFrames[handshakeName(type)] = frames;
  return {
    stream,
    client: clientIsA ? c.a : c.b,
    server: clientIsA ? c.b : c.a,
    sni: c.sni,
    version: version ? (versionShortName(version) ?? `0x${version.toString(16).padStart(4, '0')}`) : '',
    versionCode: version,
    offeredVersions: c.offeredVersions.length ? c.offeredVersions : c.helloVersion ? [c.helloVersion] : [],
    cipherSuite: c.suite < 0 ? '' : (cipherSuites.get(c.suite) ?? `0x${c.suite.toString(16).padStart(4, '0')}`),
    cipherSuiteCode: c.suite,
    offeredSuites: c.offeredSuites,
    alpnOffered: c.alpnOffered,
    alpn: c.alpn,
    resumption: resumptionOf(c, version),
    resumptionOffered,
    certificates: c.certificates.map((cert) => certificateInfo(cert, !fromClient(cert.fromA))),
    alerts,
    ja3: c.ja3,
    ja3s: c.ja3s,
    ja4: c.ja4,
    packets: c.packets,
    bytesClientToServer: clientIsA ? c.bytesA : c.bytesB,
    bytesServerToClient: clientIsA ? c.bytesB : c.bytesA,
    firstFrame: c.firstFrame,
    lastFrame: c.lastFrame,
    start: c.start,
    duration: Math.max(0, c.end - c.start),
    reset: c.reset,
    status,
    statusText,
    handshakeFrames,
    ladder: c.steps.map((s) => ({
      frame: s.frame,
      time: s.time,
      fromClient: fromClient(s.fromA),
      kind: s.kind,
      label: s.label,
    })),
    ladderTruncated: c.truncated,
  };
}

/** Sessions of a whole capture, from its dissected packets in order. */
export function tlsSessions(packets: Iterable<DissectedPacket>): TlsSessionInfo[] {
  const b = new TlsSessionsBuilder();
  for (const p of packets) b.add(p);
  return b.sessions();
}
