/**
 * OCSP (RFC 6960) requests and responses carried in HTTP bodies (`application/ocsp-request` /
 * `application/ocsp-response`): the DER walked with the X.509 walker (names, algorithm identifiers, times,
 * certificates and extensions are X.509's), `ocsp.*` fields as tshark 4.0 has them, Protocol `OCSP` and Info
 * `Request` / `Response`.
 */
import { type PacketContext } from './context.ts';
import { declareFields, lookupField, type FieldDef } from './fields.ts';
import type { FieldNode, FieldTree } from './tree.ts';
import { cStart, isCtx, isU, readTlv, tEnd, total, X509, type Tlv } from './tls/x509.ts';

const OID_BASIC = '1.3.6.1.5.5.7.48.1.1';
const OID_NONCE = '1.3.6.1.5.5.7.48.1.2';
const OID_NOCHECK = '1.3.6.1.5.5.7.48.1.5';
const U_BOOLEAN = 1;
const U_ENUMERATED = 10;
const U_OCTET_STRING = 4;
const U_BIT_STRING = 3;
const U_SEQUENCE = 16;

const OF = declareFields({
  ocsp: { name: 'Online Certificate Status Protocol', type: 'protocol' },
  'ocsp.tbsRequest_element': { name: 'tbsRequest', type: 'none' },
  'ocsp.optionalSignature_element': { name: 'optionalSignature', type: 'none' },
  'ocsp.version': { name: 'version', type: 'int32', strings: { 0: 'v1' } },
  'ocsp.requestorName': { name: 'requestorName', type: 'uint32' },
  'ocsp.requestList': { name: 'requestList', type: 'uint32' },
  'ocsp.Request_element': { name: 'Request', type: 'none' },
  'ocsp.requestExtensions': { name: 'requestExtensions', type: 'uint32' },
  'ocsp.singleRequestExtensions': { name: 'singleRequestExtensions', type: 'uint32' },
  'ocsp.signatureAlgorithm_element': { name: 'signatureAlgorithm', type: 'none' },
  'ocsp.signature': { name: 'signature', type: 'bytes' },
  'ocsp.certs': { name: 'certs', type: 'uint32' },
  'ocsp.Certificate_element': { name: 'Certificate', type: 'none' },
  'ocsp.reqCert_element': { name: 'reqCert', type: 'none' },
  'ocsp.hashAlgorithm_element': { name: 'hashAlgorithm', type: 'none' },
  'ocsp.issuerNameHash': { name: 'issuerNameHash', type: 'bytes' },
  'ocsp.issuerKeyHash': { name: 'issuerKeyHash', type: 'bytes' },
  'ocsp.serialNumber': { name: 'serialNumber', type: 'bytes' },
  'ocsp.responseStatus': {
    name: 'responseStatus',
    type: 'uint32',
    strings: {
      0: 'successful',
      1: 'malformedRequest',
      2: 'internalError',
      3: 'tryLater',
      5: 'sigRequired',
      6: 'unauthorized',
    },
  },
  'ocsp.responseBytes_element': { name: 'responseBytes', type: 'none' },
  'ocsp.responseType.id': { name: 'ResponseType Id', type: 'string' },
  'ocsp.response': { name: 'response', type: 'bytes' },
  'ocsp.BasicOCSPResponse_element': { name: 'BasicOCSPResponse', type: 'none' },
  'ocsp.tbsResponseData_element': { name: 'tbsResponseData', type: 'none' },
  'ocsp.responderID': { name: 'responderID', type: 'uint32', strings: { 1: 'byName', 2: 'byKey' } },
  'ocsp.byName': { name: 'byName', type: 'uint32' },
  'ocsp.byKey': { name: 'byKey', type: 'bytes' },
  'ocsp.producedAt': { name: 'producedAt', type: 'abstime' },
  'ocsp.responses': { name: 'responses', type: 'uint32' },
  'ocsp.SingleResponse_element': { name: 'SingleResponse', type: 'none' },
  'ocsp.responseExtensions': { name: 'responseExtensions', type: 'uint32' },
  'ocsp.certID_element': { name: 'certID', type: 'none' },
  'ocsp.certStatus': { name: 'certStatus', type: 'uint32', strings: { 0: 'good', 1: 'revoked', 2: 'unknown' } },
  'ocsp.good_element': { name: 'good', type: 'none' },
  'ocsp.revoked_element': { name: 'revoked', type: 'none' },
  'ocsp.unknown_element': { name: 'unknown', type: 'none' },
  'ocsp.thisUpdate': { name: 'thisUpdate', type: 'abstime' },
  'ocsp.nextUpdate': { name: 'nextUpdate', type: 'abstime' },
  'ocsp.singleExtensions': { name: 'singleExtensions', type: 'uint32' },
  'ocsp.revocationTime': { name: 'revocationTime', type: 'abstime' },
  'ocsp.revocationReason': {
    name: 'revocationReason',
    type: 'uint32',
    strings: {
      0: 'unspecified',
      1: 'keyCompromise',
      2: 'cACompromise',
      3: 'affiliationChanged',
      4: 'superseded',
      5: 'cessationOfOperation',
      6: 'certificateHold',
      8: 'removeFromCRL',
      9: 'privilegeWithdrawn',
      10: 'aACompromise',
    },
  },
  'ocsp.ReOcspNonce': { name: 'ReOcspNonce', type: 'bytes' },
  'ocsp.NULL_element': { name: 'NULL', type: 'none' },
  // OCSP's extensions are PKIX1Explicit's Extension (not the certificate's x509af one).
  'pkix1explicit.Extension_element': { name: 'Extension', type: 'none' },
  'pkix1explicit.id': { name: 'Id', type: 'string' },
  'pkix1explicit.critical': { name: 'critical', type: 'boolean', trueFalse: ['True', 'False'] },
  'pkix1explicit.extnValue': { name: 'extnValue', type: 'bytes' },
});

/** The walker over one OCSP message; what X.509 defines is X.509's. */
class Ocsp extends X509 {
  constructor(
    tree: FieldTree,
    b: Uint8Array,
    private readonly pkt: PacketContext,
  ) {
    super(tree, b);
  }

  private list(parent: FieldNode, t: Tlv): Tlv[] {
    return t.constructed ? this.kids(parent, t) : [];
  }

  /** `[n] EXPLICIT x`: the TLV inside the tag. */
  private explicit(parent: FieldNode, t: Tlv): Tlv | undefined {
    return this.list(parent, t)[0];
  }

  private enumerated(parent: FieldNode, def: FieldDef, t: Tlv): number {
    let v = 0;
    for (let i = cStart(t); i < tEnd(t); i++) v = v * 256 + this.b[i]!;
    this.add(parent, def, cStart(t), t.len, v);
    return v;
  }

  request(parent: FieldNode, t: Tlv): void {
    const [tbs, sig] = this.list(parent, t);
    if (tbs) this.tbsRequest(parent, tbs);
    if (sig && isCtx(sig, 0)) {
      const inner = this.explicit(parent, sig);
      const node = inner && this.seqItem(parent, OF['ocsp.optionalSignature_element'], inner);
      if (node && inner) this.signature(node, this.list(node, inner));
    }
  }

  private tbsRequest(parent: FieldNode, t: Tlv): void {
    const node = this.seqItem(parent, OF['ocsp.tbsRequest_element'], t);
    if (!node) return;
    for (const k of this.list(node, t)) {
      if (isCtx(k, 0)) {
        const v = this.explicit(node, k);
        if (v) this.int(node, OF['ocsp.version'], v);
      } else if (isCtx(k, 1)) {
        this.add(node, OF['ocsp.requestorName'], cStart(k), k.len, 0);
      } else if (isU(k, U_SEQUENCE)) {
        const reqs = this.list(node, k);
        const listNode = this.seqOf(node, OF['ocsp.requestList'], k, reqs.length);
        for (const r of reqs) {
          const rn = this.seqItem(listNode, OF['ocsp.Request_element'], r);
          if (!rn) continue;
          const [cert, exts] = this.list(rn, r);
          if (cert) this.certId(rn, OF['ocsp.reqCert_element'], cert);
          if (exts && isCtx(exts, 0)) this.extensionList(rn, OF['ocsp.singleRequestExtensions'], exts);
        }
      } else if (isCtx(k, 2)) {
        this.extensionList(node, OF['ocsp.requestExtensions'], k);
      } else this.beyond(node, k);
    }
  }

  private certId(parent: FieldNode, def: FieldDef, t: Tlv): void {
    const node = this.seqItem(parent, def, t);
    if (!node) return;
    const [alg, nameHash, keyHash, serial] = this.list(node, t);
    if (alg) this.algorithmIdentifier(node, OF['ocsp.hashAlgorithm_element'], alg);
    if (nameHash) this.bytes(node, OF['ocsp.issuerNameHash'], cStart(nameHash), nameHash.len);
    if (keyHash) this.bytes(node, OF['ocsp.issuerKeyHash'], cStart(keyHash), keyHash.len);
    if (serial) this.bytes(node, OF['ocsp.serialNumber'], cStart(serial), serial.len, '0x');
  }

  /** `[n] EXPLICIT Extensions`: a SEQUENCE OF Extension under an `ocsp.*Extensions` item. */
  private extensionList(parent: FieldNode, def: FieldDef, tagged: Tlv): void {
    const seq = this.explicit(parent, tagged);
    if (!seq) return;
    const exts = this.list(parent, seq);
    const node = this.seqOf(parent, def, seq, exts.length);
    for (const e of exts) this.pkixExtension(node, e);
  }

  private pkixExtension(parent: FieldNode, t: Tlv): void {
    const node = this.seqItem(parent, OF['pkix1explicit.Extension_element'], t);
    if (!node) return;
    const [idTlv, ...rest] = this.list(node, t);
    const oid = idTlv && this.oidField(node, OF['pkix1explicit.id'], idTlv);
    if (oid === undefined) return;
    let value = rest[0];
    if (value && isU(value, U_BOOLEAN)) {
      this.bool(node, OF['pkix1explicit.critical'], value);
      value = rest[1];
    }
    if (value && isU(value, U_OCTET_STRING)) this.extensionValue(node, oid, cStart(value), value.len);
  }

  protected override extensionValue(parent: FieldNode, oid: string, off: number, len: number): void {
    if (oid === OID_NOCHECK) {
      // id-pkix-ocsp-nocheck (in a responder's certificate) is OCSP's: a NULL.
      this.pkt.protocols.push('ocsp');
      this.add(parent, OF['ocsp.NULL_element'], off, len, undefined);
      return;
    }
    if (oid !== OID_NONCE) {
      super.extensionValue(parent, oid, off, len);
      return;
    }
    // The nonce is itself an OCSP structure: tshark counts the protocol again.
    this.pkt.protocols.push('ocsp');
    const inner = readTlv(this.b, off, off + len);
    if (typeof inner !== 'string' && isU(inner, U_OCTET_STRING))
      this.bytes(parent, OF['ocsp.ReOcspNonce'], cStart(inner), inner.len);
    else this.bytes(parent, OF['ocsp.ReOcspNonce'], off, len);
  }

  /** signatureAlgorithm, signature and certs, shared by a signed request and a BasicOCSPResponse. */
  private signature(parent: FieldNode, parts: readonly Tlv[]): void {
    const [alg, sig, certs] = parts;
    if (alg) this.algorithmIdentifier(parent, OF['ocsp.signatureAlgorithm_element'], alg);
    if (sig && isU(sig, U_BIT_STRING)) {
      const data = this.bitString(parent, sig);
      if (data) this.bytes(parent, OF['ocsp.signature'], data.off, data.len);
    }
    if (certs && isCtx(certs, 0)) {
      const seq = this.explicit(parent, certs);
      if (!seq) return;
      const list = this.list(parent, seq);
      const node = this.seqOf(parent, OF['ocsp.certs'], seq, list.length);
      for (const c of list) {
        const cn = this.add(node, OF['ocsp.Certificate_element'], c.start, total(c), undefined);
        this.facts.subject = undefined;
        this.certificate(cn, c.start, total(c));
        if (this.facts.subject !== undefined) cn.label = `Certificate (${this.facts.subject})`;
      }
    }
  }

  response(parent: FieldNode, t: Tlv): void {
    const [status, bytes] = this.list(parent, t);
    if (status && isU(status, U_ENUMERATED)) this.enumerated(parent, OF['ocsp.responseStatus'], status);
    if (!bytes || !isCtx(bytes, 0)) return;
    const seq = this.explicit(parent, bytes);
    const node = seq && this.seqItem(parent, OF['ocsp.responseBytes_element'], seq);
    if (!node || !seq) return;
    const [type, body] = this.list(node, seq);
    const oid = type && this.oidField(node, OF['ocsp.responseType.id'], type);
    if (!body || !isU(body, U_OCTET_STRING)) return;
    const inner = oid === OID_BASIC ? readTlv(this.b, cStart(body), tEnd(body)) : 'not basic';
    if (typeof inner === 'string') {
      this.bytes(node, OF['ocsp.response'], cStart(body), body.len);
      return;
    }
    this.pkt.protocols.push('ocsp');
    const basic = this.seqItem(node, OF['ocsp.BasicOCSPResponse_element'], inner);
    if (!basic) return;
    const [data, ...rest] = this.list(basic, inner);
    if (data) this.responseData(basic, data);
    this.signature(basic, rest);
  }

  private responseData(parent: FieldNode, t: Tlv): void {
    const node = this.seqItem(parent, OF['ocsp.tbsResponseData_element'], t);
    if (!node) return;
    const parts = this.list(node, t);
    let i = 0;
    const first = parts[0];
    if (first && isCtx(first, 0)) {
      const v = this.explicit(node, first);
      if (v) this.int(node, OF['ocsp.version'], v);
      i++;
    }
    const rid = parts[i++];
    if (rid && (isCtx(rid, 1) || isCtx(rid, 2))) {
      const ridNode = this.add(node, OF['ocsp.responderID'], rid.start, total(rid), rid.tag);
      const inner = this.explicit(ridNode, rid);
      if (inner && rid.tag === 1) this.name(ridNode, OF['ocsp.byName'], rdnSequenceField(), inner);
      else if (inner) this.bytes(ridNode, OF['ocsp.byKey'], cStart(inner), inner.len);
    }
    const produced = parts[i++];
    if (produced) this.generalizedTime(node, OF['ocsp.producedAt'], produced);
    const responses = parts[i++];
    if (responses) {
      const list = this.list(node, responses);
      const rn = this.seqOf(node, OF['ocsp.responses'], responses, list.length);
      for (const r of list) this.singleResponse(rn, r);
    }
    const exts = parts[i];
    if (exts && isCtx(exts, 1)) this.extensionList(node, OF['ocsp.responseExtensions'], exts);
  }

  private singleResponse(parent: FieldNode, t: Tlv): void {
    const node = this.seqItem(parent, OF['ocsp.SingleResponse_element'], t);
    if (!node) return;
    const [cert, status, thisUpdate, ...rest] = this.list(node, t);
    if (cert) this.certId(node, OF['ocsp.certID_element'], cert);
    if (status && status.cls === 2) {
      const sn = this.add(node, OF['ocsp.certStatus'], status.start, total(status), status.tag);
      if (status.tag === 0) this.add(sn, OF['ocsp.good_element'], cStart(status), status.len, undefined);
      else if (status.tag === 2) this.add(sn, OF['ocsp.unknown_element'], cStart(status), status.len, undefined);
      else if (status.tag === 1) {
        const rv = this.add(sn, OF['ocsp.revoked_element'], cStart(status), status.len, undefined);
        const [when, reason] = this.list(rv, status);
        if (when) this.generalizedTime(rv, OF['ocsp.revocationTime'], when);
        const r = reason && isCtx(reason, 0) ? this.explicit(rv, reason) : undefined;
        if (r) this.enumerated(rv, OF['ocsp.revocationReason'], r);
      }
    }
    if (thisUpdate) this.generalizedTime(node, OF['ocsp.thisUpdate'], thisUpdate);
    for (const k of rest) {
      if (isCtx(k, 0)) {
        const v = this.explicit(node, k);
        if (v) this.generalizedTime(node, OF['ocsp.nextUpdate'], v);
      } else if (isCtx(k, 1)) this.extensionList(node, OF['ocsp.singleExtensions'], k);
    }
  }
}

function rdnSequenceField(): FieldDef {
  return lookupField('x509if.rdnSequence') ?? OF['ocsp.byName'];
}

/** An OCSP message in an HTTP body: `kind` says which of the two the media type announced. */
export function dissectOcsp(
  b: Uint8Array,
  o: number,
  len: number,
  pkt: PacketContext,
  parent: FieldNode | null,
  kind: 'request' | 'response',
): void {
  pkt.cols.protocol = 'OCSP';
  pkt.cols.info = kind === 'request' ? 'Request' : 'Response';
  walk(b, o, len, pkt, pkt.tree.add(parent, OF.ocsp, o, len, undefined), kind);
}

/** A response stapled to a TLS handshake (CertificateStatus): the tree only, under an `OCSP Response` item. */
export function dissectStapledOcsp(b: Uint8Array, o: number, len: number, pkt: PacketContext, parent: FieldNode) {
  walk(b, o, len, pkt, pkt.tree.add(parent, OF.ocsp, o, len, undefined, { label: 'OCSP Response' }), 'response');
}

function walk(
  b: Uint8Array,
  o: number,
  len: number,
  pkt: PacketContext,
  root: FieldNode,
  kind: 'request' | 'response',
) {
  const t = pkt.tree;
  pkt.protocols.push('ocsp');
  const outer = readTlv(b, o, o + len);
  if (typeof outer === 'string') {
    t.text(root, o, len, outer);
    pkt.malformed = true;
    return;
  }
  const walker = new Ocsp(t, b, pkt);
  try {
    if (kind === 'request') walker.request(root, outer);
    else walker.response(root, outer);
  } catch (e) {
    // The X.509 walker reports malformed DER in the tree; anything else still must not escape a dissector.
    t.text(root, o, len, `Malformed OCSP: ${e instanceof Error ? e.message : String(e)}`);
    pkt.malformed = true;
  }
}
