/**
 * Field declarations of the DTLS dissector (Wireshark's `dtls.*`). The record header and the handshake's fragment
 * fields are DTLS's own; every other field is the TLS field of the same name under `dtls.`, so the handshake,
 * extension and alert code of `tls/` runs unchanged while its fields show as `dtls.*`.
 */
import { allFields, declareFields, type FieldDef, type FieldSpec } from '../fields.ts';
import { F as TLS } from './fields.ts';
import { FP } from './fingerprints.ts';
import { contentTypes, handshakeTypes, recordVersions } from './tables.ts';

export const DF = declareFields({
  dtls: { name: 'Datagram Transport Layer Security', type: 'protocol' },
  'dtls.record': { name: 'Record Layer', type: 'none' },
  'dtls.record.content_type': { name: 'Content Type', type: 'uint8', strings: contentTypes },
  'dtls.record.version': { name: 'Version', type: 'uint16', base: 'hex', strings: recordVersions },
  'dtls.record.epoch': { name: 'Epoch', type: 'uint16' },
  'dtls.record.sequence_number': { name: 'Sequence Number', type: 'uint64' },
  'dtls.record.length': { name: 'Length', type: 'uint16' },
  'dtls.handshake': { name: 'Handshake Protocol', type: 'none' },
  'dtls.handshake.type': { name: 'Handshake Type', type: 'uint8', strings: handshakeTypes },
  'dtls.handshake.length': { name: 'Length', type: 'uint24' },
  'dtls.handshake.message_seq': { name: 'Message Sequence', type: 'uint16' },
  'dtls.handshake.fragment_offset': { name: 'Fragment Offset', type: 'uint24' },
  'dtls.handshake.fragment_length': { name: 'Fragment Length', type: 'uint24' },
  'dtls.handshake.cookie_length': { name: 'Cookie Length', type: 'uint8' },
  'dtls.handshake.cookie': { name: 'Cookie', type: 'bytes' },
  'dtls.fragments': { name: 'Message fragments', type: 'none' },
  'dtls.fragment': { name: 'Message fragment', type: 'framenum' },
  'dtls.fragment.count': { name: 'Message fragment count', type: 'uint32' },
  'dtls.reassembled.in': { name: 'Reassembled in', type: 'framenum' },
  'dtls.reassembled.length': { name: 'Reassembled DTLS length', type: 'uint32' },
});

/** TLS field → its `dtls.*` twin. */
const twins = new Map<FieldDef, FieldDef>();

function specOf(def: FieldDef): FieldSpec {
  return {
    name: def.name,
    type: def.type,
    base: def.base,
    strings: def.strings,
    unnamed: def.unnamed,
    bitmask: def.bitmask,
    bitWidth: def.bitWidth,
    trueFalse: def.trueFalse,
    description: def.description,
  };
}

function declareTwin(def: FieldDef): FieldDef {
  const abbrev = 'd' + def.abbrev;
  const twin = declareFields({ [abbrev]: specOf(def) })[abbrev]!;
  twins.set(def, twin);
  return twin;
}

// Every `tls.*` field declared so far (the TLS modules imported above) gets its twin now, so filters know them
// before the first DTLS packet.
void TLS;
void FP;
for (const def of allFields()) if (def.abbrev === 'tls' || def.abbrev.startsWith('tls.')) declareTwin(def);

/** The field DTLS shows for a field the shared TLS code adds: `tls.*` becomes `dtls.*`, others stay. */
export function dtlsField(def: FieldDef): FieldDef {
  const twin = twins.get(def);
  if (twin) return twin;
  if (def.abbrev === 'tls' || def.abbrev.startsWith('tls.')) return declareTwin(def);
  return def;
}
