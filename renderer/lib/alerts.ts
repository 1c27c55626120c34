/** Plain-language notes for TLS alerts, for the alert decoder panel. */
import type { AlertInfo } from '../../shared/protocol/messages.ts';

interface AlertText {
  name: string;
  meaning: string;
}

/** Alert descriptions by code: the protocol's own name and what it usually points to in practice. */
const ALERTS: Record<number, AlertText> = {
  0: {
    name: 'close_notify',
    meaning: 'The sender is finished and is closing the TLS session on purpose. This is the normal, clean ending.',
  },
  1: { name: 'end_of_early_data', meaning: 'TLS 1.3 0-RTT: the client has no more early data to send.' },
  10: {
    name: 'unexpected_message',
    meaning:
      'A message arrived that makes no sense at this point of the protocol — often a bug or a mismatch in what each side thinks the state is.',
  },
  20: {
    name: 'bad_record_mac',
    meaning:
      'A record failed its integrity check: the keys on the two sides differ, or the data was altered or corrupted in transit (middleboxes that rewrite traffic are a common cause).',
  },
  21: {
    name: 'decryption_failed',
    meaning:
      'Obsolete (TLS 1.0 and earlier): a record could not be decrypted. Modern stacks send bad_record_mac instead.',
  },
  22: { name: 'record_overflow', meaning: 'A record was larger than the protocol allows.' },
  30: { name: 'decompression_failure', meaning: 'Obsolete: TLS-level compression produced invalid data.' },
  40: {
    name: 'handshake_failure',
    meaning:
      "The two sides could not agree on security parameters: usually no cipher suite, group or signature algorithm in common, or a server that refuses the client's offer (check the Client Hello's lists against the server's configuration).",
  },
  41: { name: 'no_certificate', meaning: 'Obsolete (SSL 3.0): the client had no certificate to send.' },
  42: {
    name: 'bad_certificate',
    meaning: 'A certificate was corrupt, had a bad signature, or otherwise could not be used.',
  },
  43: { name: 'unsupported_certificate', meaning: 'The certificate is of a type the receiver does not support.' },
  44: { name: 'certificate_revoked', meaning: 'The certificate was revoked by its issuer.' },
  45: {
    name: 'certificate_expired',
    meaning: 'The certificate has expired or is not yet valid — check both the certificate dates and the clocks.',
  },
  46: {
    name: 'certificate_unknown',
    meaning:
      'The certificate was rejected for some other reason — often the receiver does not trust it (self-signed, or an incomplete chain).',
  },
  47: {
    name: 'illegal_parameter',
    meaning: 'A handshake field had a value that is out of range or inconsistent with other fields.',
  },
  48: {
    name: 'unknown_ca',
    meaning:
      'The certificate chain does not lead to a certificate authority the receiver trusts: a private CA, or a missing intermediate certificate.',
  },
  49: { name: 'access_denied', meaning: 'The certificate was valid, but the peer is not allowed access.' },
  50: { name: 'decode_error', meaning: 'A message could not be parsed: a length or field was malformed.' },
  51: {
    name: 'decrypt_error',
    meaning:
      'A cryptographic check in the handshake failed: a signature did not verify, or the Finished message did not match (different keys or a tampered handshake).',
  },
  60: { name: 'export_restriction', meaning: 'Obsolete: an export-grade restriction was violated.' },
  70: {
    name: 'protocol_version',
    meaning:
      'The peer does not support the TLS version offered — for example a client that only offers TLS 1.3 against an older server, or the reverse.',
  },
  71: {
    name: 'insufficient_security',
    meaning: 'The server requires stronger cipher suites than the client offered.',
  },
  80: {
    name: 'internal_error',
    meaning: 'Something went wrong inside the sender, unrelated to the peer (for example out of memory).',
  },
  86: {
    name: 'inappropriate_fallback',
    meaning:
      'The client retried with a lower TLS version although the server supports a higher one (downgrade protection).',
  },
  90: { name: 'user_canceled', meaning: 'The handshake was abandoned on purpose; usually followed by close_notify.' },
  100: { name: 'no_renegotiation', meaning: 'The sender refuses to renegotiate the session.' },
  109: { name: 'missing_extension', meaning: 'A required TLS 1.3 extension was absent.' },
  110: {
    name: 'unsupported_extension',
    meaning: 'A message contained an extension that was not offered or is not allowed in that message.',
  },
  111: { name: 'certificate_unobtainable', meaning: 'A certificate could not be fetched from the URL given.' },
  112: {
    name: 'unrecognized_name',
    meaning: 'The server does not host the name asked for in the Server Name Indication (SNI) extension.',
  },
  113: {
    name: 'bad_certificate_status_response',
    meaning: 'The OCSP status response sent with the certificate was invalid or unacceptable.',
  },
  114: { name: 'bad_certificate_hash_value', meaning: 'A certificate hash did not match.' },
  115: {
    name: 'unknown_psk_identity',
    meaning: 'The pre-shared key identity the client offered is not known to the server.',
  },
  116: { name: 'certificate_required', meaning: 'The server requires a client certificate and none was sent.' },
  120: {
    name: 'no_application_protocol',
    meaning: "No protocol in the client's ALPN list (e.g. h2, http/1.1) is supported by the server.",
  },
};

export function alertName(code: number): string {
  return ALERTS[code]?.name ?? `unknown_${code}`;
}

export interface AlertExplanation {
  /** e.g. "fatal · handshake_failure (40)" or "Encrypted Alert". */
  title: string;
  severity: 'fatal' | 'warning' | 'unknown';
  text: string;
  sender: string;
}

function roleWord(a: AlertInfo): string {
  return a.senderRole === 'unknown' ? 'the sender' : `the ${a.senderRole}`;
}

export function explainAlert(a: AlertInfo): AlertExplanation {
  const sender = `Sent by ${a.sender}.`;
  if (!a.encrypted && a.code !== undefined) {
    const level = a.level === 2 ? 'fatal' : a.level === 1 ? 'warning' : `level ${a.level ?? '?'}`;
    const info = ALERTS[a.code];
    const title = `${level} · ${alertName(a.code)} (${a.code})`;
    let text = info?.meaning ?? 'An alert code this decoder does not know.';
    if (a.level === 2 && a.code !== 0) text += ' A fatal alert ends the connection.';
    return { title, severity: a.level === 2 ? 'fatal' : a.level === 1 ? 'warning' : 'unknown', text, sender };
  }
  // Encrypted: guess from where it sits in the connection.
  const who = roleWord(a);
  let guess: string;
  if (a.afterApplicationData && a.lastTlsRecord) {
    guess =
      `It comes after application data and is the last TLS record of the connection${a.followedByClose ? `, and ${who} closes the TCP connection right after` : ''}: ` +
      'almost certainly close_notify (warning, 0), the normal end of a session.';
  } else if (!a.afterApplicationData) {
    guess =
      'It was sent during the handshake, before any application data: most likely a fatal error such as ' +
      'bad_record_mac (20) or decrypt_error (51) — the two sides derived different keys, or a certificate or ' +
      'Finished check failed.';
  } else {
    guess =
      'It was sent in the middle of the session and more TLS records follow: it may be a warning such as ' +
      'user_canceled (90) or no_renegotiation (100), or a close_notify that the peer answered.';
  }
  return {
    title: 'Encrypted Alert',
    severity: 'unknown',
    text:
      'The alert is encrypted with the session keys (it follows Change Cipher Spec), so its level and description ' +
      `can't be read without them. ${guess}`,
    sender,
  };
}
