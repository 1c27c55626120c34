/**
 * Findings: the weak-crypto warnings of a capture as a list a student can read, each with a plain explanation and
 * the RFC section behind it. The warnings themselves are expert items the TLS dissector adds (tls/weak-crypto.ts).
 */
import type { DissectedPacket } from '../dissect/packet.ts';
import type { FieldNode } from '../dissect/tree.ts';
import type { InsightField } from '../dissect/tls/weak-crypto.ts';

export interface FindingKind {
  title: string;
  explanation: string;
  /** Where the rule comes from, e.g. `RFC 8996, section 2`. */
  reference: string;
}

export const FINDING_KINDS: Readonly<Record<InsightField, FindingKind>> = {
  'tls.insight.weak_version': {
    title: 'Obsolete protocol version',
    explanation:
      'SSL 2.0, SSL 3.0, TLS 1.0 and TLS 1.1 are deprecated: their hashes and CBC constructions have known attacks (POODLE, BEAST). Servers and clients should agree on TLS 1.2 or 1.3.',
    reference: 'RFC 8996, sections 2–5 (TLS 1.0/1.1); RFC 7568 (SSL 3.0); RFC 6176 (SSL 2.0)',
  },
  'tls.insight.weak_cipher_offered': {
    title: 'Weak cipher suites offered',
    explanation:
      'The client lists cipher suites with no, export-grade, broken (RC4, DES) or 64-bit-block (3DES) encryption, or without authentication. A server that prefers them, or an attacker who can force a downgrade, ends up with weak protection.',
    reference: 'RFC 7465, section 2 (RC4); RFC 9325, section 4.1 (recommended suites)',
  },
  'tls.insight.weak_cipher': {
    title: 'Weak cipher suite chosen',
    explanation:
      'The connection uses a cipher suite whose encryption is absent, export-grade, broken (RC4, DES) or open to birthday attacks on 64-bit blocks (3DES, Sweet32), or which does not authenticate the server (anon).',
    reference: 'RFC 7465, section 2 (RC4); RFC 9325, section 4.1; RFC 5246, appendix A.5',
  },
  'tls.insight.rsa_key_exchange': {
    title: 'RSA key exchange (no forward secrecy)',
    explanation:
      'The client encrypts the premaster secret with the server’s RSA key. Anyone who later obtains that private key can decrypt every recorded session. ECDHE or DHE key exchange gives forward secrecy.',
    reference: 'RFC 9325, section 4.1; RFC 8446, section 1.2 (RSA key transport removed)',
  },
  'tls.insight.cert_expired': {
    title: 'Certificate expired',
    explanation:
      'At the time of the capture the server’s certificate was past its notAfter date: clients that validate certificates reject it, and users who click through the warning cannot tell an impostor from the real server.',
    reference: 'RFC 5280, section 4.1.2.5 (validity); section 6.1.3',
  },
  'tls.insight.cert_not_yet_valid': {
    title: 'Certificate not yet valid',
    explanation:
      'At the time of the capture the certificate’s notBefore date had not arrived: either a clock is wrong or the certificate was issued with a future date. Validating clients reject it.',
    reference: 'RFC 5280, section 4.1.2.5 (validity); section 6.1.3',
  },
  'tls.insight.cert_self_signed': {
    title: 'Self-signed certificate',
    explanation:
      'The certificate is signed by its own key (issuer equals subject), so no certificate authority vouches for it. Unless the client pinned it, it proves nothing about who the server is.',
    reference: 'RFC 5280, section 6.1 (path validation needs a trust anchor)',
  },
  'tls.insight.cert_name_mismatch': {
    title: 'Server name not in the certificate',
    explanation:
      'The host name the client asked for (SNI) is not among the certificate’s subject alternative names (or its common name when it has none). A validating client refuses the connection; one that does not is open to impersonation.',
    reference: 'RFC 6125, section 6.4; RFC 9110, section 4.3.4',
  },
  'tls.insight.no_renegotiation_info': {
    title: 'No secure renegotiation',
    explanation:
      'The server did not answer with the renegotiation_info extension, so a renegotiation on this connection could be spliced onto an attacker’s earlier session (the 2009 renegotiation attack).',
    reference: 'RFC 5746, sections 1 and 3.6',
  },
  'tls.insight.record_too_long': {
    title: 'Record longer than 2^14 bytes',
    explanation:
      'TLS records carry at most 2^14 bytes of plaintext. A longer record breaks the protocol, and is a sign of a broken implementation or an attack on one.',
    reference: 'RFC 5246, section 6.2.1; RFC 8446, section 5.1',
  },
  'tls.insight.fatal_alert': {
    title: 'Fatal alert',
    explanation:
      'One side ended the connection with a fatal alert: the handshake or the connection failed, for the reason the alert names (for example a certificate the client does not trust, or no cipher suite in common).',
    reference: 'RFC 5246, section 7.2.2; RFC 8446, section 6.2',
  },
};

export interface Finding {
  kind: InsightField;
  frame: number;
  /** tcp.stream / udp.stream of the packet, -1 when none. */
  stream: number;
  message: string;
  severity: string;
}

function isKind(name: string): name is InsightField {
  return name in FINDING_KINDS;
}

/** Collects the findings of a capture from its dissected packets (whole field trees), in frame order. */
export class FindingsBuilder {
  private readonly list: Finding[] = [];

  add(p: DissectedPacket): void {
    const visit = (nodes: readonly FieldNode[]): void => {
      for (const n of nodes) {
        if (n.def?.abbrev === '_ws.expert') {
          let kind: InsightField | undefined;
          let message = '';
          let severity = '';
          for (const c of n.children ?? []) {
            const name = c.def?.abbrev ?? '';
            if (isKind(name)) kind = name;
            else if (name === '_ws.expert.message') message = String(c.value ?? '');
            else if (name === '_ws.expert.severity') severity = String(c.value ?? '');
          }
          if (kind) this.list.push({ kind, frame: p.number, stream: p.stream, message, severity });
          continue;
        }
        if (n.children) visit(n.children);
      }
    };
    visit(p.tree.roots);
  }

  findings(): Finding[] {
    return this.list;
  }
}
