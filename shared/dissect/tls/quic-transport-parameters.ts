/**
 * The quic_transport_parameters hello extension (RFC 9000 §18, and Google's additions) as Wireshark 4.0 shows it:
 * each parameter's type, length and raw value, then the value decoded when the type is known.
 */
import { slice, u32 } from '../../bytes.ts';
import type { PacketContext } from '../context.ts';
import { declareFields } from '../fields.ts';
import type { FieldNode } from '../tree.ts';
import { readVarint, readVarintBig, varintLength } from '../quic/varint.ts';
import { versionName } from '../quic/versions.ts';

const u64 = { type: 'uint64' } as const;

const F = declareFields({
  'tls.quic.parameter': { name: 'Parameter', type: 'none' },
  'tls.quic.parameter.type': { name: 'Type', ...u64 },
  'tls.quic.parameter.length': { name: 'Length', ...u64 },
  'tls.quic.parameter.value': { name: 'Value', type: 'bytes' },
  'tls.quic.parameter.original_destination_connection_id': {
    name: 'original_destination_connection_id',
    type: 'bytes',
  },
  'tls.quic.parameter.max_idle_timeout': { name: 'max_idle_timeout', ...u64 },
  'tls.quic.parameter.stateless_reset_token': { name: 'stateless_reset_token', type: 'bytes' },
  'tls.quic.parameter.max_udp_payload_size': { name: 'max_udp_payload_size', ...u64 },
  'tls.quic.parameter.initial_max_data': { name: 'initial_max_data', ...u64 },
  'tls.quic.parameter.initial_max_stream_data_bidi_local': { name: 'initial_max_stream_data_bidi_local', ...u64 },
  'tls.quic.parameter.initial_max_stream_data_bidi_remote': { name: 'initial_max_stream_data_bidi_remote', ...u64 },
  'tls.quic.parameter.initial_max_stream_data_uni': { name: 'initial_max_stream_data_uni', ...u64 },
  'tls.quic.parameter.initial_max_streams_bidi': { name: 'initial_max_streams_bidi', ...u64 },
  'tls.quic.parameter.initial_max_streams_uni': { name: 'initial_max_streams_uni', ...u64 },
  'tls.quic.parameter.ack_delay_exponent': { name: 'ack_delay_exponent', ...u64 },
  'tls.quic.parameter.max_ack_delay': { name: 'max_ack_delay', ...u64 },
  'tls.quic.parameter.active_connection_id_limit': { name: 'Active Connection ID Limit', ...u64 },
  'tls.quic.parameter.initial_source_connection_id': { name: 'Initial Source Connection ID', type: 'bytes' },
  'tls.quic.parameter.retry_source_connection_id': { name: 'Retry Source Connection ID', type: 'bytes' },
  'tls.quic.parameter.max_datagram_frame_size': { name: 'max_datagram_frame_size', ...u64 },
  'tls.quic.parameter.google.initial_rtt': { name: 'Google Initial RTT', ...u64 },
  'tls.quic.parameter.google.connection_options': { name: 'Google Connection options', type: 'bytes' },
  'tls.quic.parameter.google.quic_version': { name: 'Google QUIC version', type: 'uint32', base: 'hex' },
});

type ParamField = (typeof F)[keyof typeof F];

interface ParamSpec {
  name: string;
  field?: ParamField;
  /** How the value is read: a varint (shown after the label when `show`), the raw bytes, or a 32-bit version. */
  kind: 'varint' | 'bytes' | 'version' | 'flag';
  /** Does the Parameter line end with the value (and this unit)? */
  show?: string;
}

const PARAMS: ReadonlyMap<number, ParamSpec> = new Map([
  [
    0x00,
    {
      name: 'original_destination_connection_id',
      field: F['tls.quic.parameter.original_destination_connection_id'],
      kind: 'bytes',
    },
  ],
  [0x01, { name: 'max_idle_timeout', field: F['tls.quic.parameter.max_idle_timeout'], kind: 'varint', show: ' ms' }],
  [0x02, { name: 'stateless_reset_token', field: F['tls.quic.parameter.stateless_reset_token'], kind: 'bytes' }],
  [
    0x03,
    { name: 'max_udp_payload_size', field: F['tls.quic.parameter.max_udp_payload_size'], kind: 'varint', show: '' },
  ],
  [0x04, { name: 'initial_max_data', field: F['tls.quic.parameter.initial_max_data'], kind: 'varint', show: '' }],
  [
    0x05,
    {
      name: 'initial_max_stream_data_bidi_local',
      field: F['tls.quic.parameter.initial_max_stream_data_bidi_local'],
      kind: 'varint',
      show: '',
    },
  ],
  [
    0x06,
    {
      name: 'initial_max_stream_data_bidi_remote',
      field: F['tls.quic.parameter.initial_max_stream_data_bidi_remote'],
      kind: 'varint',
      show: '',
    },
  ],
  [
    0x07,
    {
      name: 'initial_max_stream_data_uni',
      field: F['tls.quic.parameter.initial_max_stream_data_uni'],
      kind: 'varint',
      show: '',
    },
  ],
  [
    0x08,
    {
      name: 'initial_max_streams_bidi',
      field: F['tls.quic.parameter.initial_max_streams_bidi'],
      kind: 'varint',
      show: '',
    },
  ],
  [
    0x09,
    {
      name: 'initial_max_streams_uni',
      field: F['tls.quic.parameter.initial_max_streams_uni'],
      kind: 'varint',
      show: '',
    },
  ],
  [0x0a, { name: 'ack_delay_exponent', field: F['tls.quic.parameter.ack_delay_exponent'], kind: 'varint' }],
  [0x0b, { name: 'max_ack_delay', field: F['tls.quic.parameter.max_ack_delay'], kind: 'varint', show: '' }],
  [0x0c, { name: 'disable_active_migration', kind: 'flag' }],
  [0x0d, { name: 'preferred_address', kind: 'flag' }],
  [
    0x0e,
    {
      name: 'active_connection_id_limit',
      field: F['tls.quic.parameter.active_connection_id_limit'],
      kind: 'varint',
      show: '',
    },
  ],
  [
    0x0f,
    {
      name: 'initial_source_connection_id',
      field: F['tls.quic.parameter.initial_source_connection_id'],
      kind: 'bytes',
    },
  ],
  [
    0x10,
    { name: 'retry_source_connection_id', field: F['tls.quic.parameter.retry_source_connection_id'], kind: 'bytes' },
  ],
  [
    0x20,
    {
      name: 'max_datagram_frame_size',
      field: F['tls.quic.parameter.max_datagram_frame_size'],
      kind: 'varint',
      show: '',
    },
  ],
  [
    0x3127,
    { name: 'google_initial_rtt', field: F['tls.quic.parameter.google.initial_rtt'], kind: 'varint', show: ' us' },
  ],
  [
    0x3128,
    { name: 'google_connection_options', field: F['tls.quic.parameter.google.connection_options'], kind: 'bytes' },
  ],
  [0x4752, { name: 'google_quic_version', field: F['tls.quic.parameter.google.quic_version'], kind: 'version' }],
]);

/** Reserved (GREASE) parameter ids are 31 * N + 27 (RFC 9000 §18.1). */
function isGreaseParameter(id: bigint): boolean {
  return id >= 27n && (id - 27n) % 31n === 0n;
}

function typeHex(id: bigint): string {
  return `0x${id.toString(16).padStart(2, '0')}`;
}

/** Decodes the parameters in b[d, d+len) under the extension node `ext`. */
export function dissectQuicTransportParameters(
  b: Uint8Array,
  d: number,
  len: number,
  pkt: PacketContext,
  ext: FieldNode,
): void {
  const t = pkt.tree;
  const end = d + len;
  let p = d;
  while (p < end) {
    const id = readVarintBig(b, p, end);
    if (id < 0n) return;
    const idLen = varintLength(b[p]!);
    const plen = readVarint(b, p + idLen, end);
    if (plen < 0) return;
    const lenLen = varintLength(b[p + idLen]!);
    const v = p + idLen + lenLen;
    if (v + plen > end) {
      pkt.malformed = true;
      pkt.notes.push({
        severity: 'error',
        group: 'malformed',
        message: 'QUIC transport parameter runs past the extension',
      });
      return;
    }
    const spec = id <= 0xffffffffn ? PARAMS.get(Number(id)) : undefined;
    const name = spec?.name ?? (isGreaseParameter(id) ? 'GREASE' : 'Unknown');
    const shownName = spec || isGreaseParameter(id) ? name : `Unknown ${typeHex(id)}`;
    const node = t.add(ext, F['tls.quic.parameter'], p, v + plen - p, undefined, {
      label: `Parameter: ${shownName} (len=${plen})`,
    });
    t.add(node, F['tls.quic.parameter.type'], p, idLen, id <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(id) : id, {
      label: `Type: ${name} (${typeHex(id)})`,
    });
    t.add(node, F['tls.quic.parameter.length'], p + idLen, lenLen, plen);
    const raw = slice(b, v, plen);
    t.add(node, F['tls.quic.parameter.value'], v, plen, raw, plen ? undefined : { label: 'Value: <MISSING>' });
    if (spec?.field) {
      if (spec.kind === 'varint') {
        const big = readVarintBig(b, v, v + plen);
        const value = big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
        if (big >= 0n) {
          t.add(node, spec.field, v, plen, value);
          if (spec.show !== undefined) node.label += ` ${value}${spec.show}`;
        }
      } else if (spec.kind === 'version' && plen >= 4) {
        const version = u32(b, v);
        t.add(node, spec.field, v, 4, version, {
          label: `Google QUIC version: ${versionName(version)} (0x${version.toString(16).padStart(8, '0')})`,
        });
      } else if (spec.kind === 'bytes') {
        t.add(node, spec.field, v, plen, raw, plen ? undefined : { label: `${spec.field.name}: <MISSING>` });
      }
    }
    p = v + plen;
  }
}
