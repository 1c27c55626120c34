// Matching semantics, checked against tshark 4.0.17 on real captures (ecdhe.pcap) and rebuilt here.
import { describe, expect, it } from 'vitest';
import { compileFilter } from './index.ts';
import { CAPTURE, F, matching, packet } from './test-packets.ts';

// CAPTURE: 1 SYN (client→server), 2 SYN/ACK, 3 Client Hello + SNI, 4 two records (12, 14), 5 app data.
const ALL = [1, 2, 3, 4, 5];

describe('presence', () => {
  it('tests protocols and fields', () => {
    expect(matching('tls')).toEqual([3, 4, 5]);
    expect(matching('tcp')).toEqual(ALL);
    expect(matching('ip')).toEqual(ALL);
    expect(matching('ipv6')).toEqual([]);
    expect(matching('tls.handshake.extensions_server_name')).toEqual([3]);
    expect(matching('tls.handshake.type')).toEqual([3, 4]);
    expect(matching('tls.record')).toEqual([3, 4, 5]);
    expect(matching('!tls')).toEqual([1, 2]);
  });

  it('accepts ssl as an alias of tls', () => {
    expect(matching('ssl')).toEqual([3, 4, 5]);
    expect(matching('ssl.handshake.type == 1')).toEqual([3]);
  });

  it('treats an empty filter as matching everything', () => {
    expect(matching('')).toEqual(ALL);
    expect(matching('  \t')).toEqual(ALL);
  });

  it('forces a field with a leading dot', () => {
    expect(matching('.tls')).toEqual([3, 4, 5]);
    expect(matching('.tcp.port == 443')).toEqual(ALL);
  });
});

describe('comparison operators', () => {
  it('== is "any value equals", != is "no value equals" (4.0)', () => {
    expect(matching('tcp.port == 443')).toEqual(ALL);
    expect(matching('tcp.port eq 443')).toEqual(ALL);
    expect(matching('tcp.port any_eq 443')).toEqual(ALL);
    expect(matching('tcp.port != 443')).toEqual([]);
    expect(matching('tcp.port ne 443')).toEqual([]);
    expect(matching('tcp.port all_ne 443')).toEqual([]);
    expect(matching('tcp.srcport != 443')).toEqual([1, 3, 5]);
  });

  it('=== is "all values equal", !== and ~= are "any value differs"', () => {
    expect(matching('tcp.port === 443')).toEqual([]);
    expect(matching('tcp.port all_eq 443')).toEqual([]);
    expect(matching('tcp.dstport === 443')).toEqual([1, 3, 5]);
    expect(matching('tcp.port !== 443')).toEqual(ALL);
    expect(matching('tcp.port any_ne 443')).toEqual(ALL);
    expect(matching('tcp.port ~= 443')).toEqual(ALL);
  });

  it('handles multi-occurrence fields', () => {
    expect(matching('tls.handshake.type == 12')).toEqual([4]);
    expect(matching('tls.handshake.type == 14')).toEqual([4]);
    expect(matching('tls.handshake.type != 12')).toEqual([3]);
    expect(matching('tls.handshake.type != 2')).toEqual([3, 4]);
    expect(matching('tls.handshake.type === 12')).toEqual([]);
    expect(matching('tls.handshake.type === 1')).toEqual([3]);
    expect(matching('tls.handshake.type !== 12')).toEqual([3, 4]);
    // A missing field is neither equal nor unequal.
    expect(matching('tls.handshake.type != 99')).toEqual([3, 4]);
  });

  it('orders numbers', () => {
    expect(matching('frame.len > 100')).toEqual([3, 4]);
    expect(matching('frame.len gt 100')).toEqual([3, 4]);
    expect(matching('frame.len >= 54')).toEqual(ALL);
    expect(matching('frame.len ge 55')).toEqual([3, 4, 5]);
    expect(matching('frame.len < 55')).toEqual([1, 2]);
    expect(matching('frame.len lt 54')).toEqual([]);
    expect(matching('frame.len <= 54')).toEqual([1, 2]);
    expect(matching('frame.len le 54')).toEqual([1, 2]);
  });

  it('compares fields with fields', () => {
    expect(matching('tcp.srcport == tcp.port')).toEqual(ALL);
    expect(matching('ip.src == ip.dst')).toEqual([]);
    expect(matching('tcp.srcport > tcp.dstport')).toEqual([1, 3, 5]);
    expect(matching('tcp.port === tcp.port')).toEqual([]);
    expect(matching('tcp.port !== tcp.port')).toEqual(ALL);
    // Integers of different widths and signedness compare.
    expect(matching('tcp.window_size_scalefactor < frame.len')).toEqual([1, 3, 4, 5]);
    // A boolean on the right of an integer counts as 0 or 1.
    expect(matching('frame.number == tcp.flags.syn')).toEqual([1]);
  });

  it('chains comparisons with and', () => {
    expect(matching('frame.len == frame.len == frame.len')).toEqual(ALL);
    expect(matching('tcp.srcport >= tcp.dstport > 442')).toEqual([1, 3, 5]);
  });

  it('supports any/all quantifiers', () => {
    expect(matching('all tcp.port == 443')).toEqual([]);
    expect(matching('any tcp.port === 443')).toEqual(ALL);
    expect(matching('all tls.handshake.type > 11')).toEqual([4]);
    expect(matching('all frame.len == 54 or tls')).toEqual(ALL);
  });
});

describe('values', () => {
  it('parses integers in decimal, hex, octal and binary', () => {
    expect(matching('tcp.port == 0x1bb')).toEqual(ALL);
    expect(matching('tcp.port == 0673')).toEqual(ALL);
    expect(matching('tcp.port == 0b110111011')).toEqual(ALL);
    expect(matching('tcp.port == +443')).toEqual(ALL);
    expect(matching('tcp.port == 65535')).toEqual([]);
  });

  it('takes character constants as numbers', () => {
    expect(matching("frame.len == '6'")).toEqual([1, 2]); // 0x36 = 54
    expect(matching("frame.len == '\\x36'")).toEqual([1, 2]);
    expect(matching("frame.len == '\\066'")).toEqual([1, 2]);
  });

  it('reads booleans as numbers, True/False, or the field’s own words', () => {
    expect(matching('tcp.flags.syn == 1')).toEqual([1, 2]);
    expect(matching('tcp.flags.syn == 2')).toEqual([1, 2]);
    expect(matching('tcp.flags.syn == 0')).toEqual([3, 4, 5]);
    expect(matching('tcp.flags.syn == True')).toEqual([1, 2]);
    expect(matching('tcp.flags.syn == TRUE')).toEqual([1, 2]);
    expect(matching('tcp.flags.syn == Set')).toEqual([1, 2]);
    expect(matching('tcp.flags.syn == "not set"')).toEqual([3, 4, 5]);
    expect(matching('frame.marked == true')).toEqual([5]);
    expect(matching('frame.marked == tRuE')).toEqual([5]);
    expect(matching('frame.marked == False')).toEqual([1, 2, 3, 4]);
    expect(matching('tcp.flags.syn > 0')).toEqual([1, 2]);
    expect(matching('tcp.flags.syn == tcp.flags.ack')).toEqual([2]);
  });

  it('accepts value-string names case-insensitively (4.0 has no client_hello symbols)', () => {
    expect(matching('tls.handshake.type == "Client Hello"')).toEqual([3]);
    expect(matching('tls.handshake.type == "client hello"')).toEqual([3]);
    expect(matching('tls.record.content_type == handshake')).toEqual([3, 4]);
    expect(matching('tls.record.content_type == "Application Data"')).toEqual([5]);
    expect(matching('tls.record.content_type > handshake')).toEqual([5]);
    expect(matching('tls.record.content_type in {handshake, 23}')).toEqual([3, 4, 5]);
    expect(matching('tls.record.version == "TLS 1.2"')).toEqual([3, 4, 5]);
    expect(matching('ip.proto == TCP')).toEqual(ALL);
  });

  it('matches strings with escapes', () => {
    expect(matching('tls.handshake.extensions_server_name == "www.google.com"')).toEqual([3]);
    expect(matching('tls.handshake.extensions_server_name == "www\\x2egoogle\\056com"')).toEqual([3]);
    expect(matching('tls.handshake.extensions_server_name == "WWW.GOOGLE.COM"')).toEqual([]);
    expect(matching('frame.protocols == "eth:ethertype:ip:tcp"')).toEqual([1, 2]);
    expect(matching('frame.protocols > "eth"')).toEqual(ALL);
    expect(matching('frame.protocols == r"eth:ethertype:ip:tcp:tls"')).toEqual([3, 4, 5]);
    // An unquoted literal is the string itself.
    expect(matching('frame.protocols contains ethertype')).toEqual(ALL);
  });

  it('matches IPv4 addresses and CIDR blocks', () => {
    expect(matching('ip.src == 192.168.18.50')).toEqual([1, 3, 5]);
    expect(matching('ip.addr == 192.168.18.50')).toEqual(ALL);
    expect(matching('ip.addr != 192.168.18.50')).toEqual([]);
    expect(matching('ip.addr ~= 192.168.18.50')).toEqual(ALL);
    expect(matching('ip.src == 192.168.0.0/16')).toEqual([1, 3, 5]);
    expect(matching('ip.src == 192.168.18.0/24')).toEqual([1, 3, 5]);
    expect(matching('ip.addr == 74.125.0.0/16')).toEqual(ALL);
    expect(matching('ip.src == 10.0.0.0/8')).toEqual([]);
    expect(matching('ip.src == 1.2.3.4/0')).toEqual(ALL);
    expect(matching('ip.src > 100.0.0.0')).toEqual([1, 3, 5]);
    expect(matching('ip.src in {10.0.0.0/8, 192.168.18.50}')).toEqual([1, 3, 5]);
  });

  it('matches IPv6 addresses and prefixes', () => {
    const p = packet({ number: 1 });
    p.tree.add(null, F['ipv6.src'], 0, 0, '2001:db8::1');
    expect(matching('ipv6.src == 2001:db8::1', [p])).toEqual([1]);
    expect(matching('ipv6.src == 2001:0db8:0:0::1', [p])).toEqual([1]);
    expect(matching('ipv6.src == 2001:db8::/32', [p])).toEqual([1]);
    expect(matching('ipv6.src == 2001:db9::/32', [p])).toEqual([]);
    expect(matching('ipv6.src == ::/0', [p])).toEqual([1]);
    expect(matching('ipv6.src > ::', [p])).toEqual([1]);
    expect(matching('ipv6.src == ::ffff:1.2.3.4', [p])).toEqual([]);
  });

  it('matches Ethernet addresses in every notation', () => {
    for (const mac of [
      '68:a8:6d:18:69:0e',
      '68-a8-6d-18-69-0e',
      '68.a8.6d.18.69.0e',
      '68a8.6d18.690e',
      '68a86d18690e',
    ]) {
      expect(matching(`eth.src == ${mac}`)).toEqual(ALL);
    }
    expect(matching('eth.addr == 64:66:b3:0b:8f:82')).toEqual(ALL);
    expect(matching('eth.src contains 6d:18')).toEqual(ALL);
    expect(matching('eth.src > 68:00:00:00:00:00')).toEqual(ALL);
  });

  it('matches byte strings in every notation', () => {
    expect(matching('frame[0:2] == 64:66')).toEqual(ALL);
    expect(matching('frame[0:2] == 64-66')).toEqual(ALL);
    expect(matching('frame[0:2] == 64.66')).toEqual(ALL);
    expect(matching('frame[0:2] == 6466')).toEqual(ALL);
    expect(matching('frame[0:2] == :64:66')).toEqual(ALL);
    expect(matching('frame[0] == 0x64')).toEqual(ALL);
    expect(matching('frame[3] == b')).toEqual(ALL);
    expect(matching('frame[0:2] == "df"')).toEqual(ALL);
    expect(matching("frame[0] == 'd'")).toEqual(ALL);
    // Byte sequences order by length first.
    expect(matching('frame[0:2] < 00:00:00')).toEqual(ALL);
    expect(matching('frame[0:2] > 00')).toEqual(ALL);
  });

  it('compares times', () => {
    expect(matching('frame.time_relative == 0')).toEqual([1, 2]);
    expect(matching('frame.time_relative >= 0.02475')).toEqual([3, 4, 5]);
    expect(matching('frame.time_relative > 1')).toEqual([5]);
    expect(matching('frame.time_relative > 1.4e-1')).toEqual([5]); // tshark ignores text after the fraction
    expect(matching('frame.time > "2014-04-26 16:16:58Z"')).toEqual(ALL);
    expect(matching('frame.time < "Apr 26, 2014 16:16:59 UTC"')).toEqual([1, 2, 3, 4]);
    expect(matching('frame.time_relative + 1 > 2')).toEqual([5]);
  });

  it('compares OIDs, 64-bit integers and doubles', () => {
    const p = packet({ number: 1 });
    p.tree.add(null, F['x509af.algorithm.id'], 0, 0, '1.2.840.113549.1.1.11');
    p.tree.add(null, F['test.u64'], 0, 0, 18446744073709551615n);
    p.tree.add(null, F['test.double'], 0, 0, 2.5);
    expect(matching('x509af.algorithm.id == 1.2.840.113549.1.1.11', [p])).toEqual([1]);
    expect(matching('string(x509af.algorithm.id) contains "113549"', [p])).toEqual([1]);
    expect(matching('test.u64 == 0xffffffffffffffff', [p])).toEqual([1]);
    expect(matching('test.u64 > 18446744073709551614', [p])).toEqual([1]);
    expect(matching('test.double > 2.4 && test.double < 2.6', [p])).toEqual([1]);
    expect(matching('test.double == 25e-1', [p])).toEqual([1]);
  });
});

describe('contains and matches', () => {
  it('contains bytes and substrings', () => {
    expect(matching('frame contains "google"')).toEqual([3]);
    expect(matching('frame contains "GOOGLE"')).toEqual([]);
    expect(matching('tcp contains 01:bb')).toEqual(ALL);
    expect(matching('tcp.payload contains de:ad:be:ef')).toEqual([5]);
    expect(matching('tcp.payload contains "google"')).toEqual([3]);
    expect(matching("tcp.payload contains 'x'")).toEqual([3]);
    expect(matching('tcp.payload contains "www"')).toEqual([3]);
    expect(matching('tls.handshake.extensions_server_name contains "google"')).toEqual([3]);
    expect(matching('upper(tls.handshake.extensions_server_name) contains "GOOGLE"')).toEqual([3]);
  });

  it('matches regular expressions, case-insensitively by default', () => {
    expect(matching('frame matches "GOOGLE"')).toEqual([3]);
    expect(matching('frame ~ "goo+gle"')).toEqual([3]);
    expect(matching('frame matches "(?-i)GOOGLE"')).toEqual([]);
    expect(matching('frame matches "(?i)GoOgLe"')).toEqual([3]);
    expect(matching('tls.handshake.extensions_server_name matches "^www\\\\.[a-z]+\\\\.com$"')).toEqual([3]);
    expect(matching('tcp.payload matches "^\\x16\\x03\\x03"')).toEqual([3, 4]);
    expect(matching('frame.protocols matches ":tls$"')).toEqual([3, 4, 5]);
    expect(matching('frame[0:2] matches "df"')).toEqual(ALL);
  });
});

describe('sets', () => {
  it('tests membership, ranges and negation', () => {
    expect(matching('tcp.port in {443, 80}')).toEqual(ALL);
    expect(matching('tcp.port in {443,80}')).toEqual(ALL);
    expect(matching('tcp.srcport in {1..1000, 8080}')).toEqual([2, 4]);
    expect(matching('tcp.srcport in {56000 .. 57000}')).toEqual([1, 3, 5]);
    expect(matching('tcp.srcport not in {443}')).toEqual([1, 3, 5]);
    expect(matching('tcp.port not in {443}')).toEqual([]);
    expect(matching('tls.handshake.type in {1, 14}')).toEqual([3, 4]);
    expect(matching('frame.protocols in {"eth:ethertype:ip:tcp", "x"}')).toEqual([1, 2]);
    expect(matching('frame.protocols in {"a".."f"}')).toEqual(ALL);
    expect(matching('tcp.srcport in {tcp.dstport, 443}')).toEqual([2, 4]);
    expect(matching('tcp.port in {1..0}')).toEqual([]);
    expect(matching('all tcp.port in {443, 56981}')).toEqual(ALL);
  });
});

describe('slices and layers', () => {
  it('slices frames and fields', () => {
    expect(matching('frame[0:4] == 64:66:b3:0b')).toEqual(ALL);
    expect(matching('frame[0-1] == 64:66')).toEqual(ALL);
    expect(matching('frame[:2] == 64:66')).toEqual(ALL);
    expect(matching('frame[1] == 66')).toEqual(ALL);
    expect(matching('frame[0,2] == 64:b3')).toEqual(ALL);
    expect(matching('frame[0:1,2] == 64:b3')).toEqual(ALL);
    expect(matching('frame[-1] == ef')).toEqual([5]);
    expect(matching('frame[-2:] == be:ef')).toEqual([5]);
    expect(matching('frame[-2--1] == be:ef')).toEqual([5]);
    expect(matching('tcp.payload[-2:] == be:ef')).toEqual([5]);
    expect(matching('eth.src[1-3] == a8:6d:18')).toEqual(ALL);
    expect(matching('eth.src[0:3] == 68-a8-6d')).toEqual(ALL);
    expect(matching('ip.src[0] == c0')).toEqual([1, 3, 5]);
    expect(matching('ip.src[0:2] == c0a8')).toEqual([1, 3, 5]);
    expect(matching('tls.handshake.extensions_server_name[0:3] == "www"')).toEqual([3]);
    expect(matching('frame[0:2][1] == 66')).toEqual(ALL);
    expect(matching('tcp.payload[0:1] == 17')).toEqual([5]);
  });

  it('drops slices that fall outside the data', () => {
    expect(matching('frame[60]')).toEqual([3, 4, 5]);
    expect(matching('frame[0:100000] == 00')).toEqual([]);
    expect(matching('frame[-1000:2] == 64:66')).toEqual([]);
  });

  it('compares slices with fields of other byte-like types', () => {
    expect(matching('frame[6:6] == eth.src')).toEqual(ALL);
    expect(matching('frame[26:4] == ip.src')).toEqual(ALL);
    expect(matching('frame[26:4] == ip.dst')).toEqual([]);
    expect(matching('tcp.payload contains frame[54:1]')).toEqual([3, 4, 5]);
  });

  it('selects protocol layers with #', () => {
    expect(matching('tls.handshake.type#2 == 14')).toEqual([4]);
    expect(matching('tls.handshake.type#1 == 14')).toEqual([]);
    expect(matching('tls#2')).toEqual([4]);
    expect(matching('tls.record.content_type#[1-2] == 22')).toEqual([3, 4]);
    expect(matching('tls.handshake.type#[-1] == 14')).toEqual([4]);
    expect(matching('ip.addr#1 == 192.168.18.50')).toEqual(ALL);
    expect(matching('ip.addr#2 == 192.168.18.50')).toEqual([]);
    expect(matching('ip.addr#1[0] == c0')).toEqual(ALL);
  });
});

describe('bitwise and arithmetic', () => {
  it('tests bits', () => {
    expect(matching('tcp.flags & 0x02')).toEqual([1, 2]);
    expect(matching('tcp.flags & 0x12 == 0x12')).toEqual([2]);
    expect(matching('tcp.flags bitwise_and 0x10')).toEqual([2, 3, 4, 5]);
    expect(matching('tcp.flags & 0')).toEqual([]);
    expect(matching('ip.src & 255.255.0.0 == 192.168.0.0')).toEqual([1, 3, 5]);
    expect(matching('frame[0:2] & 00:ff == 00:66')).toEqual(ALL);
  });

  it('computes with + - * / %', () => {
    expect(matching('frame.len + 0 == 54')).toEqual([1, 2]);
    expect(matching('frame.len == {50 + 4}')).toEqual([1, 2]);
    expect(matching('frame.len == 2 * 27')).toEqual([1, 2]);
    expect(matching('frame.len / 2 == 27')).toEqual([1, 2]);
    // Frame lengths: 54, 54, 109, 136, 63.
    expect(CAPTURE.map((p) => p.frame.length)).toEqual([54, 54, 109, 136, 63]);
    expect(matching('frame.len % 2 == 0')).toEqual([1, 2, 4]);
    expect(matching('frame.len - 54')).toEqual([3, 4, 5]);
    expect(matching('frame.len + tcp.srcport == 497')).toEqual([2]);
    expect(matching('-frame.len == -54')).toEqual([1, 2]);
    expect(matching('frame.len / 0 == 1')).toEqual([]);
  });

  it('keeps tshark 4.0’s signedness rules', () => {
    // Unsigned minus unsigned can go negative.
    expect(matching('frame.len - 55 < 0')).toEqual([1, 2]);
    expect(matching('ip.ttl - 60 < 0')).toEqual([2, 4]);
    // A negative constant never compares with an unsigned field.
    expect(matching('frame.len > -1')).toEqual([]);
    expect(matching('frame.len < -1')).toEqual([]);
    expect(matching('frame.len != -1')).toEqual(ALL);
    expect(matching('frame.len ~= -1')).toEqual([]);
    // …but does with a signed one.
    expect(matching('tcp.window_size_scalefactor > -1')).toEqual(ALL);
    expect(matching('-tcp.window_size_scalefactor == -16')).toEqual([1, 3, 5]);
  });
});

describe('functions', () => {
  it('len()', () => {
    expect(matching('len(tls.handshake.extensions_server_name) == 14')).toEqual([3]);
    expect(matching('len(tcp.payload) == 9')).toEqual([5]);
    expect(matching('len(ip.src) == 4')).toEqual(ALL);
    expect(matching('len(eth.src) == 6')).toEqual(ALL);
    expect(matching('len(tcp.port) == 2')).toEqual(ALL);
    expect(matching('len(frame) == frame.len')).toEqual(ALL);
    expect(matching('len(tls.record) == 0')).toEqual([3, 4, 5]);
    expect(matching('len(tcp.flags.syn) == 0')).toEqual(ALL);
  });

  it('count()', () => {
    expect(matching('count(tls.handshake.type) == 2')).toEqual([4]);
    expect(matching('count(tls.record) >= 1')).toEqual([3, 4, 5]);
    expect(matching('count(ip.addr) == 2')).toEqual(ALL);
    // No occurrences gives no value rather than 0.
    expect(matching('count(tls.handshake.type) == 0')).toEqual([]);
  });

  it('lower(), upper(), string()', () => {
    expect(matching('upper(tls.handshake.extensions_server_name) == "WWW.GOOGLE.COM"')).toEqual([3]);
    expect(matching('lower(frame.protocols) == frame.protocols')).toEqual(ALL);
    expect(matching('upper(frame.protocols) == "ETH:ETHERTYPE:IP:TCP"')).toEqual([1, 2]);
    expect(matching('string(frame.number) == "3"')).toEqual([3]);
    expect(matching('string(tls.record.version) == "771"')).toEqual([3, 4, 5]);
    expect(matching('string(ip.src) == "192.168.18.50"')).toEqual([1, 3, 5]);
    expect(matching('string(eth.src) == "68:a8:6d:18:69:0e"')).toEqual(ALL);
    expect(matching('string(frame.len) matches "^5"')).toEqual([1, 2]);
  });

  it('abs(), max(), min()', () => {
    expect(matching('abs(tcp.window_size_scalefactor) == 16')).toEqual([1, 3, 5]);
    expect(matching('max(tcp.port) == 56981')).toEqual(ALL);
    expect(matching('min(tcp.port) == 443')).toEqual(ALL);
    expect(matching('max(tcp.srcport, tcp.dstport) == 56981')).toEqual(ALL);
    expect(matching('max(frame.len, 60) == 60')).toEqual([1, 2]);
    expect(matching('max(tls.handshake.type) == 14')).toEqual([4]);
  });
});

describe('logic', () => {
  it('binds and tighter than or (Wireshark’s grammar)', () => {
    expect(matching('frame.number == 1 or frame.number == 2 and frame.number == 3')).toEqual([1]);
    expect(matching('frame.number == 3 and frame.number == 2 or frame.number == 1')).toEqual([1]);
    expect(matching('frame.number == 1 || frame.number == 2 && frame.number == 3')).toEqual([1]);
    expect(matching('(frame.number == 1 or frame.number == 2) and frame.number == 2')).toEqual([2]);
  });

  it('binds not tighter than and/or', () => {
    expect(matching('not frame.number == 1 and frame.number == 2')).toEqual([2]);
    expect(matching('! tls or tcp')).toEqual(ALL);
    expect(matching('!tls && !ipv6')).toEqual([1, 2]);
    expect(matching('not not tls')).toEqual([3, 4, 5]);
    expect(matching('!(tls || frame.number == 1)')).toEqual([2]);
  });

  it('allows operators without spaces', () => {
    expect(matching('frame.len==54&&tcp.srcport==443')).toEqual([2]);
    expect(matching('tcp.port in{443}')).toEqual(ALL);
  });
});

describe('CompiledFilter', () => {
  it('exposes its text and the fields it reads', () => {
    const r = compileFilter(
      'tls.handshake.type == 1 && len(ssl.handshake.extensions_server_name) > 3 || frame[0] == 00',
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.filter.text).toBe(
      'tls.handshake.type == 1 && len(ssl.handshake.extensions_server_name) > 3 || frame[0] == 00',
    );
    expect([...r.filter.fields].sort()).toEqual([
      'frame',
      'tls.handshake.extensions_server_name',
      'tls.handshake.type',
    ]);
  });

  it('lists the protocol of a field selected by layer', () => {
    const r = compileFilter('tls.handshake.type#2 == 14');
    expect(r.ok && [...r.filter.fields].sort()).toEqual(['tls', 'tls.handshake.type']);
  });

  it('reads fields in extra data sources', () => {
    const p = packet({ number: 1 });
    const src = p.tree.addSource('Decrypted TLS', new TextEncoder().encode('GET /index.html'));
    p.tree.source = src;
    p.tree.add(null, F['tcp.payload'], 4, 5, undefined);
    p.tree.source = 0;
    expect(matching('tcp.payload == "/inde"', [p])).toEqual([1]);
    expect(matching('tcp.payload[0] == 2f', [p])).toEqual([1]);
  });
});

describe('a field compared with a literal', () => {
  // Such relations take a path of their own (node by node, integers as numbers): the same relation written through
  // arithmetic (`+ 0`) or a set goes the general way, and must match the same packets.
  const ops = ['==', '!=', '===', '!==', '>', '>=', '<', '<='];
  it('matches as the general comparison does, for integers', () => {
    const cases: [string, string[]][] = [
      ['tcp.port', ['443', '56981', '0']],
      ['ip.ttl', ['53', '64', '255']],
      ['tls.handshake.type', ['1', '12', '14']],
      ['tcp.window_size_scalefactor', ['-2', '16', '64']],
      ['frame.len', ['54', '100', '4294967295']],
    ];
    let matched = 0;
    for (const [field, constants] of cases)
      for (const c of constants)
        for (const op of ops) {
          const fast = matching(`${field} ${op} ${c}`);
          expect(fast, `${field} ${op} ${c}`).toEqual(matching(`${field} + 0 ${op} ${c}`));
          matched += fast.length;
        }
    expect(matched).toBeGreaterThan(100);
  });

  it('matches as a set does, for IPv4 addresses and subnets', () => {
    for (const c of ['192.168.18.50', '74.125.239.97', '192.168.0.0/16', '10.0.0.0/8', '0.0.0.0/0']) {
      expect(matching(`ip.addr == ${c}`), c).toEqual(matching(`ip.addr in {${c}}`));
      expect(matching(`ip.addr != ${c}`), c).toEqual(matching(`!(ip.addr in {${c}})`));
      expect(matching(`ip.src === ${c}`), c).toEqual(matching(`ip.src in {${c}}`));
    }
    expect(matching('ip.addr == 192.168.0.0/16')).toEqual(ALL);
    expect(matching('ip.dst == 74.125.0.0/16')).toEqual([1, 3, 5]);
  });
});

describe('a field tested for a literal with contains', () => {
  it('matches as the same test on a slice of the field does', () => {
    const cases = [
      'tls.handshake.extensions_server_name contains "google"',
      'tls.handshake.extensions_server_name contains "yahoo"',
      'tcp.payload contains 16:03',
      'tcp.payload contains "\\x17\\x03"',
      'frame.protocols contains "tls"',
      'any tls.handshake.extensions_server_name contains "www"',
      'all tls.handshake.extensions_server_name contains "www"',
    ];
    let matched = 0;
    for (const text of cases) {
      const fast = matching(text);
      const sliced = text.replace(/^(any |all )?([a-z_.]+) contains/, '$1$2[0:] contains');
      expect(fast, text).toEqual(matching(sliced));
      matched += fast.length;
    }
    expect(matched).toBeGreaterThan(4);
  });
});
