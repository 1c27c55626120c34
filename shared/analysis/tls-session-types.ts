/** What the sessions analysis reports for each TCP connection that carries TLS. */

export interface Endpoint {
  address: string;
  port: number;
}

/** One arrow of the handshake ladder: what one side sent in one frame. */
export interface LadderStep {
  frame: number;
  /** Seconds since the first frame of the capture. */
  time: number;
  fromClient: boolean;
  kind: 'tcp' | 'handshake' | 'ccs' | 'alert' | 'app' | 'heartbeat' | 'other';
  /** e.g. `Server Hello, Certificate, Server Hello Done`, `Change Cipher Spec`, `SYN`. */
  label: string;
}

export interface CertificateInfo {
  frame: number;
  fromServer: boolean;
  /** Position in its Certificate message (0 = the end-entity certificate). */
  index: number;
  der: Uint8Array;
  /** Wireshark's one-line subject / issuer (`id-at-commonName=…,id-at-organizationName=…`). */
  subject: string;
  issuer: string;
  subjectCN: string;
  issuerCN: string;
  /** ISO 8601 UTC, or '' when unreadable. */
  notBefore: string;
  notAfter: string;
  keyType: string;
  keyBits: number;
  sans: string[];
  selfSigned: boolean;
}

export interface AlertInfo {
  frame: number;
  fromClient: boolean;
  encrypted: boolean;
  /** Decoded level and description (`Fatal`, `Handshake Failure`), '' when encrypted. */
  level: string;
  description: string;
  /** For encrypted alerts: what it most likely is, from where it falls in the connection. */
  likely: string;
}

export type SessionStatus = 'complete' | 'failed' | 'reset' | 'incomplete';

export type Resumption = 'none' | 'session-id' | 'ticket' | 'psk';

export interface TlsSessionInfo {
  /** tcp.stream of the connection. */
  stream: number;
  client: Endpoint;
  server: Endpoint;
  sni: string;
  /** Negotiated version name (`TLSv1.2`, `TLSv1.3`), '' when no ServerHello was seen. */
  version: string;
  versionCode: number;
  /** Versions the client offered (supported_versions, else its hello version). */
  offeredVersions: number[];
  cipherSuite: string;
  cipherSuiteCode: number;
  offeredSuites: number[];
  alpnOffered: string[];
  alpn: string;
  resumption: Resumption;
  /** What the client offered to resume with (session ID, ticket, PSK). */
  resumptionOffered: Resumption[];
  certificates: CertificateInfo[];
  alerts: AlertInfo[];
  ja3: string;
  ja3s: string;
  ja4: string;
  packets: number;
  bytesClientToServer: number;
  bytesServerToClient: number;
  firstFrame: number;
  lastFrame: number;
  /** Seconds since the first frame of the capture. */
  start: number;
  duration: number;
  reset: boolean;
  status: SessionStatus;
  /** e.g. `complete handshake`, `failed with alert Handshake Failure`, `reset`, `incomplete`. */
  statusText: string;
  /** Frames of each handshake message, by its name (`Client Hello` → [4]). */
  handshakeFrames: Record<string, number[]>;
  ladder: LadderStep[];
  /** True when the ladder was cut at its limit. */
  ladderTruncated: boolean;
}
