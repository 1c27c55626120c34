import { describe, expect, it } from 'vitest';
import { bytes, dissectFrames, summary, TcpFlow, values } from './test-frames.ts';

/** A plaintext TLS 1.2 alert record: fatal handshake_failure. */
const ALERT = bytes([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28]);
const ALERT_SUMMARY = 'TLSv1.2 Alert (Level: Fatal, Description: Handshake Failure)';

function conversation(serverPort: number, build: (f: TcpFlow) => void): string[] {
  const frames: Uint8Array[] = [];
  const f = new TcpFlow(frames, 40000, serverPort).handshake();
  build(f);
  return dissectFrames(frames).slice(3).map(summary);
}

describe('SMTP', () => {
  it('shows commands and replies and hands the stream to TLS after 220 to STARTTLS', () => {
    const rows = conversation(25, (f) =>
      f
        .s('220 mx.example.com ESMTP\r\n')
        .c('EHLO client.example\r\n')
        .s('250-mx.example.com\r\n250-SIZE 1000\r\n250 STARTTLS\r\n')
        .c('STARTTLS\r\n')
        .s('220 2.0.0 Ready to start TLS\r\n')
        .c(ALERT),
    );
    expect(rows).toEqual([
      'SMTP S: 220 mx.example.com ESMTP',
      'SMTP C: EHLO client.example',
      'SMTP S: 250-mx.example.com | SIZE 1000 | STARTTLS',
      'SMTP C: STARTTLS',
      'SMTP S: 220 2.0.0 Ready to start TLS',
      ALERT_SUMMARY,
    ]);
  });

  it('waits for the end of a command line split over segments', () => {
    const frames: Uint8Array[] = [];
    const f = new TcpFlow(frames, 40000, 25).handshake();
    f.s('220 hi\r\n').c('eh').c('lo').c('\r\n');
    const ps = dissectFrames(frames);
    expect(summary(ps[4]!)).toMatch(/^TCP 40000 → 25 .*Len=2 \[TCP segment of a reassembled PDU\]$/);
    expect(summary(ps[5]!)).toMatch(/\[TCP segment of a reassembled PDU\]$/);
    expect(summary(ps[6]!)).toBe('SMTP C: ehlo');
    expect(values(ps[6]!, 'smtp.req.command')).toEqual(['ehlo']);
  });

  it('stays plaintext when STARTTLS is refused', () => {
    const rows = conversation(587, (f) => f.c('STARTTLS\r\n').s('454 TLS not available\r\n').c('QUIT\r\n'));
    expect(rows).toEqual(['SMTP C: STARTTLS', 'SMTP S: 454 TLS not available', 'SMTP C: QUIT']);
  });
});

describe('IMAP', () => {
  it('shows the last line and switches to TLS after a tagged OK to STARTTLS', () => {
    const rows = conversation(143, (f) =>
      f
        .s('* OK IMAP ready\r\n')
        .c('a1 CAPABILITY\r\n')
        .s('* CAPABILITY IMAP4rev1 STARTTLS\r\na1 OK done\r\n')
        .c('a2 STARTTLS\r\n')
        .s('a2 OK Begin TLS negotiation now\r\n')
        .c(ALERT),
    );
    expect(rows).toEqual([
      'IMAP Response: * OK IMAP ready',
      'IMAP Request: a1 CAPABILITY',
      'IMAP Response: a1 OK done',
      'IMAP Request: a2 STARTTLS',
      'IMAP Response: a2 OK Begin TLS negotiation now',
      ALERT_SUMMARY,
    ]);
  });
});

describe('POP', () => {
  it('switches to TLS after +OK to STLS', () => {
    const rows = conversation(110, (f) =>
      f.s('+OK ready\r\n').c('STLS\r\n').s('+OK Begin TLS negotiation now\r\n').c(ALERT),
    );
    expect(rows).toEqual(['POP S: +OK ready', 'POP C: STLS', 'POP S: +OK Begin TLS negotiation now', ALERT_SUMMARY]);
  });
});

describe('XMPP', () => {
  it('names top-level elements and switches to TLS after <proceed/>', () => {
    const rows = conversation(5222, (f) =>
      f
        .c("<stream:stream xmlns:stream='http://etherx.jabber.org/streams' to='example.com' version='1.0'>")
        .s("<?xml version='1.0'?><stream:stream from='example.com' id='1' version='1.0'>")
        .s(
          "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls></stream:features>",
        )
        .c("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
        .s("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
        .c(ALERT),
    );
    expect(rows).toEqual([
      'XMPP/XML STREAM > example.com ',
      'XMPP/XML STREAM < example.com ',
      'XMPP/XML FEATURES ',
      'XMPP/XML STARTTLS ',
      'XMPP/XML PROCEED ',
      ALERT_SUMMARY,
    ]);
  });
});

describe('IRC', () => {
  it('lists each line’s command and, like tshark 4.0, keeps reading after 670 as IRC', () => {
    const rows = conversation(6667, (f) =>
      f
        .c('STARTTLS\r\n')
        .s(':irc.example.org 670 nick :STARTTLS successful\r\n')
        .c(bytes('NICK a\r\n', [0x80, 0x41, 0x00, 0x42, 0x0a, 0x08, 0x43])),
    );
    expect(rows).toEqual(['IRC Request (STARTTLS)', 'IRC Response (670)', 'IRC Request (NICK) (\ufffdA) (\bC)']);
  });
});
