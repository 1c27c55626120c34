/**
 * DNS (RFC 1035 and successors) over UDP and over TCP (two-byte length prefix), and the same message format as
 * multicast DNS (UDP 5353) and LLMNR (UDP 5355): header, questions, resource records with name compression, the
 * request/response matching tshark does in one pass, and tshark's Info column.
 */
import { BoundsError } from '../bytes.ts';
import { ipv4Text, ipv6Text } from './addr.ts';
import { clearInfoOnce, type Dissector, type PacketContext } from './context.ts';
import { addExpert } from './expert.ts';
import { declareFields, type FieldDef } from './fields.ts';
import { bitPattern, MAX_LABEL } from './format.ts';
import type { StreamInfo, StreamProtocol, StreamResult } from './stream.ts';
import type { FieldNode } from './tree.ts';

/** Record type names as Wireshark's `dns.qry.type` value strings; the Info column uses the part before ` (`. */
const TYPE_NAMES: ReadonlyMap<number, string> = new Map([
  [0, 'Unused'],
  [1, 'A (Host Address)'],
  [2, 'NS (authoritative Name Server)'],
  [3, 'MD (Mail Destination)'],
  [4, 'MF (Mail Forwarder)'],
  [5, 'CNAME (Canonical NAME for an alias)'],
  [6, 'SOA (Start Of a zone of Authority)'],
  [7, 'MB (MailBox domain name)'],
  [8, 'MG (Mail Group member)'],
  [9, 'MR (Mail Rename domain)'],
  [10, 'NULL RR'],
  [11, 'WKS (Well Known Service)'],
  [12, 'PTR (domain name PoinTeR)'],
  [13, 'HINFO (host information)'],
  [14, 'MINFO (Mailbox or mail list information)'],
  [15, 'MX (Mail eXchange)'],
  [16, 'TXT (Text strings)'],
  [17, 'RP (Responsible Person)'],
  [18, 'AFSDB (AFS Data Base location)'],
  [19, 'X25 (XX.25 PSDN address)'],
  [20, 'ISDN (ISDN address)'],
  [21, 'RT (Route Through)'],
  [22, 'NSAP (NSAP address)'],
  [23, 'NSAP-PTR (NSAP domain name pointer)'],
  [24, 'SIG (security signature)'],
  [25, 'KEY (security key)'],
  [26, 'PX (X.400 mail mapping information)'],
  [27, 'GPOS (Geographical Position)'],
  [28, 'AAAA (IPv6 Address)'],
  [29, 'LOC (Location Information)'],
  [30, 'NXT (Next Domain)'],
  [31, 'EID (Endpoint Identifier)'],
  [32, 'NIMLOC (Nimrod Locator)'],
  [33, 'SRV (Server Selection)'],
  [34, 'ATMA (ATM Address)'],
  [35, 'NAPTR (Naming Authority Pointer)'],
  [36, 'KX (Key Exchanger)'],
  [37, 'CERT'],
  [38, 'A6 (OBSOLETE - use AAAA)'],
  [39, 'DNAME'],
  [40, 'SINK'],
  [41, 'OPT'],
  [42, 'APL'],
  [43, 'DS (Delegation Signer)'],
  [44, 'SSHFP (SSH Key Fingerprint)'],
  [45, 'IPSECKEY'],
  [46, 'RRSIG (Resource Record Signature)'],
  [47, 'NSEC (Next Secure)'],
  [48, 'DNSKEY (DNS Public Key)'],
  [49, 'DHCID'],
  [50, 'NSEC3'],
  [51, 'NSEC3PARAM'],
  [52, 'TLSA'],
  [55, 'HIP (Host Identity Protocol)'],
  [57, 'RKEY'],
  [58, 'TALINK (Trust Anchor LINK)'],
  [59, 'CDS (Child DS)'],
  [60, 'CDNSKEY (DNSKEY(s) the Child wants reflected in DS)'],
  [61, 'OPENPGPKEY (OpenPGP Key)'],
  [62, 'CSYNC (Child-to-Parent Synchronization)'],
  [63, 'ZONEMD'],
  [64, 'SVCB (General Purpose Service Endpoints)'],
  [65, 'HTTPS (HTTPS Specific Service Endpoints)'],
  [99, 'SPF'],
  [100, 'UINFO'],
  [101, 'UID'],
  [102, 'GID'],
  [103, 'UNSPEC'],
  [104, 'NID (NodeID)'],
  [105, 'L32 (Locator32)'],
  [106, 'L64 (Locator64)'],
  [107, 'LP (Locator FQDN)'],
  [108, 'EUI48'],
  [109, 'EUI64'],
  [249, 'TKEY (Transaction Key)'],
  [250, 'TSIG (Transaction Signature)'],
  [251, 'IXFR (incremental transfer)'],
  [252, 'AXFR (transfer of an entire zone)'],
  [253, 'MAILB (mailbox-related RRs)'],
  [254, 'MAILA (mail agent RRs)'],
  [255, '* (A request for all records the server/cache has available)'],
  [256, 'URI'],
  [257, 'CAA (Certification Authority Restriction)'],
  [32768, 'TA (DNSSEC Trust Authorities)'],
  [32769, 'DLV (DNSSEC Lookaside Validation)'],
  [65281, 'WINS'],
  [65282, 'WINS-R'],
  [65422, 'XPF'],
]);

/** The short names the Info column and the tree labels use where they differ from the value string's first word. */
const SHORT_OVERRIDES: ReadonlyMap<number, string> = new Map([
  [10, 'NULL'],
  [255, 'ANY'],
]);

export function dnsTypeShort(type: number): string {
  const o = SHORT_OVERRIDES.get(type);
  if (o) return o;
  const long = TYPE_NAMES.get(type);
  if (long === undefined) return `Unknown (${type})`;
  const i = long.indexOf(' (');
  return i < 0 ? long : long.slice(0, i);
}

const CLASS_NAMES: ReadonlyMap<number, string> = new Map([
  [1, 'IN'],
  [2, 'CS'],
  [3, 'CH'],
  [4, 'HS'],
  [254, 'NONE'],
  [255, 'ANY'],
]);

const OPCODES: ReadonlyMap<number, string> = new Map([
  [0, 'Standard query'],
  [1, 'Inverse query'],
  [2, 'Server status request'],
  [4, 'Zone change notification'],
  [5, 'Dynamic update'],
  [6, 'DNS Stateful operations (DSO)'],
]);

const RCODES: ReadonlyMap<number, string> = new Map([
  [0, 'No error'],
  [1, 'Format error'],
  [2, 'Server failure'],
  [3, 'No such name'],
  [4, 'Not implemented'],
  [5, 'Refused'],
  [6, 'Name exists'],
  [7, 'RRset exists'],
  [8, 'RRset does not exist'],
  [9, 'Not authoritative'],
  [10, 'Name out of zone'],
  [11, 'DSO-Type not implemented'],
  [16, 'Bad OPT Version or TSIG Signature Failure'],
  [17, 'Key not recognized'],
  [18, 'Signature out of time window'],
  [19, 'Bad TKEY Mode'],
  [20, 'Duplicate key name'],
  [21, 'Algorithm not supported'],
  [22, 'Bad Truncation'],
  [23, 'Bad/missing Server Cookie'],
]);

const DNSSEC_ALGORITHMS = {
  1: 'RSA/MD5',
  2: 'Diffie-Hellman',
  3: 'DSA',
  4: 'Elliptic curve crypto',
  5: 'RSA/SHA1',
  6: 'DSA + NSEC3/SHA1',
  7: 'RSA/SHA1 + NSEC3/SHA1',
  8: 'RSA/SHA-256',
  10: 'RSA/SHA-512',
  12: 'GOST R 34.10-2001',
  13: 'ECDSA Curve P-256 with SHA-256',
  14: 'ECDSA Curve P-386 with SHA-386',
  15: 'Ed25519',
  16: 'Ed448',
  157: 'HMAC/MD5',
  252: 'Indirect key',
  253: 'Private, domain name',
  254: 'Private, OID',
};

const SVC_PARAM_KEYS: ReadonlyMap<number, string> = new Map([
  [0, 'mandatory'],
  [1, 'alpn'],
  [2, 'no-default-alpn'],
  [3, 'port'],
  [4, 'ipv4hint'],
  [5, 'echconfig'],
  [6, 'ipv6hint'],
  [32769, 'odohconfig'],
  [65535, 'key65535'],
]);

const OPT_CODES = {
  0: 'Reserved',
  1: 'LLQ - Long-lived query',
  2: 'UL - Update lease',
  3: 'NSID - Name Server Identifier',
  4: 'Owner (reserved)',
  5: 'DAU - DNSSEC Algorithm Understood (RFC6975)',
  6: 'DHU - DS Hash Understood (RFC6975)',
  7: 'N3U - NSEC3 Hash Understood (RFC6975)',
  8: 'CSUBNET - Client subnet',
  9: 'EDNS EXPIRE (RFC7314)',
  10: 'COOKIE',
  11: 'EDNS TCP Keepalive',
  12: 'PADDING',
  13: 'CHAIN',
  15: 'Extended DNS Error',
  20730: 'Experimental - CSUBNET - Client subnet',
};

const F = declareFields({
  dns: { name: 'Domain Name System', type: 'protocol' },
  mdns: { name: 'Multicast Domain Name System', type: 'protocol' },
  llmnr: { name: 'Link-local Multicast Name Resolution', type: 'protocol' },
  'dns.length': { name: 'Length', type: 'uint16', description: 'Length of DNS-over-TCP request or response' },
  'dns.id': { name: 'Transaction ID', type: 'uint16', base: 'hex' },
  'dns.flags': { name: 'Flags', type: 'uint16', base: 'hex' },
  'dns.flags.response': {
    name: 'Response',
    type: 'boolean',
    bitmask: 0x8000,
    bitWidth: 16,
    trueFalse: ['Message is a response', 'Message is a query'],
  },
  'dns.flags.opcode': { name: 'Opcode', type: 'uint16', bitmask: 0x7800, bitWidth: 16, strings: OPCODES },
  'dns.flags.authoritative': {
    name: 'Authoritative',
    type: 'boolean',
    bitmask: 0x0400,
    bitWidth: 16,
    trueFalse: ['Server is an authority for domain', 'Server is not an authority for domain'],
  },
  'dns.flags.conflict': {
    name: 'Conflict',
    type: 'boolean',
    bitmask: 0x0400,
    bitWidth: 16,
    trueFalse: ['The sender received multiple responses', 'None'],
  },
  'dns.flags.truncated': {
    name: 'Truncated',
    type: 'boolean',
    bitmask: 0x0200,
    bitWidth: 16,
    trueFalse: ['Message is truncated', 'Message is not truncated'],
  },
  'dns.flags.recdesired': {
    name: 'Recursion desired',
    type: 'boolean',
    bitmask: 0x0100,
    bitWidth: 16,
    trueFalse: ['Do query recursively', "Don't do query recursively"],
  },
  'dns.flags.tentative': {
    name: 'Tentative',
    type: 'boolean',
    bitmask: 0x0100,
    bitWidth: 16,
    trueFalse: ['Tentative', 'Not tentative'],
  },
  'dns.flags.recavail': {
    name: 'Recursion available',
    type: 'boolean',
    bitmask: 0x0080,
    bitWidth: 16,
    trueFalse: ['Server can do recursive queries', "Server can't do recursive queries"],
  },
  'dns.flags.z': {
    name: 'Z',
    type: 'boolean',
    bitmask: 0x0040,
    bitWidth: 16,
    trueFalse: ['reserved - incorrect!', 'reserved (0)'],
  },
  'dns.flags.authenticated': {
    name: 'Answer authenticated',
    type: 'boolean',
    bitmask: 0x0020,
    bitWidth: 16,
    trueFalse: [
      'Answer/authority portion was authenticated by the server',
      'Answer/authority portion was not authenticated by the server',
    ],
  },
  'dns.flags.checkdisable': {
    name: 'Non-authenticated data',
    type: 'boolean',
    bitmask: 0x0010,
    bitWidth: 16,
    trueFalse: ['Acceptable', 'Unacceptable'],
  },
  'dns.flags.rcode': { name: 'Reply code', type: 'uint16', bitmask: 0x000f, bitWidth: 16, strings: RCODES },
  'dns.count.queries': { name: 'Questions', type: 'uint16' },
  'dns.count.zones': { name: 'Zones', type: 'uint16' },
  'dns.count.answers': { name: 'Answer RRs', type: 'uint16' },
  'dns.count.prerequisites': { name: 'Prerequisites', type: 'uint16' },
  'dns.count.auth_rr': { name: 'Authority RRs', type: 'uint16' },
  'dns.count.updates': { name: 'Updates', type: 'uint16' },
  'dns.count.add_rr': { name: 'Additional RRs', type: 'uint16' },
  'dns.qry.name': { name: 'Name', type: 'string', description: 'Query Name' },
  'dns.qry.name.len': { name: 'Name Length', type: 'uint16' },
  'dns.count.labels': { name: 'Label Count', type: 'uint16' },
  'dns.qry.type': { name: 'Type', type: 'uint16', strings: TYPE_NAMES },
  'dns.qry.class': { name: 'Class', type: 'uint16', base: 'hex', strings: CLASS_NAMES },
  'dns.qry.qu': {
    name: '"QU" question',
    type: 'boolean',
    bitmask: 0x8000,
    bitWidth: 16,
    trueFalse: ['True', 'False'],
  },
  'dns.resp.name': { name: 'Name', type: 'string', description: 'Response Name' },
  'dns.resp.type': { name: 'Type', type: 'uint16', strings: TYPE_NAMES },
  'dns.resp.class': { name: 'Class', type: 'uint16', base: 'hex', strings: CLASS_NAMES },
  'dns.resp.cache_flush': {
    name: 'Cache flush',
    type: 'boolean',
    bitmask: 0x8000,
    bitWidth: 16,
    trueFalse: ['True', 'False'],
  },
  'dns.resp.ttl': { name: 'Time to live', type: 'uint32' },
  'dns.resp.len': { name: 'Data length', type: 'uint16' },
  'dns.rr.udp_payload_size': { name: 'UDP payload size', type: 'uint16' },
  'dns.resp.ext_rcode': { name: 'Higher bits in extended RCODE', type: 'uint8', base: 'hex' },
  'dns.resp.edns0_version': { name: 'EDNS0 version', type: 'uint8' },
  'dns.resp.z': { name: 'Z', type: 'uint16', base: 'hex' },
  'dns.resp.z.do': {
    name: 'DO bit',
    type: 'boolean',
    bitmask: 0x8000,
    bitWidth: 16,
    trueFalse: ['Accepts DNSSEC security RRs', 'Cannot handle DNSSEC security RRs'],
  },
  'dns.resp.z.reserved': { name: 'Reserved', type: 'uint16', base: 'hex', bitmask: 0x7fff, bitWidth: 16 },
  'dns.a': { name: 'Address', type: 'ipv4' },
  'dns.aaaa': { name: 'AAAA Address', type: 'ipv6' },
  'dns.ns': { name: 'Name Server', type: 'string' },
  'dns.cname': { name: 'CNAME', type: 'string' },
  'dns.dname': { name: 'Dname', type: 'string' },
  'dns.ptr.domain_name': { name: 'Domain Name', type: 'string' },
  'dns.soa.mname': { name: 'Primary name server', type: 'string' },
  'dns.soa.rname': { name: "Responsible authority's mailbox", type: 'string' },
  'dns.soa.serial_number': { name: 'Serial Number', type: 'uint32' },
  'dns.soa.refresh_interval': { name: 'Refresh Interval', type: 'uint32' },
  'dns.soa.retry_interval': { name: 'Retry Interval', type: 'uint32' },
  'dns.soa.expire_limit': { name: 'Expire limit', type: 'uint32' },
  'dns.soa.minimum_ttl': { name: 'Minimum TTL', type: 'uint32' },
  'dns.mx.preference': { name: 'Preference', type: 'uint16' },
  'dns.mx.mail_exchange': { name: 'Mail Exchange', type: 'string' },
  'dns.txt.length': { name: 'TXT Length', type: 'uint8' },
  'dns.txt': { name: 'TXT', type: 'string' },
  'dns.spf.length': { name: 'SPF Length', type: 'uint8' },
  'dns.spf': { name: 'SPF', type: 'string' },
  'dns.hinfo.cpu_length': { name: 'CPU Length', type: 'uint8' },
  'dns.hinfo.cpu': { name: 'CPU', type: 'string' },
  'dns.hinfo.os_length': { name: 'OS Length', type: 'uint8' },
  'dns.hinfo.os': { name: 'OS', type: 'string' },
  'dns.srv.priority': { name: 'Priority', type: 'uint16' },
  'dns.srv.weight': { name: 'Weight', type: 'uint16' },
  'dns.srv.port': { name: 'Port', type: 'uint16' },
  'dns.srv.target': { name: 'Target', type: 'string' },
  'dns.srv.service': { name: 'Service', type: 'string' },
  'dns.srv.proto': { name: 'Protocol', type: 'string' },
  'dns.srv.name': { name: 'Name', type: 'string' },
  'dns.naptr.order': { name: 'Order', type: 'uint16' },
  'dns.naptr.preference': { name: 'Preference', type: 'uint16' },
  'dns.naptr.flags_length': { name: 'Flags Length', type: 'uint8' },
  'dns.naptr.flags': { name: 'Flags', type: 'string' },
  'dns.naptr.service_length': { name: 'Service Length', type: 'uint8' },
  'dns.naptr.service': { name: 'Service', type: 'string' },
  'dns.naptr.regex_length': { name: 'Regex Length', type: 'uint8' },
  'dns.naptr.regex': { name: 'Regex', type: 'string' },
  'dns.naptr.replacement_length': { name: 'Replacement Length', type: 'uint8' },
  'dns.naptr.replacement': { name: 'Replacement', type: 'string' },
  'dns.rrsig.type_covered': { name: 'Type Covered', type: 'uint16', strings: TYPE_NAMES },
  'dns.rrsig.algorithm': { name: 'Algorithm', type: 'uint8', strings: DNSSEC_ALGORITHMS },
  'dns.rrsig.labels': { name: 'Labels', type: 'uint8' },
  'dns.rrsig.original_ttl': { name: 'Original TTL', type: 'uint32' },
  'dns.rrsig.signature_expiration': { name: 'Signature Expiration', type: 'abstime' },
  'dns.rrsig.signature_inception': { name: 'Signature Inception', type: 'abstime' },
  'dns.rrsig.key_tag': { name: 'Key Tag', type: 'uint16' },
  'dns.rrsig.signers_name': { name: "Signer's name", type: 'string' },
  'dns.rrsig.signature': { name: 'Signature', type: 'bytes' },
  'dns.dnskey.flags': { name: 'Flags', type: 'uint16', base: 'hex' },
  'dns.dnskey.flags.zone_key': {
    name: 'Zone Key',
    type: 'boolean',
    bitmask: 0x0100,
    bitWidth: 16,
    trueFalse: ['This is the zone key for specified zone', 'This is not a zone key'],
  },
  'dns.dnskey.flags.key_revoked': {
    name: 'Key Revoked',
    type: 'boolean',
    bitmask: 0x0080,
    bitWidth: 16,
    trueFalse: ['Yes', 'No'],
  },
  'dns.dnskey.flags.secure_entry_point': {
    name: 'Key Signing Key',
    type: 'boolean',
    bitmask: 0x0001,
    bitWidth: 16,
    trueFalse: ['Yes', 'No'],
  },
  'dns.dnskey.flags.reserved': { name: 'Key Signing Key', type: 'uint16', base: 'hex', bitmask: 0xfe7e, bitWidth: 16 },
  'dns.dnskey.protocol': { name: 'Protocol', type: 'uint8' },
  'dns.dnskey.algorithm': { name: 'Algorithm', type: 'uint8', strings: DNSSEC_ALGORITHMS },
  'dns.dnskey.public_key': { name: 'Public Key', type: 'bytes' },
  'dns.ds.key_id': { name: 'Key id', type: 'uint16', base: 'hex' },
  'dns.ds.algorithm': { name: 'Algorithm', type: 'uint8', strings: DNSSEC_ALGORITHMS },
  'dns.ds.digest_type': {
    name: 'Digest Type',
    type: 'uint8',
    strings: { 0: 'Reserved digest', 1: 'SHA-1', 2: 'SHA-256', 3: 'GOST R 34.11-94', 4: 'SHA-384' },
  },
  'dns.ds.digest': { name: 'Digest', type: 'bytes' },
  'dns.nsec.next_domain_name': { name: 'Next Domain Name', type: 'string' },
  'dns.caa.flags': { name: 'CAA Flags', type: 'uint8', base: 'hex' },
  'dns.caa.flags.issuer_critical': {
    name: 'Issuer Critical',
    type: 'boolean',
    bitmask: 0x80,
    bitWidth: 8,
    trueFalse: ['Critical', 'Not critical'],
  },
  'dns.caa.issue': { name: 'Issue', type: 'string' },
  'dns.caa.issuewild': { name: 'Issue Wildcard', type: 'string' },
  'dns.caa.iodef': { name: 'Report URL', type: 'string' },
  'dns.caa.unknown': { name: 'Unknown tag', type: 'string' },
  'dns.caa.tag_length': { name: 'Tag length', type: 'uint8' },
  'dns.caa.tag': { name: 'Tag', type: 'string' },
  'dns.caa.value': { name: 'Value', type: 'string' },
  'dns.svcb.svcpriority': { name: 'SvcPriority', type: 'uint16' },
  'dns.svcb.targetname': { name: 'TargetName', type: 'string' },
  'dns.svcb.svcparam': { name: 'SvcParam', type: 'none' },
  'dns.svcb.svcparam.key': { name: 'SvcParamKey', type: 'uint16', strings: SVC_PARAM_KEYS },
  'dns.svcb.svcparam.value.length': { name: 'SvcParamValue length', type: 'uint16' },
  'dns.svcb.svcparam.value': { name: 'SvcParamValue', type: 'bytes' },
  'dns.svcb.svcparam.mandatory.key': { name: 'Mandatory key', type: 'uint16', strings: SVC_PARAM_KEYS },
  'dns.svcb.svcparam.alpn.length': { name: 'ALPN length', type: 'uint8' },
  'dns.svcb.svcparam.alpn': { name: 'ALPN', type: 'string' },
  'dns.svcb.svcparam.port': { name: 'Port', type: 'uint16' },
  'dns.svcb.svcparam.ipv4hint.ip': { name: 'IP', type: 'ipv4' },
  'dns.svcb.svcparam.echconfig': { name: 'ECHConfig', type: 'bytes' },
  'dns.svcb.svcparam.ipv6hint.ip': { name: 'IP', type: 'ipv6' },
  'dns.svcb.svcparam.odohconfig': { name: 'ODoHConfig', type: 'bytes' },
  'dns.opt': { name: 'Option', type: 'none' },
  'dns.opt.code': { name: 'Option Code', type: 'uint16', strings: OPT_CODES },
  'dns.opt.len': { name: 'Option Length', type: 'uint16' },
  'dns.opt.data': { name: 'Option Data', type: 'bytes' },
  'dns.opt.client.family': { name: 'Family', type: 'uint16' },
  'dns.opt.client.netmask': { name: 'Source Netmask', type: 'uint8' },
  'dns.opt.client.scope': { name: 'Scope Netmask', type: 'uint8' },
  'dns.opt.client.addr4': { name: 'Client Subnet', type: 'ipv4' },
  'dns.opt.client.addr6': { name: 'Client Subnet', type: 'ipv6' },
  'dns.opt.client.addr': { name: 'Client Subnet', type: 'bytes' },
  'dns.opt.cookie.client': { name: 'Client Cookie', type: 'bytes' },
  'dns.opt.cookie.server': { name: 'Server Cookie', type: 'bytes' },
  'dns.opt.padding': { name: 'Padding', type: 'bytes' },
  'dns.null': { name: 'Null (data)', type: 'bytes' },
  'dns.data': { name: 'Data', type: 'bytes' },
  'dns.response_in': { name: 'Response In', type: 'framenum' },
  'dns.response_to': { name: 'Request In', type: 'framenum' },
  'dns.time': { name: 'Time', type: 'reltime' },
  'dns.retransmission': { name: 'Retransmission', type: 'boolean' },
  'dns.unsolicited': { name: 'Unsolicited', type: 'boolean' },
  'dns.retransmit_request': { name: 'DNS query retransmission', type: 'none' },
  'dns.retransmit_response': { name: 'DNS response retransmission', type: 'none' },
  'dns.undecoded.type': { name: 'Undecoded option', type: 'none' },
  'dns.dnskey.key_id': { name: 'Key id', type: 'uint16' },
  'dns.retransmit_request_in': { name: 'Retransmitted request. Original request in', type: 'framenum' },
  'dns.retransmit_response_in': { name: 'Retransmitted response. Original response in', type: 'framenum' },
});

/** `doh` is DNS carried in an HTTP body (application/dns-message). */
export type DnsFlavor = 'dns' | 'mdns' | 'llmnr' | 'doh';

const PROTOCOL: Record<DnsFlavor, { col: string; def: FieldDef; name: string; short: string }> = {
  dns: { col: 'DNS', def: F.dns, name: 'Domain Name System', short: 'dns' },
  mdns: { col: 'MDNS', def: F.mdns, name: 'Multicast Domain Name System', short: 'mdns' },
  llmnr: { col: 'LLMNR', def: F.llmnr, name: 'Link-local Multicast Name Resolution', short: 'llmnr' },
  doh: { col: 'DoH', def: F.dns, name: 'Domain Name System', short: 'dns' },
};

/** Bounds-checked reads within one DNS message (reads past its end are malformed even if the frame goes on). */
class Msg {
  constructor(
    readonly b: Uint8Array,
    /** Offset of the DNS header (where compression pointers count from). */
    readonly start: number,
    readonly end: number,
  ) {}
  need(o: number, n: number): void {
    if (o < this.start || n < 0 || o + n > this.end) throw new BoundsError(o, n, this.end);
  }
  u8(o: number): number {
    this.need(o, 1);
    return this.b[o]!;
  }
  u16(o: number): number {
    this.need(o, 2);
    return (this.b[o]! << 8) | this.b[o + 1]!;
  }
  u32(o: number): number {
    this.need(o, 4);
    return this.b[o]! * 0x1000000 + ((this.b[o + 1]! << 16) | (this.b[o + 2]! << 8) | this.b[o + 3]!);
  }
  bytes(o: number, n: number): Uint8Array {
    this.need(o, n);
    return this.b.subarray(o, o + n);
  }
}

/** A label's text: printable ASCII as is, a dot or backslash escaped, other bytes as `\DDD`. */
function labelText(b: Uint8Array, o: number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    const c = b[o + i]!;
    if (c === 0x2e || c === 0x5c) s += '\\' + String.fromCharCode(c);
    else if (c >= 0x20 && c < 0x7f) s += String.fromCharCode(c);
    else s += '\\' + String(c).padStart(3, '0');
  }
  return s;
}

interface Name {
  text: string;
  /** Offset just after the name where it was read (after the first pointer when compressed). */
  end: number;
}

const ROOT = '<Root>';
const LOOP = '<Name contains a pointer that loops>';
/** Compression pointers followed before a name is taken to loop. */
const MAX_POINTERS = 128;

export function readName(m: Msg, o: number): Name {
  const labels: string[] = [];
  let p = o;
  let after = -1;
  let pointers = 0;
  for (;;) {
    const len = m.u8(p);
    if (len === 0) {
      p++;
      break;
    }
    const kind = len & 0xc0;
    if (kind === 0xc0) {
      const target = m.start + (((len & 0x3f) << 8) | m.u8(p + 1));
      if (after < 0) after = p + 2;
      if (++pointers > MAX_POINTERS || target >= m.end) return { text: LOOP, end: after };
      p = target;
      continue;
    }
    // Extended (0x40) and reserved (0x80) label types are not decoded: the message is malformed from here.
    if (kind !== 0) throw new BoundsError(p, 1, p);
    m.need(p + 1, len);
    labels.push(labelText(m.b, p + 1, len));
    p += 1 + len;
  }
  return { text: labels.length ? labels.join('.') : ROOT, end: after >= 0 ? after : p };
}

/** Wireshark's seconds-as-duration text: `4 minutes, 40 seconds`, `6 days`, `0 seconds`. */
export function durationText(secs: number): string {
  const parts: string[] = [];
  const unit = (n: number, w: string) => parts.push(`${n} ${w}${n === 1 ? '' : 's'}`);
  const d = Math.floor(secs / 86400);
  const h = Math.floor((secs % 86400) / 3600);
  const mi = Math.floor((secs % 3600) / 60);
  const s = secs % 60;
  if (d) unit(d, 'day');
  if (h) unit(h, 'hour');
  if (mi) unit(mi, 'minute');
  if (s || !parts.length) unit(s, 'second');
  return parts.join(', ');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Absolute time in UTC as Wireshark prints it: `Jul 13, 2014 00:00:00.000000000 UTC`. */
function absTimeText(secs: number): string {
  const d = new Date(secs * 1000);
  const p2 = (n: number) => String(n).padStart(2, '0');
  return (
    `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')}, ${d.getUTCFullYear()} ` +
    `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.000000000 UTC`
  );
}

function hex4(v: number): string {
  return v.toString(16).padStart(4, '0');
}

function classText(c: number): string {
  return CLASS_NAMES.get(c) ?? `Unknown (${c})`;
}

/** What one resource record adds to its tree label and to the Info column. */
interface RrText {
  label?: string;
  info?: string;
}

interface Section {
  count: number;
  title: string;
}

interface Transaction {
  reqFrame: number;
  reqNs: number;
  respFrame: number;
}

interface DnsState {
  transactions: Map<string, Transaction>;
}

function state(pkt: PacketContext): DnsState {
  let s = pkt.state.slots.get('dns') as DnsState | undefined;
  if (!s) {
    s = { transactions: new Map() };
    pkt.state.slots.set('dns', s);
  }
  return s;
}

/** A key for one transaction: both endpoints (either direction) and the ID. */
function transactionKey(pkt: PacketContext, transport: string, id: number): string {
  const a = `${pkt.net.src}:${pkt.srcPort}`;
  const z = `${pkt.net.dst}:${pkt.dstPort}`;
  return `${transport}|${a < z ? `${a}|${z}` : `${z}|${a}`}|${id}`;
}

function relTimeText(ns: number): string {
  const neg = ns < 0;
  const v = Math.abs(ns);
  const s = Math.floor(v / 1e9);
  const frac = String(Math.round(v - s * 1e9)).padStart(9, '0');
  return `${neg ? '-' : ''}${s}.${frac}`;
}

/**
 * Dissects one DNS message at `b[offset, offset+length)` under `parent`; `lengthField` is the offset of the TCP length
 * prefix when there is one. Sets the Protocol column and appends the message's summary to Info.
 */
export function dissectDnsMessage(
  b: Uint8Array,
  offset: number,
  length: number,
  pkt: PacketContext,
  parent: FieldNode | null,
  flavor: DnsFlavor,
  transport: 'udp' | 'tcp' | 'http',
  lengthField = -1,
): void {
  const t = pkt.tree;
  const proto = PROTOCOL[flavor];
  const m = new Msg(b, offset, offset + length);
  const rootStart = lengthField >= 0 ? lengthField : offset;
  const rootLen = offset + length - rootStart;
  const root = t.add(parent, proto.def, rootStart, rootLen, undefined, { label: proto.name });
  if (!pkt.protocols.includes(proto.short)) pkt.protocols.push(proto.short);
  pkt.cols.protocol = proto.col;
  clearInfoOnce(pkt);
  if (lengthField >= 0) t.add(root, F['dns.length'], lengthField, 2, length);

  const id = m.u16(offset);
  const flags = m.u16(offset + 2);
  const isResponse = (flags & 0x8000) !== 0;
  const opcode = (flags >> 11) & 0xf;
  const rcode = flags & 0xf;
  root.label = `${proto.name} (${isResponse ? 'response' : 'query'})`;
  const idNode = t.add(root, F['dns.id'], offset, 2, id);
  // Info holds this message's summary as far as the dissection got (each message replaces the previous one's).
  const acc: InfoAcc = {
    text: `${OPCODES.get(opcode) ?? `Unknown operation (${opcode})`}${isResponse ? ' response' : ''} 0x${hex4(id)}`,
  };
  if (isResponse && rcode !== 0) acc.text += ` ${RCODES.get(rcode) ?? `Unknown error (${rcode})`}`;
  pkt.cols.info = pkt.fence + acc.text;
  // The Flags label names unknown codes without their number; Info gives the number.
  let flagsText = OPCODES.get(opcode) ?? 'Unknown operation';
  if (isResponse) flagsText += ` response, ${RCODES.get(rcode) ?? 'Unknown error'}`;
  const fl = t.add(root, F['dns.flags'], offset + 2, 2, flags, {
    label: `Flags: 0x${hex4(flags)} ${flagsText}`,
  });
  const bit = (def: FieldDef, mask: number) => t.add(fl, def, offset + 2, 2, (flags & mask) !== 0);
  bit(F['dns.flags.response'], 0x8000);
  t.add(fl, F['dns.flags.opcode'], offset + 2, 2, opcode);
  if (flavor === 'llmnr') {
    const c = (flags & 0x0400) !== 0;
    const words = isResponse
      ? ['The name is not considered unique', 'The name is considered unique']
      : ['The sender received multiple responses', 'None'];
    t.add(fl, F['dns.flags.conflict'], offset + 2, 2, c, {
      label: `${bitPattern(0x0400, 16, flags)} = Conflict: ${c ? words[0] : words[1]}`,
    });
    bit(F['dns.flags.truncated'], 0x0200);
    bit(F['dns.flags.tentative'], 0x0100);
  } else {
    if (isResponse) bit(F['dns.flags.authoritative'], 0x0400);
    bit(F['dns.flags.truncated'], 0x0200);
    bit(F['dns.flags.recdesired'], 0x0100);
    if (isResponse) bit(F['dns.flags.recavail'], 0x0080);
    bit(F['dns.flags.z'], 0x0040);
    if (isResponse) bit(F['dns.flags.authenticated'], 0x0020);
    else if (flags & 0x0020)
      t.add(fl, F['dns.flags.authenticated'], offset + 2, 2, true, {
        label: `${bitPattern(0x0020, 16, flags)} = AD bit: Set`,
      });
    bit(F['dns.flags.checkdisable'], 0x0010);
  }
  if (isResponse) t.add(fl, F['dns.flags.rcode'], offset + 2, 2, rcode);

  const update = opcode === 5;
  const counts = [m.u16(offset + 4), m.u16(offset + 6), m.u16(offset + 8), m.u16(offset + 10)] as const;
  t.add(root, update ? F['dns.count.zones'] : F['dns.count.queries'], offset + 4, 2, counts[0]);
  t.add(root, update ? F['dns.count.prerequisites'] : F['dns.count.answers'], offset + 6, 2, counts[1]);
  t.add(root, update ? F['dns.count.updates'] : F['dns.count.auth_rr'], offset + 8, 2, counts[2]);
  t.add(root, F['dns.count.add_rr'], offset + 10, 2, counts[3]);

  let o = offset + 12;
  try {
    if (counts[0] > 0) {
      section(
        pkt,
        root,
        o,
        update ? 'Zone' : 'Queries',
        () => o,
        (holder) => {
          for (let i = 0; i < counts[0]; i++) o = dissectQuestion(m, o, pkt, holder, flavor, acc);
        },
      );
    }
    const sections: Section[] = [
      { count: counts[1], title: update ? 'Prerequisites' : 'Answers' },
      { count: counts[2], title: update ? 'Updates' : 'Authoritative nameservers' },
      { count: counts[3], title: 'Additional records' },
    ];
    for (const s of sections) {
      if (s.count <= 0) continue;
      section(
        pkt,
        root,
        o,
        s.title,
        () => o,
        (holder) => {
          for (let i = 0; i < s.count; i++) o = dissectRr(m, o, pkt, holder, flavor, acc);
        },
      );
    }
  } finally {
    pkt.cols.info = pkt.fence + acc.text;
  }

  // Request/response matching in one pass: a response names its request, a request never names its response.
  const st = state(pkt);
  const key = transactionKey(pkt, transport, id);
  const tr = st.transactions.get(key);
  const retransmitted = (def: FieldDef, label: string, frame: number) => {
    t.add(root, def, offset, 0, frame, { generated: true, label: `[${label}: ${frame}]` });
    t.add(root, F['dns.retransmission'], offset, 0, true, { generated: true, label: '[Retransmission: True]' });
  };
  if (!isResponse) {
    if (tr && tr.respFrame === 0) {
      addExpert(
        pkt,
        idNode,
        F['dns.retransmit_request'],
        offset,
        2,
        'warn',
        'protocol',
        `DNS query retransmission. Original request in frame ${tr.reqFrame}`,
      );
      retransmitted(F['dns.retransmit_request_in'], 'Retransmitted request. Original request in', tr.reqFrame);
    } else st.transactions.set(key, { reqFrame: pkt.number, reqNs: pkt.relNs, respFrame: 0 });
  } else if (!tr) {
    t.add(root, F['dns.unsolicited'], offset, 0, true, { generated: true, label: '[Unsolicited: True]' });
  } else if (tr.respFrame !== 0) {
    addExpert(
      pkt,
      idNode,
      F['dns.retransmit_response'],
      offset,
      2,
      'warn',
      'protocol',
      `DNS response retransmission. Original response in frame ${tr.respFrame}`,
    );
    retransmitted(F['dns.retransmit_response_in'], 'Retransmitted response. Original response in', tr.respFrame);
  } else {
    tr.respFrame = pkt.number;
    t.add(root, F['dns.response_to'], offset, 0, tr.reqFrame, {
      generated: true,
      label: `[Request In: ${tr.reqFrame}]`,
    });
    const dt = relTimeText(pkt.relNs - tr.reqNs);
    t.add(root, F['dns.time'], offset, 0, dt, { generated: true, label: `[Time: ${dt} seconds]` });
  }
}

/** The Info text of the message being dissected, appended to as each part is read. */
interface InfoAcc {
  text: string;
}

/** Labels set after a node was created are cut as the tree cuts them. */
function truncLabel(label: string): string {
  return label.length > MAX_LABEL ? label.slice(0, MAX_LABEL) : label;
}

/**
 * A subtree whose byte length is only known once its contents are parsed: they are dissected under a detached
 * holder, then hung under the section's item (also when the parse stops with an exception part way).
 */
function section(
  pkt: PacketContext,
  parent: FieldNode,
  start: number,
  title: string,
  progress: () => number,
  fill: (holder: FieldNode) => void,
): void {
  const t = pkt.tree;
  const holder: FieldNode = {
    def: undefined,
    value: undefined,
    label: title,
    offset: start,
    length: 0,
    source: t.source,
    children: undefined,
    generated: false,
    hidden: false,
  };
  try {
    fill(holder);
  } finally {
    const node = t.text(parent, start, Math.max(0, progress() - start), title);
    if (t.build && holder.children) node.children = holder.children;
  }
}

function dissectQuestion(
  m: Msg,
  o: number,
  pkt: PacketContext,
  parent: FieldNode,
  flavor: DnsFlavor,
  acc: InfoAcc,
): number {
  const t = pkt.tree;
  const name = readName(m, o);
  const type = m.u16(name.end);
  const cls = m.u16(name.end + 2);
  const end = name.end + 4;
  const mdnsQu = flavor === 'mdns' ? (cls & 0x8000) !== 0 : false;
  const realClass = flavor === 'mdns' ? cls & 0x7fff : cls;
  let label = `${name.text}: type ${dnsTypeShort(type)}, class ${classText(realClass)}`;
  acc.text += ` ${dnsTypeShort(type)} ${name.text}`;
  if (flavor === 'mdns') {
    const q = mdnsQu ? '"QU"' : '"QM"';
    label += `, ${q} question`;
    acc.text += `, ${q} question`;
  }
  const q = t.text(parent, o, end - o, label);
  t.add(q, F['dns.qry.name'], o, name.end - o, name.text);
  // Wireshark counts a one-character name as empty.
  const counted = name.text.length > 1;
  t.add(q, F['dns.qry.name.len'], o, name.end - o, counted ? name.text.length : 0, { generated: true });
  t.add(q, F['dns.count.labels'], o, name.end - o, counted ? labelCount(name.text) : 0, { generated: true });
  t.add(q, F['dns.qry.type'], name.end, 2, type);
  if (flavor === 'mdns') {
    t.add(q, F['dns.qry.class'], name.end + 2, 2, realClass, {
      label: `${bitPattern(0x7fff, 16, cls)} = Class: ${classText(realClass)} (0x${hex4(realClass)})`,
    });
    t.add(q, F['dns.qry.qu'], name.end + 2, 2, mdnsQu);
  } else t.add(q, F['dns.qry.class'], name.end + 2, 2, cls);
  return end;
}

/** Splits a name at unescaped dots. */
function splitLabels(name: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    if (c === '\\' && i + 1 < name.length) {
      cur += c + name[++i]!;
    } else if (c === '.') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function labelCount(name: string): number {
  return splitLabels(name).length;
}

function dissectRr(m: Msg, o: number, pkt: PacketContext, parent: FieldNode, flavor: DnsFlavor, acc: InfoAcc): number {
  const t = pkt.tree;
  const name = readName(m, o);
  const type = m.u16(name.end);
  const short = dnsTypeShort(type);
  const cls = m.u16(name.end + 2);
  const ttl = m.u32(name.end + 4);
  const rdlen = m.u16(name.end + 8);
  acc.text += ` ${short}`;
  const rd = name.end + 10;
  const end = rd + rdlen;
  // A record whose data runs past the message is malformed before it gets a subtree.
  m.need(rd, rdlen);
  const rr = t.text(parent, o, end - o, `${name.text}: type ${short}`);
  if (type === 33) {
    // SRV owner names are _service._proto.name.
    const labels = splitLabels(name.text);
    t.add(rr, F['dns.srv.service'], o, name.end - o, labels[0]!);
    if (labels.length > 1) t.add(rr, F['dns.srv.proto'], o, name.end - o, labels[1]!);
    if (labels.length > 2) t.add(rr, F['dns.srv.name'], o, name.end - o, labels.slice(2).join('.'));
  } else t.add(rr, F['dns.resp.name'], o, name.end - o, name.text);
  t.add(rr, F['dns.resp.type'], name.end, 2, type);
  if (type === 41) {
    // OPT: the class carries the sender's UDP payload size and the TTL the extended RCODE, version and flags.
    t.add(rr, F['dns.rr.udp_payload_size'], name.end + 2, 2, cls);
    t.add(rr, F['dns.resp.ext_rcode'], name.end + 4, 1, (ttl >>> 24) & 0xff);
    t.add(rr, F['dns.resp.edns0_version'], name.end + 5, 1, (ttl >>> 16) & 0xff);
    const z = ttl & 0xffff;
    const zn = t.add(rr, F['dns.resp.z'], name.end + 6, 2, z);
    t.add(zn, F['dns.resp.z.do'], name.end + 6, 2, (z & 0x8000) !== 0);
    t.add(zn, F['dns.resp.z.reserved'], name.end + 6, 2, z & 0x7fff);
    t.add(rr, F['dns.resp.len'], name.end + 8, 2, rdlen);
    dissectOptions(m, rd, rdlen, pkt, rr);
    return end;
  }
  const flush = flavor === 'mdns' && (cls & 0x8000) !== 0;
  const realClass = flavor === 'mdns' ? cls & 0x7fff : cls;
  if (flavor === 'mdns') {
    t.add(rr, F['dns.resp.class'], name.end + 2, 2, realClass, {
      label: `${bitPattern(0x7fff, 16, cls)} = Class: ${classText(realClass)} (0x${hex4(realClass)})`,
    });
    t.add(rr, F['dns.resp.cache_flush'], name.end + 2, 2, flush);
  } else t.add(rr, F['dns.resp.class'], name.end + 2, 2, cls);
  if (flush) acc.text += ', cache flush';
  t.add(rr, F['dns.resp.ttl'], name.end + 4, 4, ttl, {
    label: `Time to live: ${ttl} (${durationText(ttl)})`,
  });
  t.add(rr, F['dns.resp.len'], name.end + 8, 2, rdlen);
  let label = `${name.text}: type ${short}, class ${classText(realClass)}`;
  if (flush) label += ', cache flush';
  rr.label = label;
  const text = rdlen > 0 ? dissectRdata(m, type, rd, rdlen, pkt, rr, name.text) : {};
  if (text.info) acc.text += text.info;
  if (text.label) rr.label = truncLabel(`${label}, ${text.label}`);
  return end;
}

function dissectRdata(
  m: Msg,
  type: number,
  o: number,
  len: number,
  pkt: PacketContext,
  rr: FieldNode,
  owner: string,
): RrText {
  const t = pkt.tree;
  const end = o + len;
  const nameField = (def: FieldDef, at: number): Name => {
    const n = readName(m, at);
    t.add(rr, def, at, n.end - at, n.text);
    return n;
  };
  switch (type) {
    case 1: {
      if (len !== 4) break;
      const a = ipv4Text(m.b, o);
      t.add(rr, F['dns.a'], o, 4, a);
      return { label: `addr ${a}`, info: ` ${a}` };
    }
    case 28: {
      if (len !== 16) break;
      const a = ipv6Text(m.b, o);
      t.add(rr, F['dns.aaaa'], o, 16, a);
      return { label: `addr ${a}`, info: ` ${a}` };
    }
    case 2: {
      const n = nameField(F['dns.ns'], o);
      return { label: `ns ${n.text}`, info: ` ${n.text}` };
    }
    case 5: {
      const n = nameField(F['dns.cname'], o);
      return { label: `cname ${n.text}`, info: ` ${n.text}` };
    }
    case 39: {
      const n = nameField(F['dns.dname'], o);
      return { label: `dname ${n.text}`, info: ` ${n.text}` };
    }
    case 12: {
      const n = nameField(F['dns.ptr.domain_name'], o);
      return { label: n.text, info: ` ${n.text}` };
    }
    case 6: {
      const mname = nameField(F['dns.soa.mname'], o);
      const rname = nameField(F['dns.soa.rname'], mname.end);
      let p = rname.end;
      t.add(rr, F['dns.soa.serial_number'], p, 4, m.u32(p));
      const interval = (def: FieldDef, label: string) => {
        const v = m.u32(p);
        t.add(rr, def, p, 4, v, { label: `${label}: ${v} (${durationText(v)})` });
      };
      p += 4;
      interval(F['dns.soa.refresh_interval'], 'Refresh Interval');
      p += 4;
      interval(F['dns.soa.retry_interval'], 'Retry Interval');
      p += 4;
      interval(F['dns.soa.expire_limit'], 'Expire limit');
      p += 4;
      interval(F['dns.soa.minimum_ttl'], 'Minimum TTL');
      return { label: `mname ${mname.text}`, info: ` ${mname.text}` };
    }
    case 15: {
      const pref = m.u16(o);
      t.add(rr, F['dns.mx.preference'], o, 2, pref);
      const n = nameField(F['dns.mx.mail_exchange'], o + 2);
      return { label: `preference ${pref}, mx ${n.text}`, info: ` ${pref} ${n.text}` };
    }
    case 16:
    case 99: {
      const lenDef = type === 16 ? F['dns.txt.length'] : F['dns.spf.length'];
      const def = type === 16 ? F['dns.txt'] : F['dns.spf'];
      let p = o;
      while (p < end) {
        const n = m.u8(p);
        t.add(rr, lenDef, p, 1, n);
        t.add(rr, def, p + 1, n, stringText(m.bytes(p + 1, n)));
        p += 1 + n;
      }
      return {};
    }
    case 13: {
      const cl = m.u8(o);
      t.add(rr, F['dns.hinfo.cpu_length'], o, 1, cl);
      const cpu = stringText(m.bytes(o + 1, cl));
      t.add(rr, F['dns.hinfo.cpu'], o + 1, cl, cpu);
      const ol = m.u8(o + 1 + cl);
      t.add(rr, F['dns.hinfo.os_length'], o + 1 + cl, 1, ol);
      const os = stringText(m.bytes(o + 2 + cl, ol));
      t.add(rr, F['dns.hinfo.os'], o + 2 + cl, ol, os);
      return { label: `CPU ${cpu}, OS ${os}`, info: ` ${cpu} ${os}` };
    }
    case 33: {
      const prio = m.u16(o);
      const weight = m.u16(o + 2);
      const port = m.u16(o + 4);
      t.add(rr, F['dns.srv.priority'], o, 2, prio);
      t.add(rr, F['dns.srv.weight'], o + 2, 2, weight);
      t.add(rr, F['dns.srv.port'], o + 4, 2, port);
      const n = nameField(F['dns.srv.target'], o + 6);
      return {
        label: `priority ${prio}, weight ${weight}, port ${port}, target ${n.text}`,
        info: ` ${prio} ${weight} ${port} ${n.text}`,
      };
    }
    case 35: {
      const order = m.u16(o);
      const pref = m.u16(o + 2);
      t.add(rr, F['dns.naptr.order'], o, 2, order);
      t.add(rr, F['dns.naptr.preference'], o + 2, 2, pref);
      let p = o + 4;
      const str = (lenDef: FieldDef, def: FieldDef): string => {
        const n = m.u8(p);
        t.add(rr, lenDef, p, 1, n);
        const v = stringText(m.bytes(p + 1, n));
        t.add(rr, def, p + 1, n, v);
        p += 1 + n;
        return v;
      };
      const flags = str(F['dns.naptr.flags_length'], F['dns.naptr.flags']);
      str(F['dns.naptr.service_length'], F['dns.naptr.service']);
      str(F['dns.naptr.regex_length'], F['dns.naptr.regex']);
      const r = readName(m, p);
      t.add(rr, F['dns.naptr.replacement_length'], p, 0, r.text.length, { generated: true });
      t.add(rr, F['dns.naptr.replacement'], p, r.end - p, r.text);
      return { label: `order ${order}, preference ${pref}, flags ${flags}`, info: ` ${order} ${pref} ${flags}` };
    }
    case 10:
      t.add(rr, F['dns.null'], o, len, m.bytes(o, len));
      return { info: ` ${owner}` };
    case 46:
    case 24: {
      t.add(rr, F['dns.rrsig.type_covered'], o, 2, m.u16(o));
      t.add(rr, F['dns.rrsig.algorithm'], o + 2, 1, m.u8(o + 2));
      t.add(rr, F['dns.rrsig.labels'], o + 3, 1, m.u8(o + 3));
      const ottl = m.u32(o + 4);
      t.add(rr, F['dns.rrsig.original_ttl'], o + 4, 4, ottl, {
        label: `Original TTL: ${ottl} (${durationText(ottl)})`,
      });
      const exp = absTimeText(m.u32(o + 8));
      t.add(rr, F['dns.rrsig.signature_expiration'], o + 8, 4, exp);
      const inc = absTimeText(m.u32(o + 12));
      t.add(rr, F['dns.rrsig.signature_inception'], o + 12, 4, inc);
      t.add(rr, F['dns.rrsig.key_tag'], o + 16, 2, m.u16(o + 16));
      const signer = nameField(F['dns.rrsig.signers_name'], o + 18);
      if (end > signer.end)
        t.add(rr, F['dns.rrsig.signature'], signer.end, end - signer.end, m.bytes(signer.end, end - signer.end));
      return {};
    }
    case 48:
    case 25:
    case 60: {
      const flags = m.u16(o);
      const fl = t.add(rr, F['dns.dnskey.flags'], o, 2, flags);
      t.add(fl, F['dns.dnskey.flags.zone_key'], o, 2, (flags & 0x0100) !== 0);
      t.add(fl, F['dns.dnskey.flags.key_revoked'], o, 2, (flags & 0x0080) !== 0);
      t.add(fl, F['dns.dnskey.flags.secure_entry_point'], o, 2, (flags & 0x0001) !== 0);
      t.add(fl, F['dns.dnskey.flags.reserved'], o, 2, flags & 0xfe7e);
      t.add(rr, F['dns.dnskey.protocol'], o + 2, 1, m.u8(o + 2));
      t.add(rr, F['dns.dnskey.algorithm'], o + 3, 1, m.u8(o + 3));
      if (type !== 25) t.add(rr, F['dns.dnskey.key_id'], o, len, keyTag(m.bytes(o, len)), { generated: true });
      if (len > 4) t.add(rr, F['dns.dnskey.public_key'], o + 4, len - 4, m.bytes(o + 4, len - 4));
      return {};
    }
    case 43:
    case 59:
    case 32769: {
      t.add(rr, F['dns.ds.key_id'], o, 2, m.u16(o));
      t.add(rr, F['dns.ds.algorithm'], o + 2, 1, m.u8(o + 2));
      t.add(rr, F['dns.ds.digest_type'], o + 3, 1, m.u8(o + 3));
      if (len > 4) t.add(rr, F['dns.ds.digest'], o + 4, len - 4, m.bytes(o + 4, len - 4));
      return {};
    }
    case 47: {
      const n = nameField(F['dns.nsec.next_domain_name'], o);
      typeBitmap(m, n.end, end, pkt, rr);
      return { label: `next domain name ${n.text}`, info: ` ${n.text}` };
    }
    case 257: {
      const flags = m.u8(o);
      const fl = t.add(rr, F['dns.caa.flags'], o, 1, flags);
      t.add(fl, F['dns.caa.flags.issuer_critical'], o, 1, (flags & 0x80) !== 0);
      const tl = m.u8(o + 1);
      const tag = stringText(m.bytes(o + 2, tl));
      const vo = o + 2 + tl;
      const value = stringText(m.bytes(vo, end - vo));
      const def =
        tag === 'issue'
          ? F['dns.caa.issue']
          : tag === 'issuewild'
            ? F['dns.caa.issuewild']
            : tag === 'iodef'
              ? F['dns.caa.iodef']
              : F['dns.caa.unknown'];
      const item = t.add(rr, def, o + 1, len - 1, value, {
        label: def === F['dns.caa.unknown'] ? `${tag}: ${value}` : undefined,
      });
      t.add(item, F['dns.caa.tag_length'], o + 1, 1, tl);
      t.add(item, F['dns.caa.tag'], o + 2, tl, tag);
      t.add(item, F['dns.caa.value'], vo, end - vo, value);
      return {};
    }
    case 64:
    case 65:
      dissectSvcb(m, o, len, pkt, rr);
      return {};
  }
  if (!TYPE_NAMES.has(type))
    addExpert(
      pkt,
      rr,
      F['dns.undecoded.type'],
      o,
      len,
      'note',
      'undecoded',
      `Dissector for DNS Type (${type}) code not implemented, Contact Wireshark developers if you want this supported`,
    );
  t.add(rr, F['dns.data'], o, len, m.bytes(o, len));
  return {};
}

/** The key tag of a DNSKEY's RDATA (RFC 4034 appendix B). */
function keyTag(rdata: Uint8Array): number {
  let ac = 0;
  for (let i = 0; i < rdata.length; i++) ac += i & 1 ? rdata[i]! : rdata[i]! << 8;
  ac += (ac >>> 16) & 0xffff;
  return ac & 0xffff;
}

/** The NSEC/NSEC3 type bit map: each set bit names a record type present at the owner. */
function typeBitmap(m: Msg, o: number, end: number, pkt: PacketContext, rr: FieldNode): void {
  let p = o;
  while (p + 2 <= end) {
    const win = m.u8(p);
    const blen = m.u8(p + 1);
    m.need(p + 2, blen);
    for (let i = 0; i < blen; i++) {
      const byte = m.b[p + 2 + i]!;
      for (let bit = 0; bit < 8; bit++) {
        if (!(byte & (0x80 >> bit))) continue;
        const type = win * 256 + i * 8 + bit;
        pkt.tree.add(rr, F['dns.resp.type'], p + 2 + i, 1, type, {
          label: `RR type in bit map: ${TYPE_NAMES.get(type) ?? `Unknown (${type})`}`,
        });
      }
    }
    p += 2 + blen;
  }
}

function stringText(b: Uint8Array): string {
  let s = '';
  for (const c of b) s += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '\\' + c.toString(8).padStart(3, '0');
  return s;
}

function dissectSvcb(m: Msg, o: number, len: number, pkt: PacketContext, rr: FieldNode): void {
  const t = pkt.tree;
  const end = o + len;
  t.add(rr, F['dns.svcb.svcpriority'], o, 2, m.u16(o));
  const target = readName(m, o + 2);
  t.add(rr, F['dns.svcb.targetname'], o + 2, target.end - o - 2, target.text);
  let p = target.end;
  while (p < end) {
    const key = m.u16(p);
    const vlen = m.u16(p + 2);
    const v = p + 4;
    m.need(v, vlen);
    const keyName = SVC_PARAM_KEYS.get(key) ?? `key${key}`;
    const param = t.add(rr, F['dns.svcb.svcparam'], p, 4 + vlen, undefined, { label: `SvcParam: ${keyName}` });
    t.add(param, F['dns.svcb.svcparam.key'], p, 2, key);
    t.add(param, F['dns.svcb.svcparam.value.length'], p + 2, 2, vlen);
    const values: string[] = [];
    switch (key) {
      case 0:
        for (let q = v; q + 2 <= v + vlen; q += 2) {
          const k = m.u16(q);
          t.add(param, F['dns.svcb.svcparam.mandatory.key'], q, 2, k);
          values.push(SVC_PARAM_KEYS.get(k) ?? `key${k}`);
        }
        break;
      case 1:
        for (let q = v; q < v + vlen;) {
          const n = m.u8(q);
          t.add(param, F['dns.svcb.svcparam.alpn.length'], q, 1, n);
          const id = stringText(m.bytes(q + 1, n));
          t.add(param, F['dns.svcb.svcparam.alpn'], q + 1, n, id);
          values.push(id);
          q += 1 + n;
        }
        break;
      case 3: {
        const port = m.u16(v);
        t.add(param, F['dns.svcb.svcparam.port'], v, 2, port);
        values.push(String(port));
        break;
      }
      case 4:
        for (let q = v; q + 4 <= v + vlen; q += 4) {
          const a = ipv4Text(m.b, q);
          t.add(param, F['dns.svcb.svcparam.ipv4hint.ip'], q, 4, a);
          values.push(a);
        }
        break;
      case 6:
        for (let q = v; q + 16 <= v + vlen; q += 16) {
          const a = ipv6Text(m.b, q);
          t.add(param, F['dns.svcb.svcparam.ipv6hint.ip'], q, 16, a);
          values.push(a);
        }
        break;
      case 5:
      case 32769: {
        const b64 = base64(m.bytes(v, vlen));
        t.add(
          param,
          key === 5 ? F['dns.svcb.svcparam.echconfig'] : F['dns.svcb.svcparam.odohconfig'],
          v,
          vlen,
          m.bytes(v, vlen),
          { label: `${key === 5 ? 'ECHConfig' : 'ODoHConfig'}: ${b64}` },
        );
        values.push(b64);
        break;
      }
      default:
        if (vlen) t.add(param, F['dns.svcb.svcparam.value'], v, vlen, m.bytes(v, vlen));
    }
    if (key !== 2) param.label = `SvcParam: ${keyName}=${values.join(',')}`;
    p = v + vlen;
  }
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i]! << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    s += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    s += i + 1 < b.length ? B64[(n >> 6) & 63]! : '=';
    s += i + 2 < b.length ? B64[n & 63]! : '=';
  }
  return s;
}

function dissectOptions(m: Msg, o: number, len: number, pkt: PacketContext, rr: FieldNode): void {
  const t = pkt.tree;
  const end = o + len;
  let p = o;
  while (p < end) {
    const code = m.u16(p);
    const olen = m.u16(p + 2);
    const v = p + 4;
    m.need(v, olen);
    const codeName = F['dns.opt.code'].strings?.get(code) ?? 'Unknown';
    const opt = t.add(rr, F['dns.opt'], p, 4 + olen, undefined, { label: `Option: ${codeName}` });
    t.add(opt, F['dns.opt.code'], p, 2, code);
    t.add(opt, F['dns.opt.len'], p + 2, 2, olen);
    if (olen) {
      t.add(opt, F['dns.opt.data'], v, olen, m.bytes(v, olen));
      if (code === 10 && olen >= 8) {
        t.add(opt, F['dns.opt.cookie.client'], v, 8, m.bytes(v, 8));
        if (olen > 8) t.add(opt, F['dns.opt.cookie.server'], v + 8, olen - 8, m.bytes(v + 8, olen - 8));
        else t.text(opt, v + 8, 0, 'Server Cookie: <MISSING>');
      } else if (code === 12) t.add(opt, F['dns.opt.padding'], v, olen, m.bytes(v, olen));
      else if ((code === 8 || code === 20730) && olen >= 4) {
        const family = m.u16(v);
        t.add(opt, F['dns.opt.client.family'], v, 2, family);
        t.add(opt, F['dns.opt.client.netmask'], v + 2, 1, m.u8(v + 2));
        t.add(opt, F['dns.opt.client.scope'], v + 3, 1, m.u8(v + 3));
        const alen = olen - 4;
        const addr = new Uint8Array(family === 2 ? 16 : 4);
        addr.set(m.bytes(v + 4, Math.min(alen, addr.length)));
        if (family === 1 && alen <= 4) t.add(opt, F['dns.opt.client.addr4'], v + 4, alen, ipv4Text(addr, 0));
        else if (family === 2 && alen <= 16) t.add(opt, F['dns.opt.client.addr6'], v + 4, alen, ipv6Text(addr, 0));
        else if (alen > 0) t.add(opt, F['dns.opt.client.addr'], v + 4, alen, m.bytes(v + 4, alen));
      }
    }
    p = v + olen;
  }
}

/** DNS over UDP: one message per datagram. */
function udpDissector(flavor: DnsFlavor): Dissector {
  return (b, offset, length, pkt, parent) => {
    dissectDnsMessage(b, offset, length, pkt, parent, flavor, 'udp');
  };
}

export const dnsUdp = udpDissector('dns');
export const mdnsUdp = udpDissector('mdns');
export const llmnrUdp = udpDissector('llmnr');

/** DNS over TCP: messages behind a two-byte length, reassembled across segments. */
function dissectDnsTcp(
  b: Uint8Array,
  offset: number,
  length: number,
  pkt: PacketContext,
  parent: FieldNode | null,
  _info: StreamInfo,
): StreamResult {
  const end = offset + length;
  let o = offset;
  while (o < end) {
    if (end - o < 2) return { consumed: o - offset, needMore: 2 - (end - o) };
    const len = (b[o]! << 8) | b[o + 1]!;
    if (end - o - 2 < len) return { consumed: o - offset, needMore: len - (end - o - 2) };
    dissectDnsMessage(b, o + 2, len, pkt, parent, 'dns', 'tcp', o);
    o += 2 + len;
  }
  return { consumed: o - offset, needMore: 0 };
}

export const dnsTcp: StreamProtocol = { name: 'dns', dissect: dissectDnsTcp };
