/**
 * X.509 certificate dissector (x509af / x509if / x509sat / x509ce / pkcs1 / pkix1* fields), drawn the way
 * tshark 4.0 draws a certificate inside a TLS Certificate handshake message.
 *
 * DER headers (identifier and length octets) are read with asn1js; the walk over the structure, the byte ranges
 * and the labels follow Wireshark's BER conventions:
 *  - a SEQUENCE item covers the whole TLV (only its content when the SEQUENCE is implicitly tagged);
 *  - a SEQUENCE OF / SET OF item covers the content only and is labelled `name: N items`;
 *  - a CHOICE item covers the whole TLV of an untagged alternative, the content of a tagged one;
 *  - primitive items cover the content octets only.
 * Nothing here throws: malformed DER ends the affected branch with a text node describing the problem.
 */
import { BaseBlock } from 'asn1js';
import { hex } from '../../bytes.ts';
import { declareFields, type FieldDef } from '../fields.ts';
import { fieldLabel } from '../format.ts';
import { FieldGroup, FieldTree, type FieldNode, type FieldValue } from '../tree.ts';
import { F as TLS } from './fields.ts';
import { isBerRegistered, oidResolved } from './oids.ts';
import { ctLogName } from './ct-logs.ts';
import { ATTRIBUTE_LAYER, CERTIFICATE_LAYERS, extensionLayer, parametersLayer, qualifierLayer } from './ber-layers.ts';

// ---------------------------------------------------------------------------------------------------------------
// Fields

const DIRECTORY_STRING = {
  0: 'teletexString',
  1: 'printableString',
  2: 'universalString',
  3: 'bmpString',
  4: 'uTF8String',
};
const DISPLAY_TEXT = { 0: 'ia5String', 1: 'visibleString', 2: 'bmpString', 3: 'utf8String' };
const GENERAL_NAME = {
  0: 'otherName',
  1: 'rfc822Name',
  2: 'dNSName',
  3: 'x400Address',
  4: 'directoryName',
  5: 'ediPartyName',
  6: 'uniformResourceIdentifier',
  7: 'iPAddress',
  8: 'registeredID',
};
const TF: readonly [string, string] = ['True', 'False'];

const F = declareFields({
  'x509af.signedCertificate_element': { name: 'signedCertificate', type: 'none' },
  'x509af.version': { name: 'version', type: 'int32', strings: { 0: 'v1', 1: 'v2', 2: 'v3' } },
  'x509af.serialNumber': { name: 'serialNumber', type: 'bytes', description: 'CertificateSerialNumber' },
  'x509af.signature_element': { name: 'signature', type: 'none', description: 'AlgorithmIdentifier' },
  'x509af.algorithm.id': { name: 'Algorithm Id', type: 'oid' },
  'x509af.issuer': { name: 'issuer', type: 'uint32', strings: { 0: 'rdnSequence' }, description: 'Name' },
  'x509af.validity_element': { name: 'validity', type: 'none' },
  'x509af.notBefore': { name: 'notBefore', type: 'uint32', strings: { 0: 'utcTime', 1: 'generalizedTime' } },
  'x509af.notAfter': { name: 'notAfter', type: 'uint32', strings: { 0: 'utcTime', 1: 'generalizedTime' } },
  'x509af.utcTime': { name: 'utcTime', type: 'string' },
  'x509af.generalizedTime': { name: 'generalizedTime', type: 'abstime' },
  'x509af.subject': { name: 'subject', type: 'uint32', strings: { 0: 'rdnSequence' }, description: 'SubjectName' },
  'x509af.rdnSequence': { name: 'rdnSequence', type: 'uint32' },
  'x509af.subjectPublicKeyInfo_element': { name: 'subjectPublicKeyInfo', type: 'none' },
  'x509af.algorithm_element': { name: 'algorithm', type: 'none', description: 'AlgorithmIdentifier' },
  'x509af.subjectPublicKey': { name: 'subjectPublicKey', type: 'bytes' },
  'x509af.issuerUniqueIdentifier': { name: 'issuerUniqueIdentifier', type: 'bytes' },
  'x509af.subjectUniqueIdentifier': { name: 'subjectUniqueIdentifier', type: 'bytes' },
  'x509af.extensions': { name: 'extensions', type: 'uint32' },
  'x509af.Extension_element': { name: 'Extension', type: 'none' },
  'x509af.extension.id': { name: 'Extension Id', type: 'oid' },
  'x509af.critical': { name: 'critical', type: 'boolean', trueFalse: TF },
  'x509af.algorithmIdentifier_element': { name: 'algorithmIdentifier', type: 'none' },
  'x509af.encrypted': { name: 'encrypted', type: 'bytes' },
  'x509af.DSS_Params_element': { name: 'DSS-Params', type: 'none' },
  'x509af.p': { name: 'p', type: 'bytes' },
  'x509af.q': { name: 'q', type: 'bytes' },
  'x509af.g': { name: 'g', type: 'bytes' },
  'x509af.Userid': { name: 'Userid', type: 'string' },
  'ber.bitstring.padding': {
    name: 'Padding',
    type: 'uint8',
    description: 'Number of unused bits in the last octet of the bitstring',
  },

  'x509if.rdnSequence': { name: 'rdnSequence', type: 'uint32' },
  'x509if.RDNSequence_item': { name: 'RDNSequence item', type: 'uint32' },
  'x509if.RelativeDistinguishedName_item_element': { name: 'RelativeDistinguishedName item', type: 'none' },
  'x509if.oid': { name: 'Object Id', type: 'oid', description: 'Object identifier Id' },

  'x509sat.DirectoryString': { name: 'DirectoryString', type: 'uint32', strings: DIRECTORY_STRING },
  'x509sat.teletexString': { name: 'teletexString', type: 'string' },
  'x509sat.printableString': { name: 'printableString', type: 'string' },
  'x509sat.universalString': { name: 'universalString', type: 'string' },
  'x509sat.bmpString': { name: 'bmpString', type: 'string' },
  'x509sat.uTF8String': { name: 'uTF8String', type: 'string' },
  'x509sat.CountryName': { name: 'CountryName', type: 'string' },
  'x509sat.PrintableString': { name: 'PrintableString', type: 'string' },
  'x509sat.IA5String': { name: 'IA5String', type: 'string' },
  'x509sat.UTF8String': { name: 'UTF8String', type: 'string' },
  'x509sat.BMPString': { name: 'BMPString', type: 'string' },
  'x509sat.TelephoneNumber': { name: 'TelephoneNumber', type: 'string' },
  'x509sat.DestinationIndicator': { name: 'DestinationIndicator', type: 'string' },
  'x509sat.Integer': { name: 'Integer', type: 'int32' },
  'x509sat.OctetString': { name: 'OctetString', type: 'bytes' },

  'pkcs1.modulus': { name: 'modulus', type: 'bytes' },
  'pkcs1.publicExponent': { name: 'publicExponent', type: 'int32' },
  'pkcs1.ECParameters': {
    name: 'ECParameters',
    type: 'uint32',
    strings: { 0: 'specifiedCurve', 1: 'namedCurve', 2: 'implicitlyCA' },
  },
  'pkcs1.namedCurve': { name: 'namedCurve', type: 'oid' },
  'pkcs1.specifiedCurve_element': { name: 'specifiedCurve', type: 'none' },
  'pkcs1.version': { name: 'version', type: 'int32', strings: { 1: 'ecpVer1' } },
  'pkcs1.fieldID_element': { name: 'fieldID', type: 'none' },
  'pkcs1.fieldType': { name: 'fieldType', type: 'oid' },
  'pkcs1.Prime_p': { name: 'Prime-p', type: 'int32' },
  'pkcs1.curve_element': { name: 'curve', type: 'none' },
  'pkcs1.a': { name: 'a', type: 'bytes' },
  'pkcs1.b': { name: 'b', type: 'bytes' },
  'pkcs1.seed': { name: 'seed', type: 'bytes' },
  'pkcs1.base': { name: 'base', type: 'bytes' },
  'pkcs1.order': { name: 'order', type: 'int32' },
  'pkcs1.cofactor': { name: 'cofactor', type: 'int32' },
  'pkcs1.RSASSA_PSS_params_element': { name: 'RSASSA-PSS-params', type: 'none' },
  'pkcs1.hashAlgorithm_element': { name: 'hashAlgorithm', type: 'none' },
  'pkcs1.maskGenAlgorithm_element': { name: 'maskGenAlgorithm', type: 'none' },
  'pkcs1.HashAlgorithm_element': { name: 'HashAlgorithm', type: 'none' },
  'pkcs1.saltLength': { name: 'saltLength', type: 'int32' },
  'pkcs1.trailerField': { name: 'trailerField', type: 'int32' },

  'x509ce.SubjectKeyIdentifier': { name: 'SubjectKeyIdentifier', type: 'bytes' },
  'x509ce.AuthorityKeyIdentifier_element': { name: 'AuthorityKeyIdentifier', type: 'none' },
  'x509ce.keyIdentifier': { name: 'keyIdentifier', type: 'bytes' },
  'x509ce.authorityCertIssuer': { name: 'authorityCertIssuer', type: 'uint32', description: 'GeneralNames' },
  'x509ce.authorityCertSerialNumber': {
    name: 'authorityCertSerialNumber',
    type: 'bytes',
    description: 'CertificateSerialNumber',
  },
  'x509ce.BasicConstraintsSyntax_element': { name: 'BasicConstraintsSyntax', type: 'none' },
  'x509ce.cA': { name: 'cA', type: 'boolean', trueFalse: TF },
  'x509ce.pathLenConstraint': { name: 'pathLenConstraint', type: 'uint64' },
  'x509ce.KeyUsage': { name: 'KeyUsage', type: 'bytes' },
  'x509ce.KeyUsage.digitalSignature': flagBit('digitalSignature', 0x80),
  'x509ce.KeyUsage.contentCommitment': flagBit('contentCommitment', 0x40),
  'x509ce.KeyUsage.keyEncipherment': flagBit('keyEncipherment', 0x20),
  'x509ce.KeyUsage.dataEncipherment': flagBit('dataEncipherment', 0x10),
  'x509ce.KeyUsage.keyAgreement': flagBit('keyAgreement', 0x08),
  'x509ce.KeyUsage.keyCertSign': flagBit('keyCertSign', 0x04),
  'x509ce.KeyUsage.cRLSign': flagBit('cRLSign', 0x02),
  'x509ce.KeyUsage.encipherOnly': flagBit('encipherOnly', 0x01),
  'x509ce.KeyUsage.decipherOnly': flagBit('decipherOnly', 0x80),
  'x509ce.KeyPurposeIDs': { name: 'KeyPurposeIDs', type: 'uint32' },
  'x509ce.KeyPurposeId': { name: 'KeyPurposeId', type: 'oid' },
  'x509ce.GeneralNames': { name: 'GeneralNames', type: 'uint32' },
  'x509ce.GeneralName': { name: 'GeneralName', type: 'uint32', strings: GENERAL_NAME },
  'x509ce.otherName_element': { name: 'otherName', type: 'none' },
  'x509ce.type_id': { name: 'type-id', type: 'oid', description: 'OtherNameType' },
  'x509ce.rfc822Name': { name: 'rfc822Name', type: 'string', description: 'IA5String' },
  'x509ce.dNSName': { name: 'dNSName', type: 'string', description: 'IA5String' },
  'x509ce.x400Address_element': { name: 'x400Address', type: 'none', description: 'ORAddress' },
  'x509ce.directoryName': { name: 'directoryName', type: 'uint32', strings: { 0: 'rdnSequence' }, description: 'Name' },
  'x509ce.ediPartyName_element': { name: 'ediPartyName', type: 'none' },
  'x509ce.uniformResourceIdentifier': { name: 'uniformResourceIdentifier', type: 'string' },
  'x509ce.IPAddress.ipv4': { name: 'iPAddress', type: 'ipv4', description: 'IPv4 address' },
  'x509ce.IPAddress.ipv6': { name: 'iPAddress', type: 'ipv6', description: 'IPv6 address' },
  'x509ce.registeredID': { name: 'registeredID', type: 'oid' },
  'x509ce.CRLDistPointsSyntax': { name: 'CRLDistPointsSyntax', type: 'uint32' },
  'x509ce.DistributionPoint_element': { name: 'DistributionPoint', type: 'none' },
  'x509ce.distributionPoint': {
    name: 'distributionPoint',
    type: 'uint32',
    strings: { 0: 'fullName', 1: 'nameRelativeToCRLIssuer' },
    description: 'DistributionPointName',
  },
  'x509ce.fullName': { name: 'fullName', type: 'uint32', description: 'GeneralNames' },
  'x509ce.nameRelativeToCRLIssuer': { name: 'nameRelativeToCRLIssuer', type: 'uint32' },
  'x509ce.reasons': { name: 'reasons', type: 'bytes', description: 'ReasonFlags' },
  'x509ce.ReasonFlags.unused': flagBit('unused', 0x80),
  'x509ce.ReasonFlags.keyCompromise': flagBit('keyCompromise', 0x40),
  'x509ce.ReasonFlags.cACompromise': flagBit('cACompromise', 0x20),
  'x509ce.ReasonFlags.affiliationChanged': flagBit('affiliationChanged', 0x10),
  'x509ce.ReasonFlags.superseded': flagBit('superseded', 0x08),
  'x509ce.ReasonFlags.cessationOfOperation': flagBit('cessationOfOperation', 0x04),
  'x509ce.ReasonFlags.certificateHold': flagBit('certificateHold', 0x02),
  'x509ce.ReasonFlags.privilegeWithdrawn': flagBit('privilegeWithdrawn', 0x01),
  'x509ce.ReasonFlags.aACompromise': flagBit('aACompromise', 0x80),
  'x509ce.cRLIssuer': { name: 'cRLIssuer', type: 'uint32', description: 'GeneralNames' },
  'x509ce.CertificatePoliciesSyntax': { name: 'CertificatePoliciesSyntax', type: 'uint32' },
  'x509ce.PolicyInformation_element': { name: 'PolicyInformation', type: 'none' },
  'x509ce.policyIdentifier': { name: 'policyIdentifier', type: 'oid', description: 'CertPolicyId' },
  'x509ce.policyQualifiers': { name: 'policyQualifiers', type: 'uint32' },
  'x509ce.PolicyQualifierInfo_element': { name: 'PolicyQualifierInfo', type: 'none' },
  'x509ce.id': { name: 'Id', type: 'oid', description: 'Object identifier Id' },
  'x509ce.NameConstraintsSyntax_element': { name: 'NameConstraintsSyntax', type: 'none' },
  'x509ce.permittedSubtrees': { name: 'permittedSubtrees', type: 'uint32', description: 'GeneralSubtrees' },
  'x509ce.excludedSubtrees': { name: 'excludedSubtrees', type: 'uint32', description: 'GeneralSubtrees' },
  'x509ce.GeneralSubtree_element': { name: 'GeneralSubtree', type: 'none' },
  'x509ce.base': { name: 'base', type: 'uint32', strings: GENERAL_NAME, description: 'GeneralName' },
  'x509ce.minimum': { name: 'minimum', type: 'uint64', description: 'BaseDistance' },
  'x509ce.maximum': { name: 'maximum', type: 'uint64', description: 'BaseDistance' },
  'x509ce.PolicyConstraintsSyntax_element': { name: 'PolicyConstraintsSyntax', type: 'none' },
  'x509ce.requireExplicitPolicy': { name: 'requireExplicitPolicy', type: 'uint64', description: 'SkipCerts' },
  'x509ce.inhibitPolicyMapping': { name: 'inhibitPolicyMapping', type: 'uint64', description: 'SkipCerts' },
  'x509ce.SkipCerts': { name: 'SkipCerts', type: 'uint64' },
  'x509ce.PrivateKeyUsagePeriod_element': { name: 'PrivateKeyUsagePeriod', type: 'none' },
  'x509ce.notBefore': { name: 'notBefore', type: 'abstime', description: 'GeneralizedTime' },
  'x509ce.notAfter': { name: 'notAfter', type: 'abstime', description: 'GeneralizedTime' },
  'x509ce.CertificateTemplate_element': { name: 'CertificateTemplate', type: 'none' },
  'x509ce.EntrustVersionInfo_element': { name: 'EntrustVersionInfo', type: 'none' },
  'x509ce.entrustVers': { name: 'entrustVers', type: 'string' },
  'x509ce.entrustVersInfoFlags': { name: 'entrustVersInfoFlags', type: 'bytes' },
  'x509ce.EntrustInfoFlags.keyUpdateAllowed': flagBit('keyUpdateAllowed', 0x80),
  'x509ce.EntrustInfoFlags.newExtensions': flagBit('newExtensions', 0x40),
  'x509ce.EntrustInfoFlags.pKIXCertificate': flagBit('pKIXCertificate', 0x20),
  'x509ce.EntrustInfoFlags.enterpriseCategory': flagBit('enterpriseCategory', 0x10),
  'x509ce.EntrustInfoFlags.webCategory': flagBit('webCategory', 0x08),
  'x509ce.EntrustInfoFlags.sETCategory': flagBit('sETCategory', 0x04),
  'x509ce.templateID': { name: 'templateID', type: 'oid' },
  'x509ce.templateMajorVersion': { name: 'templateMajorVersion', type: 'int32' },
  'x509ce.templateMinorVersion': { name: 'templateMinorVersion', type: 'int32' },

  'pkix1implicit.AuthorityInfoAccessSyntax': { name: 'AuthorityInfoAccessSyntax', type: 'uint32' },
  'pkix1implicit.AccessDescription_element': { name: 'AccessDescription', type: 'none' },
  'pkix1implicit.accessMethod': { name: 'accessMethod', type: 'oid' },
  'pkix1implicit.accessLocation': { name: 'accessLocation', type: 'uint32', description: 'GeneralName' },
  'pkix1implicit.UserNotice_element': { name: 'UserNotice', type: 'none' },
  'pkix1implicit.noticeRef_element': { name: 'noticeRef', type: 'none', description: 'NoticeReference' },
  'pkix1implicit.organization': { name: 'organization', type: 'uint32', strings: DISPLAY_TEXT },
  'pkix1implicit.noticeNumbers': { name: 'noticeNumbers', type: 'uint32' },
  'pkix1implicit.noticeNumbers_item': { name: 'noticeNumbers item', type: 'int32' },
  'pkix1implicit.explicitText': { name: 'explicitText', type: 'uint32', strings: DISPLAY_TEXT },
  'pkix1implicit.ia5String': { name: 'ia5String', type: 'string' },
  'pkix1implicit.visibleString': { name: 'visibleString', type: 'string' },
  'pkix1implicit.bmpString': { name: 'bmpString', type: 'string' },
  'pkix1implicit.utf8String': { name: 'utf8String', type: 'string' },
  'pkix1explicit.DirectoryString': { name: 'DirectoryString', type: 'string' },
  'pkix1explicit.Features': { name: 'Features', type: 'uint32' },
  'pkix1explicit.Features_item': {
    name: 'Features item',
    type: 'uint16',
    strings: { 0: 'server_name', 1: 'max_fragment_length', 5: 'status_request', 17: 'status_request_v2' },
    description: 'TLS Extension that MUST be supported by the server',
  },

  'pkixqualified.QCStatements': { name: 'QCStatements', type: 'uint32' },
  'pkixqualified.QCStatement_element': { name: 'QCStatement', type: 'none' },
  'pkixqualified.statementId': { name: 'statementId', type: 'oid' },
  'pkixqualified.SemanticsInformation_element': { name: 'SemanticsInformation', type: 'none' },
  'pkixqualified.semanticsIdentifier': { name: 'semanticsIdentifier', type: 'oid' },
  'pkixqualified.nameRegistrationAuthorities': { name: 'nameRegistrationAuthorities', type: 'uint32' },
  'pkixqualified.GeneralName': { name: 'GeneralName', type: 'uint32', strings: GENERAL_NAME },
  'pkixqualified.XmppAddr': { name: 'XmppAddr', type: 'string' },

  'ns_cert_exts.CertType': { name: 'CertType', type: 'bytes' },
  'ns.cert.exts.CertType.ssl.client': flagBit('ssl-client', 0x80),
  'ns.cert.exts.CertType.ssl.server': flagBit('ssl-server', 0x40),
  'ns.cert.exts.CertType.smime': flagBit('smime', 0x20),
  'ns.cert.exts.CertType.object.signing': flagBit('object-signing', 0x10),
  'ns.cert.exts.CertType.reserved.for.future.use': flagBit('reserved-for-future-use', 0x08),
  'ns.cert.exts.CertType.ssl.ca': flagBit('ssl-ca', 0x04),
  'ns.cert.exts.CertType.smime.ca': flagBit('smime-ca', 0x02),
  'ns.cert.exts.CertType.object.signing.ca': flagBit('object-signing-ca', 0x01),
  'ns_cert_exts.BaseUrl': { name: 'BaseUrl', type: 'string' },
  'ns_cert_exts.RevocationUrl': { name: 'RevocationUrl', type: 'string' },
  'ns_cert_exts.CaRevocationUrl': { name: 'CaRevocationUrl', type: 'string' },
  'ns_cert_exts.CertRenewalUrl': { name: 'CertRenewalUrl', type: 'string' },
  'ns_cert_exts.CaPolicyUrl': { name: 'CaPolicyUrl', type: 'string' },
  'ns_cert_exts.SslServerName': { name: 'SslServerName', type: 'string' },
  'ns_cert_exts.Comment': { name: 'Comment', type: 'string' },

  'tls.sct.scts_length': { name: 'Serialized SCT List Length', type: 'uint16' },
  'tls.sct.sct_length': { name: 'Serialized SCT Length', type: 'uint16' },
  'tls.sct.sct_version': {
    name: 'SCT Version',
    type: 'uint8',
    description: 'SCT Protocol version (v1 (0) is defined in RFC 6962)',
  },
  'tls.sct.sct_logid': { name: 'Log ID', type: 'bytes', description: "SHA-256 hash of log's public key" },
  'tls.sct.sct_timestamp': { name: 'Timestamp', type: 'abstime', description: 'Timestamp of issuance' },
  'tls.sct.sct_extensions_length': { name: 'Extensions length', type: 'uint16' },
  'tls.sct.sct_extensions': { name: 'Extensions', type: 'none' },
  'tls.sct.sct_signature_length': { name: 'Signature Length', type: 'uint16' },
  'tls.sct.sct_signature': { name: 'Signature', type: 'bytes' },
});

/** A named bit of a BIT STRING, drawn within its octet: `1... .... = digitalSignature: True`. */
function flagBit(name: string, mask: number) {
  return { name, type: 'boolean', bitmask: mask, bitWidth: 8, trueFalse: TF } as const;
}

/** Named bits of KeyUsage / ReasonFlags / Netscape CertType: [field, byte index within the bit string data]. */
const KEY_USAGE_BITS: ReadonlyArray<readonly [FieldDef, number]> = [
  [F['x509ce.KeyUsage.digitalSignature'], 0],
  [F['x509ce.KeyUsage.contentCommitment'], 0],
  [F['x509ce.KeyUsage.keyEncipherment'], 0],
  [F['x509ce.KeyUsage.dataEncipherment'], 0],
  [F['x509ce.KeyUsage.keyAgreement'], 0],
  [F['x509ce.KeyUsage.keyCertSign'], 0],
  [F['x509ce.KeyUsage.cRLSign'], 0],
  [F['x509ce.KeyUsage.encipherOnly'], 0],
  [F['x509ce.KeyUsage.decipherOnly'], 1],
];
const REASON_BITS: ReadonlyArray<readonly [FieldDef, number]> = [
  [F['x509ce.ReasonFlags.unused'], 0],
  [F['x509ce.ReasonFlags.keyCompromise'], 0],
  [F['x509ce.ReasonFlags.cACompromise'], 0],
  [F['x509ce.ReasonFlags.affiliationChanged'], 0],
  [F['x509ce.ReasonFlags.superseded'], 0],
  [F['x509ce.ReasonFlags.cessationOfOperation'], 0],
  [F['x509ce.ReasonFlags.certificateHold'], 0],
  [F['x509ce.ReasonFlags.privilegeWithdrawn'], 0],
  [F['x509ce.ReasonFlags.aACompromise'], 1],
];
const ENTRUST_INFO_BITS: ReadonlyArray<readonly [FieldDef, number]> = [
  [F['x509ce.EntrustInfoFlags.keyUpdateAllowed'], 0],
  [F['x509ce.EntrustInfoFlags.newExtensions'], 0],
  [F['x509ce.EntrustInfoFlags.pKIXCertificate'], 0],
  [F['x509ce.EntrustInfoFlags.enterpriseCategory'], 0],
  [F['x509ce.EntrustInfoFlags.webCategory'], 0],
  [F['x509ce.EntrustInfoFlags.sETCategory'], 0],
];
const NS_CERT_TYPE_BITS: ReadonlyArray<readonly [FieldDef, number]> = [
  [F['ns.cert.exts.CertType.ssl.client'], 0],
  [F['ns.cert.exts.CertType.ssl.server'], 0],
  [F['ns.cert.exts.CertType.smime'], 0],
  [F['ns.cert.exts.CertType.object.signing'], 0],
  [F['ns.cert.exts.CertType.reserved.for.future.use'], 0],
  [F['ns.cert.exts.CertType.ssl.ca'], 0],
  [F['ns.cert.exts.CertType.smime.ca'], 0],
  [F['ns.cert.exts.CertType.object.signing.ca'], 0],
];

// ---------------------------------------------------------------------------------------------------------------
// Text helpers (Wireshark's label conventions)

/** Wireshark 4.0 labels are at most 239 bytes of UTF-8. */
const MAX_LABEL_BYTES = 239;
const utf8Encoder = new TextEncoder();
const utf8Lenient = new TextDecoder('utf-8', { fatal: false });

export function clampLabel(s: string): string {
  if (s.length * 3 <= MAX_LABEL_BYTES) return s;
  if (utf8Encoder.encode(s).length <= MAX_LABEL_BYTES) return s;
  let bytes = 0;
  let out = '';
  for (const ch of s) {
    const n = utf8Encoder.encode(ch).length;
    if (bytes + n > MAX_LABEL_BYTES) {
      // Wireshark cuts the bytes, even inside a character; the partial sequence reads as U+FFFD.
      if (bytes < MAX_LABEL_BYTES) out += '\ufffd';
      break;
    }
    bytes += n;
    out += ch;
  }
  return out;
}

const C_ESCAPES: Readonly<Record<number, string>> = { 7: 'a', 8: 'b', 9: 't', 10: 'n', 11: 'v', 12: 'f', 13: 'r' };

/** Wireshark's format_text: control characters escaped C-style, C1 controls as \uXXXX. */
function formatText(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || c === 0x7f) {
      const e = C_ESCAPES[c];
      out += e !== undefined ? '\\' + e : '\\' + c.toString(8).padStart(3, '0');
    } else if (c >= 0x80 && c <= 0x9f) {
      out += '\\u' + c.toString(16).toUpperCase().padStart(4, '0');
    } else {
      out += ch;
    }
  }
  return out;
}

/** Raw octets shown as text (the distinguished-name summaries): UTF-8 where valid, escapes for controls. */
function formatRaw(b: Uint8Array): string {
  return formatText(utf8Lenient.decode(b));
}

/** Wireshark shows at most 36 bytes of a byte field, then an ellipsis. */
function bytesText(v: Uint8Array): string {
  if (v.length === 0) return '<MISSING>';
  return v.length > 36 ? hex(v.subarray(0, 36)) + '\u2026' : hex(v);
}

function items(n: number): string {
  return `${n} item${n === 1 ? '' : 's'}`;
}

function decodeAscii(b: Uint8Array): string {
  let s = '';
  for (const c of b) s += c < 0x80 ? String.fromCharCode(c) : '\ufffd';
  return s;
}

function decodeUcs2(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i + 1 < b.length; i += 2) {
    const c = (b[i]! << 8) | b[i + 1]!;
    s += c >= 0xd800 && c <= 0xdfff ? '\ufffd' : String.fromCharCode(c);
  }
  if (b.length % 2) s += '\ufffd';
  return s;
}

function decodeUcs4(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i + 3 < b.length; i += 4) {
    const c = ((b[i]! << 24) >>> 0) + ((b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!);
    s += c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff) ? '\ufffd' : String.fromCodePoint(c);
  }
  if (b.length % 4) s += '\ufffd';
  return s;
}

/** T.61 (teletex) upper half: spacing characters, and the non-spacing diacritics that prefix a letter. */
// prettier-ignore
const T61_SPACING: Readonly<Record<number, number>> = {
  0xa0: 0xa0, 0xa1: 0xa1, 0xa2: 0xa2, 0xa3: 0xa3, 0xa4: 0x24, 0xa5: 0xa5, 0xa6: 0x23, 0xa7: 0xa7, 0xa8: 0xa4,
  0xab: 0xab, 0xb0: 0xb0, 0xb1: 0xb1, 0xb2: 0xb2, 0xb3: 0xb3, 0xb4: 0xd7, 0xb5: 0xb5, 0xb6: 0xb6, 0xb7: 0xb7,
  0xb8: 0xf7, 0xbb: 0xbb, 0xbc: 0xbc, 0xbd: 0xbd, 0xbe: 0xbe, 0xbf: 0xbf, 0xe0: 0x2126, 0xe1: 0xc6, 0xe2: 0xd0,
  0xe3: 0xaa, 0xe4: 0x126, 0xe6: 0x132, 0xe7: 0x13f, 0xe8: 0x141, 0xe9: 0xd8, 0xea: 0x152, 0xeb: 0xba, 0xec: 0xde,
  0xed: 0x166, 0xee: 0x14a, 0xef: 0x149, 0xf0: 0x138, 0xf1: 0xe6, 0xf2: 0x111, 0xf3: 0xf0, 0xf4: 0x127, 0xf5: 0x131,
  0xf6: 0x133, 0xf7: 0x140, 0xf8: 0x142, 0xf9: 0xf8, 0xfa: 0x153, 0xfb: 0xdf, 0xfc: 0xfe, 0xfd: 0x167, 0xfe: 0x14b,
};
// prettier-ignore
const T61_DIACRITIC: Readonly<Record<number, number>> = {
  0xc1: 0x300, 0xc2: 0x301, 0xc3: 0x302, 0xc4: 0x303, 0xc5: 0x304, 0xc6: 0x306, 0xc7: 0x307, 0xc8: 0x308,
  0xca: 0x30a, 0xcb: 0x327, 0xcc: 0x332, 0xcd: 0x30b, 0xce: 0x328, 0xcf: 0x30c,
};

function decodeT61(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c < 0xa0) {
      // ASCII, and C1 controls (which the label then shows as \u0080…).
      s += String.fromCharCode(c);
    } else if (T61_DIACRITIC[c] !== undefined) {
      const mark = String.fromCodePoint(T61_DIACRITIC[c]);
      if (i + 1 < b.length) {
        const next = decodeT61(b.subarray(i + 1, i + 2));
        s += (next + mark).normalize('NFC');
        i++;
      } else {
        s += mark;
      }
    } else {
      const m = T61_SPACING[c];
      s += m !== undefined ? String.fromCodePoint(m) : '\ufffd';
    }
  }
  return s;
}

type StringKind = 'utf8' | 'ascii' | 'bmp' | 'universal' | 'teletex';

function decodeString(kind: StringKind, b: Uint8Array): string {
  switch (kind) {
    case 'utf8':
      return utf8Lenient.decode(b);
    case 'bmp':
      return decodeUcs2(b);
    case 'universal':
      return decodeUcs4(b);
    case 'teletex':
      return decodeT61(b);
    default:
      return decodeAscii(b);
  }
}

/** Universal string tags and how their octets decode. */
const STRING_TAGS: Readonly<Record<number, StringKind>> = {
  12: 'utf8',
  18: 'ascii',
  19: 'ascii',
  20: 'teletex',
  22: 'ascii',
  26: 'ascii',
  28: 'universal',
  30: 'bmp',
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Days since 1970-01-01 → [year, month 1..12, day]. Works for any proleptic Gregorian year. */
function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [era * 400 + yoe + (m <= 2 ? 1 : 0), m, d];
}

function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

interface AbsTime {
  /** Whole seconds since the Unix epoch (may be negative). */
  secs: number;
  nanos: number;
}

/** Wireshark's absolute-time text in UTC: `Aug 29, 2081 06:21:29.000000000 UTC`. */
function absTimeText(t: AbsTime): string {
  const days = Math.floor(t.secs / 86400);
  const sod = t.secs - days * 86400;
  const [y, m, d] = civilFromDays(days);
  const hh = Math.floor(sod / 3600);
  const mm = Math.floor((sod % 3600) / 60);
  const ss = sod % 60;
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[m - 1]} ${String(d).padStart(2, ' ')}, ${y} ${p2(hh)}:${p2(mm)}:${p2(ss)}.${String(t.nanos).padStart(9, '0')} UTC`;
}

function isoText(t: AbsTime): string {
  const days = Math.floor(t.secs / 86400);
  const sod = t.secs - days * 86400;
  const [y, m, d] = civilFromDays(days);
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${String(y).padStart(4, '0')}-${p2(m)}-${p2(d)}T${p2(Math.floor(sod / 3600))}:${p2(Math.floor((sod % 3600) / 60))}:${p2(sod % 60)}Z`;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

type UtcResult = { ok: true; text: string; time: AbsTime | undefined } | { ok: false; raw: string; error: string };

/** UTCTime as Wireshark 4.0 shows it in x509af: `2013-06-05 09:50:32 (UTC)`, `… (UTC+0100)`. */
function parseUtcTime(s: string): UtcResult {
  const len = s.length;
  if (len < 10 || len > 19)
    return { ok: false, raw: s.slice(0, 19), error: `BER Error: UTCTime invalid length: ${len}` };
  for (let k = 0; k < 10; k++) {
    if (!isDigit(s[k])) {
      return {
        ok: false,
        raw: s,
        error: 'BER Error: malformed UTCTime encoding, first 10 octets have to contain YYMMDDhhmm in digits',
      };
    }
  }
  let out = `${s.slice(0, 2)}-${s.slice(2, 4)}-${s.slice(4, 6)} ${s.slice(6, 8)}:${s.slice(8, 10)}`;
  let i = 10;
  let secs = 0;
  if (len >= 12 && isDigit(s[i])) {
    if (!isDigit(s[i + 1])) {
      return {
        ok: false,
        raw: s,
        error:
          'BER Error: malformed UTCTime encoding, if 11th octet is a digit for seconds, the 12th octet has to be a digit, too',
      };
    }
    out += ':' + s.slice(10, 12);
    secs = Number(s.slice(10, 12));
    i = 12;
  }
  let offsetMinutes = 0;
  const c = s[i];
  if (c === 'Z') {
    if (len !== i + 1) {
      return {
        ok: false,
        raw: s,
        error: "BER Error: malformed UTCTime encoding, there must be no further octets after 'Z'",
      };
    }
    out += ' (UTC)';
  } else if (c === '+' || c === '-') {
    const tz = s.slice(i + 1, i + 5);
    if (tz.length !== 4 || ![...tz].every(isDigit)) {
      return {
        ok: false,
        raw: s,
        error: "BER Error: malformed UTCTime encoding, 4 digits must follow on '+' resp. '-'",
      };
    }
    if (len !== i + 5) {
      const extra = len - (i + 5);
      return {
        ok: false,
        raw: s,
        error: `BER Error: malformed UTCTime encoding, ${extra} unexpected character${extra > 1 ? 's' : ''} after ${i + 5}th octet`,
      };
    }
    out += ` (UTC${c}${tz})`;
    offsetMinutes = (c === '+' ? 1 : -1) * (Number(tz.slice(0, 2)) * 60 + Number(tz.slice(2, 4)));
  } else {
    return {
      ok: false,
      raw: s,
      error: `BER Error: malformed UTCTime encoding, unexpected character in ${i + 1}th octet, must be 'Z', '+' or '-'`,
    };
  }
  // RFC 5280: two-digit years 50..99 are 19xx, 00..49 are 20xx.
  const century = s[0]! < '5' ? '20' : '19';
  const year = Number(century + s.slice(0, 2));
  const month = Number(s.slice(2, 4));
  const day = Number(s.slice(4, 6));
  const valid = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
  const time = valid
    ? {
        secs:
          daysFromCivil(year, month, day) * 86400 +
          Number(s.slice(6, 8)) * 3600 +
          Number(s.slice(8, 10)) * 60 +
          secs -
          offsetMinutes * 60,
        nanos: 0,
      }
    : undefined;
  return { ok: true, text: century + out, time };
}

type GenResult = { ok: true; time: AbsTime } | { ok: false; lengthError: boolean; error: string };

/** GeneralizedTime: YYYYMMDDhh[mm[ss[.fff]]][Z|±hh[mm]], converted to UTC. */
function parseGeneralizedTime(s: string): GenResult {
  if (s.length < 12 || s.length > 29) {
    return { ok: false, lengthError: true, error: `BER Error: GeneralizedTime invalid length: ${s.length}` };
  }
  const bad: GenResult = { ok: false, lengthError: false, error: `BER Error: GeneralizedTime invalid format: ${s}` };
  for (let k = 0; k < 12; k++) if (!isDigit(s[k])) return bad;
  const year = Number(s.slice(0, 4));
  const month = Number(s.slice(4, 6));
  const day = Number(s.slice(6, 8));
  const hour = Number(s.slice(8, 10));
  const minute = Number(s.slice(10, 12));
  let i = 12;
  let second = 0;
  let nanos = 0;
  let digits = '';
  while (digits.length < 2 && isDigit(s[i])) digits += s[i++];
  if (digits) {
    second = Number(digits);
    if (digits.length === 2 && (s[i] === '.' || s[i] === ',')) {
      i++;
      let frac = '';
      while (isDigit(s[i])) frac += s[i++];
      // More than nine fraction digits do not fit Wireshark's nanoseconds and read as zero.
      nanos = frac.length > 9 ? 0 : Number((frac + '000000000').slice(0, 9));
    }
  } else if (s[i] === '.' || s[i] === ',') {
    // A fraction without seconds is ignored.
    i++;
    while (isDigit(s[i])) i++;
  }
  let offsetMinutes = 0;
  if (s[i] === '+' || s[i] === '-') {
    const sign = s[i] === '+' ? 1 : -1;
    const hh = s.slice(i + 1, i + 3);
    const mm = isDigit(s[i + 3]) && isDigit(s[i + 4]) ? s.slice(i + 3, i + 5) : '00';
    if (!isDigit(hh[0]) || !isDigit(hh[1])) return bad;
    offsetMinutes = sign * (Number(hh) * 60 + Number(mm));
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return bad;
  if (hour > 23 || minute > 59 || second > 60) return bad;
  const secs = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60;
  return { ok: true, time: { secs, nanos } };
}

function ipv6Text(b: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((b[i]! << 8) | b[i + 1]!);
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const h = (g: number[]) => g.map((x) => x.toString(16)).join(':');
  // IPv4-compatible and IPv4-mapped addresses end in dotted quad form.
  if (bestStart === 0 && (bestLen === 6 || (bestLen === 5 && groups[5] === 0xffff))) {
    const v4 = `${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
    return bestLen === 6 ? `::${v4}` : `::ffff:${v4}`;
  }
  if (bestLen < 2) return h(groups);
  return `${h(groups.slice(0, bestStart))}::${h(groups.slice(bestStart + bestLen))}`;
}

// ---------------------------------------------------------------------------------------------------------------
// DER reading (identifier and length octets via asn1js)

export interface Tlv {
  /** Tag class in Wireshark's numbering: 0 universal, 1 application, 2 context, 3 private. */
  readonly cls: number;
  readonly constructed: boolean;
  readonly tag: number;
  /** Offset of the identifier octet in the packet buffer. */
  readonly start: number;
  /** Identifier plus length octets. */
  readonly hdr: number;
  /** Content length. */
  readonly len: number;
}

export const cStart = (t: Tlv): number => t.start + t.hdr;
export const tEnd = (t: Tlv): number => t.start + t.hdr + t.len;
export const total = (t: Tlv): number => t.hdr + t.len;

const UNIVERSAL = 0;
const CONTEXT = 2;
const CLASS_NAMES = ['UNIVERSAL', 'APPLICATION', 'CONTEXT', 'PRIVATE'];

const U_BOOLEAN = 1;
const U_INTEGER = 2;
const U_BIT_STRING = 3;
const U_OCTET_STRING = 4;
const U_NULL = 5;
const U_OID = 6;
const U_SEQUENCE = 16;
const U_SET = 17;
const U_UTC_TIME = 23;
const U_GENERALIZED_TIME = 24;

/** One asn1js block whose identifier and length parsers are reused for every header (they keep no other state). */
const header = new BaseBlock();

/** Reads one TLV at `off` that must end by `end`; returns an error message instead when it cannot. */
export function readTlv(b: Uint8Array, off: number, end: number): Tlv | string {
  if (off >= end) return 'BER Error: Empty field';
  const { idBlock, lenBlock } = header;
  idBlock.error = '';
  idBlock.warnings.length = 0;
  idBlock.tagNumber = -1;
  lenBlock.error = '';
  lenBlock.warnings.length = 0;
  const afterId = idBlock.fromBER(b, off, end - off);
  if (afterId < 0) return `BER Error: ${idBlock.error || 'bad identifier octets'}`;
  if (afterId >= end) return `BER Error: length octets missing at offset ${afterId}`;
  const afterLen = lenBlock.fromBER(b, afterId, end - afterId);
  if (afterLen < 0) return `BER Error: ${lenBlock.error || 'bad length octets'}`;
  if (lenBlock.isIndefiniteForm) return 'BER Error: indefinite length is not allowed in DER';
  const len = lenBlock.length;
  if (afterLen + len > end) {
    return `BER Error: length:${len} longer than tvb_reported_length_remaining:${end - afterLen}`;
  }
  return {
    cls: idBlock.tagClass - 1,
    constructed: idBlock.isConstructed,
    tag: idBlock.tagNumber,
    start: off,
    hdr: afterLen - off,
    len,
  };
}

/** The TLVs inside [from, to), stopping at the first that cannot be read. */
function readAll(b: Uint8Array, from: number, to: number): { list: Tlv[]; error?: string; errorAt: number } {
  const list: Tlv[] = [];
  let off = from;
  while (off < to) {
    const t = readTlv(b, off, to);
    if (typeof t === 'string') return { list, error: t, errorAt: off };
    list.push(t);
    off = tEnd(t);
  }
  return { list, errorAt: off };
}

export function isU(t: Tlv, tag: number): boolean {
  return t.cls === UNIVERSAL && t.tag === tag;
}

export function isCtx(t: Tlv, tag: number): boolean {
  return t.cls === CONTEXT && t.tag === tag;
}

export function unexpected(t: Tlv): string {
  return `class:${CLASS_NAMES[t.cls]}(${t.cls}) ${t.constructed ? 'Constructed' : 'Primitive'} tag:${t.tag} was unexpected`;
}

function decodeOid(c: Uint8Array): string | undefined {
  if (c.length === 0) return undefined;
  const arcs: bigint[] = [];
  let v = 0n;
  let pending = false;
  for (const byte of c) {
    v = (v << 7n) | BigInt(byte & 0x7f);
    pending = true;
    if (!(byte & 0x80)) {
      arcs.push(v);
      v = 0n;
      pending = false;
    }
  }
  if (pending) return undefined;
  const first = arcs[0]!;
  const head = first < 40n ? [0n, first] : first < 80n ? [1n, first - 40n] : [2n, first - 80n];
  return [...head, ...arcs.slice(1)].map(String).join('.');
}

function signedInt(c: Uint8Array): bigint {
  if (c.length === 0) return 0n;
  let v = 0n;
  for (const byte of c) v = (v << 8n) | BigInt(byte);
  if (c[0]! & 0x80) v -= 1n << BigInt(8 * c.length);
  return v;
}

function smallest(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

function bitLength(c: Uint8Array): number {
  let i = 0;
  while (i < c.length && c[i] === 0) i++;
  if (i === c.length) return 0;
  return (c.length - i - 1) * 8 + (32 - Math.clz32(c[i]!));
}

// ---------------------------------------------------------------------------------------------------------------
// The dissector

/** Facts gathered while dissecting, for the certificate summary. */
interface Facts {
  subject?: string;
  issuer?: string;
  notBefore?: AbsTime;
  notAfter?: AbsTime;
  spkiAlgorithm?: string;
  ecCurve?: string;
  keyBits?: number;
  sans: string[];
}

const NOT_IMPLEMENTED =
  'BER: Dissector for OID not implemented. Contact Wireshark developers if you want this supported';

/** How the value of each directory attribute type is decoded (Wireshark's registrations). */
// prettier-ignore
type AttrSyntax = 'DirectoryString' | 'PrintableString' | 'CountryName' | 'TelephoneNumber' | 'DestinationIndicator'
  | 'IA5String' | 'Userid';

// prettier-ignore
const ATTRIBUTE_SYNTAX = new Map<string, AttrSyntax>([
  ...['2', '3', '4', '7', '8', '9', '10', '11', '12', '13', '15', '17', '18', '19', '41', '42', '43', '44', '51', '54', '65']
    .map((n): [string, AttrSyntax] => [`2.5.4.${n}`, 'DirectoryString']),
  ['1.2.840.113549.1.9.7', 'DirectoryString'],
  ['1.2.840.113549.1.9.8', 'DirectoryString'],
  ['1.2.840.113549.1.9.13', 'DirectoryString'],
  ['1.3.6.1.4.1.311.60.2.1.1', 'DirectoryString'],
  ['1.3.6.1.4.1.311.60.2.1.2', 'DirectoryString'],
  ['1.3.6.1.5.5.7.9.2', 'DirectoryString'],
  ['2.5.4.5', 'PrintableString'],
  ['2.5.4.46', 'PrintableString'],
  ['1.3.6.1.5.5.7.9.3', 'PrintableString'],
  ['1.3.6.1.5.5.7.9.4', 'PrintableString'],
  ['1.3.6.1.5.5.7.9.5', 'PrintableString'],
  ['2.5.4.6', 'CountryName'],
  ['1.3.6.1.4.1.311.60.2.1.3', 'CountryName'],
  ['2.5.4.20', 'TelephoneNumber'],
  ['2.5.4.27', 'DestinationIndicator'],
  ['1.2.840.113549.1.9.1', 'IA5String'],
  ['0.9.2342.19200300.100.1.25', 'IA5String'],
  ['0.9.2342.19200300.100.1.1', 'Userid'],
]);

const DIRECTORY_STRING_TAGS: Readonly<Record<number, [number, FieldDef]>> = {
  20: [0, F['x509sat.teletexString']],
  19: [1, F['x509sat.printableString']],
  28: [2, F['x509sat.universalString']],
  30: [3, F['x509sat.bmpString']],
  12: [4, F['x509sat.uTF8String']],
};

const DISPLAY_TEXT_TAGS: Readonly<Record<number, [number, FieldDef]>> = {
  22: [0, F['pkix1implicit.ia5String']],
  26: [1, F['pkix1implicit.visibleString']],
  30: [2, F['pkix1implicit.bmpString']],
  12: [3, F['pkix1implicit.utf8String']],
};

const NS_STRING_EXTENSIONS = new Map<string, FieldDef>([
  ['2.16.840.1.113730.1.2', F['ns_cert_exts.BaseUrl']],
  ['2.16.840.1.113730.1.3', F['ns_cert_exts.RevocationUrl']],
  ['2.16.840.1.113730.1.4', F['ns_cert_exts.CaRevocationUrl']],
  ['2.16.840.1.113730.1.7', F['ns_cert_exts.CertRenewalUrl']],
  ['2.16.840.1.113730.1.8', F['ns_cert_exts.CaPolicyUrl']],
  ['2.16.840.1.113730.1.12', F['ns_cert_exts.SslServerName']],
  ['2.16.840.1.113730.1.13', F['ns_cert_exts.Comment']],
]);

/** The DER walker of X.509; protocols carrying X.509 structures (OCSP) extend it. */
export class X509 {
  readonly facts: Facts = { sans: [] };

  constructor(
    protected readonly tree: FieldTree,
    protected readonly b: Uint8Array,
    /** Where the protocols decoding values by OID are listed, in order (the packet's frame.protocols). */
    protected readonly layers: string[] = [],
  ) {}

  protected layer(proto: string | undefined): void {
    if (proto !== undefined) this.layers.push(proto);
  }

  // -- node helpers -------------------------------------------------------------------------------------------

  protected add(
    parent: FieldNode,
    def: FieldDef,
    off: number,
    len: number,
    value: FieldValue,
    label?: string,
  ): FieldNode {
    return this.tree.add(parent, def, off, len, value, { label: clampLabel(label ?? fieldLabel(def, value)) });
  }

  protected text(parent: FieldNode, off: number, len: number, label: string): FieldNode {
    return this.tree.text(parent, off, len, clampLabel(label));
  }

  protected content(t: Tlv): Uint8Array {
    return this.b.subarray(cStart(t), tEnd(t));
  }

  /** The children of a constructed TLV; a text node and a truncated list when one cannot be read. */
  protected kids(parent: FieldNode, t: Tlv): Tlv[] {
    const r = readAll(this.b, cStart(t), tEnd(t));
    if (r.error) this.text(parent, r.errorAt, tEnd(t) - r.errorAt, r.error);
    return r.list;
  }

  /** A byte field with a Wireshark-style label (at most 36 bytes shown). */
  protected bytes(parent: FieldNode, def: FieldDef, off: number, len: number, prefix = ''): FieldNode {
    const v = this.b.slice(off, off + len);
    const shown = v.length === 0 ? '<MISSING>' : prefix + bytesText(v);
    return this.add(parent, def, off, len, v, `${def.name}: ${shown}`);
  }

  protected oidField(parent: FieldNode, def: FieldDef, t: Tlv): string | undefined {
    if (!isU(t, U_OID) && !(t.cls !== UNIVERSAL && !t.constructed)) {
      this.berError(parent, t, `Object Identifier expected but ${unexpected(t)}`);
      return undefined;
    }
    return this.oidContent(parent, def, cStart(t), t.len);
  }

  protected oidContent(parent: FieldNode, def: FieldDef, off: number, len: number): string | undefined {
    const oid = decodeOid(this.b.subarray(off, off + len));
    if (oid === undefined) {
      this.text(parent, off, len, 'BER Error: malformed object identifier');
      return undefined;
    }
    this.add(parent, def, off, len, oid, `${def.name}: ${oid} (${oidResolved(oid)})`);
    return oid;
  }

  protected seqOf(parent: FieldNode, def: FieldDef, t: Tlv, count: number, suffix = ''): FieldNode {
    return this.add(parent, def, cStart(t), t.len, count, `${def.name}: ${items(count)}${suffix}`);
  }

  /** A SEQUENCE item over the whole TLV (or its content when implicitly tagged). */
  protected seq(parent: FieldNode, def: FieldDef, t: Tlv, implicit = false): FieldNode {
    const node = implicit
      ? this.add(parent, def, cStart(t), t.len, undefined)
      : this.add(parent, def, t.start, total(t), undefined);
    if (t.len === 0) node.label = clampLabel(node.label + ' [0 length]');
    return node;
  }

  /**
   * A SEQUENCE item; like Wireshark, the item is added before the tag is checked, and a wrong tag leaves the
   * error under it and returns undefined.
   */
  protected seqItem(parent: FieldNode, def: FieldDef, t: Tlv): FieldNode | undefined {
    const node = this.seq(parent, def, t);
    if (t.constructed && (isU(t, U_SEQUENCE) || t.cls === 1 || t.cls === 3)) return node;
    node.label = def.name;
    this.berError(node, t, `Sequence expected but ${unexpected(t)}`);
    return undefined;
  }

  /** Wireshark's error for an element after the last one a SEQUENCE defines. */
  protected beyond(parent: FieldNode, t: Tlv): void {
    this.text(parent, t.start, total(t), 'BER Error: This field lies beyond the end of the known sequence definition.');
  }

  /** A `BER Error: <type> expected but …` text; Wireshark 4.0 puts it on the identifier octet. */
  protected berError(parent: FieldNode, t: Tlv, message: string): void {
    this.text(parent, t.start, 1, `BER Error: ${message}`);
  }

  protected expectSeqOf(parent: FieldNode, t: Tlv, tag = U_SEQUENCE): boolean {
    if (t.constructed && isU(t, tag)) return true;
    // Wireshark 4.0 names the other kind in this message.
    const what = tag === U_SEQUENCE ? 'SET OF' : 'SEQUENCE OF';
    this.berError(parent, t, `${what} expected but ${unexpected(t)}`);
    return false;
  }

  protected int(parent: FieldNode, def: FieldDef, t: Tlv): void {
    if (t.len === 0) {
      this.text(parent, cStart(t), 0, 'BER Error: integer of zero length');
      return;
    }
    const content = this.content(t);
    if (content.length > 8) {
      // Wider than Wireshark's integers: shown as its octets (at most 36), with no value for -T fields.
      const shown = `0x${hex(content.subarray(0, 36))}${content.length > 36 ? '…' : ''}`;
      this.add(parent, def, cStart(t), t.len, undefined, `${def.name}: ${shown}`);
      return;
    }
    this.add(parent, def, cStart(t), t.len, smallest(signedInt(content)));
  }

  protected bool(parent: FieldNode, def: FieldDef, t: Tlv): void {
    if (!isU(t, U_BOOLEAN) && t.cls === UNIVERSAL) {
      this.berError(parent, t, `Boolean expected but ${unexpected(t)}`);
      return;
    }
    const v = t.len > 0 && this.b[cStart(t)] !== 0;
    this.add(parent, def, cStart(t), t.len, v);
  }

  /** A restricted character string as a plain field (content range). */
  protected str(parent: FieldNode, def: FieldDef, t: Tlv, kind?: StringKind): string {
    const k = kind ?? STRING_TAGS[t.tag] ?? 'ascii';
    const s = decodeString(k, this.content(t));
    this.add(parent, def, cStart(t), t.len, s, `${def.name}: ${formatText(s)}`);
    return s;
  }

  /** A string of one fixed universal type; Wireshark's error when the tag differs. */
  protected typedStr(parent: FieldNode, def: FieldDef, t: Tlv, tag: number): string | undefined {
    if (!(t.cls === UNIVERSAL && t.tag === tag) && t.cls === UNIVERSAL) {
      this.berError(parent, t, `String with tag=${tag} expected but ${unexpected(t)}`);
      return undefined;
    }
    return this.str(parent, def, t, STRING_TAGS[tag]);
  }

  /** Padding octet and bit-string data; returns the data range. */
  protected bitString(parent: FieldNode, t: Tlv, showPadding = true): { off: number; len: number } | undefined {
    if (t.len === 0) {
      this.text(parent, cStart(t), 0, 'BER Error: malformed Bitstring encoding');
      return undefined;
    }
    if (showPadding) this.add(parent, F['ber.bitstring.padding'], cStart(t), 1, this.b[cStart(t)]!);
    return { off: cStart(t) + 1, len: t.len - 1 };
  }

  protected namedBits(
    parent: FieldNode,
    def: FieldDef,
    t: Tlv,
    bits: ReadonlyArray<readonly [FieldDef, number]>,
  ): Uint8Array | undefined {
    if (!(t.cls !== UNIVERSAL || isU(t, U_BIT_STRING))) {
      this.berError(parent, t, `BitString expected but ${unexpected(t)}`);
      return undefined;
    }
    const data = this.bitString(parent, t);
    if (!data) return undefined;
    const node = this.bytes(parent, def, data.off, data.len);
    const v = this.b.subarray(data.off, data.off + data.len);
    if (data.len > 0) {
      for (const [bit, index] of bits) {
        const byte = v[index] ?? 0;
        // A bit in an octet the string does not carry is drawn on the last octet present.
        this.add(node, bit, data.off + Math.min(index, data.len - 1), 1, (byte & bit.bitmask!) !== 0);
      }
    }
    return v;
  }

  protected notImplemented(parent: FieldNode, off: number, len: number): void {
    this.text(parent, off, len, NOT_IMPLEMENTED);
  }

  /** A value under an OID this dissector does not decode. */
  protected undecoded(parent: FieldNode, oid: string, off: number, len: number): void {
    if (isBerRegistered(oid)) this.text(parent, off, len, `[${oidResolved(oid)}: value not decoded]`);
    else this.notImplemented(parent, off, len);
  }

  // -- Certificate ----------------------------------------------------------------------------------------------

  certificate(parent: FieldNode, offset: number, length: number): void {
    const end = offset + length;
    const outer = readTlv(this.b, offset, end);
    if (typeof outer === 'string') {
      this.text(parent, offset, length, `Malformed certificate: ${outer}`);
      return;
    }
    if (!isU(outer, U_SEQUENCE) || !outer.constructed) {
      this.text(parent, offset, length, `Malformed certificate: Sequence expected but ${unexpected(outer)}`);
      return;
    }
    const parts = this.kids(parent, outer);
    const [tbs, alg, sig] = parts;
    if (tbs) this.tbsCertificate(parent, tbs);
    if (alg) this.algorithmIdentifier(parent, F['x509af.algorithmIdentifier_element'], alg);
    if (sig) {
      if (isU(sig, U_BIT_STRING)) {
        const data = this.bitString(parent, sig);
        if (data) this.bytes(parent, F['x509af.encrypted'], data.off, data.len);
      } else {
        this.berError(parent, sig, `BitString expected but ${unexpected(sig)}`);
      }
    }
    if (parts.length < 3 && tEnd(outer) === end) {
      this.text(parent, tEnd(outer), 0, 'Malformed certificate: missing fields');
    }
    if (tEnd(outer) < end) this.text(parent, tEnd(outer), end - tEnd(outer), 'Trailing data after the certificate');
  }

  protected tbsCertificate(parent: FieldNode, t: Tlv): void {
    const node = this.seqItem(parent, F['x509af.signedCertificate_element'], t);
    if (!node) return;
    const list = this.kids(node, t);
    let i = 0;
    const next = (): Tlv | undefined => list[i];
    let k = next();
    if (k && isCtx(k, 0) && k.constructed) {
      const inner = this.kids(node, k)[0];
      if (inner) this.int(node, F['x509af.version'], inner);
      i++;
    }
    k = next();
    if (k) {
      this.bytes(node, F['x509af.serialNumber'], cStart(k), k.len, '0x');
      i++;
    }
    k = next();
    if (k) {
      this.algorithmIdentifier(node, F['x509af.signature_element'], k);
      i++;
    }
    k = next();
    if (k) {
      this.facts.issuer = this.name(node, F['x509af.issuer'], F['x509if.rdnSequence'], k);
      i++;
    }
    k = next();
    if (k) {
      this.validity(node, k);
      i++;
    }
    k = next();
    if (k) {
      this.facts.subject = this.name(node, F['x509af.subject'], F['x509af.rdnSequence'], k);
      i++;
    }
    k = next();
    if (k) {
      this.subjectPublicKeyInfo(node, k);
      i++;
    }
    for (; i < list.length; i++) {
      const f = list[i]!;
      if (isCtx(f, 1) || isCtx(f, 2)) {
        const def = f.tag === 1 ? F['x509af.issuerUniqueIdentifier'] : F['x509af.subjectUniqueIdentifier'];
        const data = this.bitString(node, f);
        if (data) this.bytes(node, def, data.off, data.len);
      } else if (isCtx(f, 3) && f.constructed) {
        const inner = this.kids(node, f)[0];
        if (inner) this.extensions(node, inner);
      } else {
        this.beyond(node, f);
      }
    }
  }

  protected algorithmIdentifier(parent: FieldNode, def: FieldDef, t: Tlv): string | undefined {
    const node = this.seqItem(parent, def, t);
    if (!node) return undefined;
    const [algTlv, params] = this.kids(node, t);
    if (!algTlv) return undefined;
    const oid = this.oidField(node, F['x509af.algorithm.id'], algTlv);
    if (oid === undefined) return undefined;
    node.label = clampLabel(`${node.label} (${oidResolved(oid)})`);
    if (params) this.algorithmParameters(node, oid, params);
    return oid;
  }

  protected algorithmParameters(parent: FieldNode, oid: string, t: Tlv): void {
    if (!isU(t, U_NULL)) this.layer(parametersLayer(oid));
    switch (oid) {
      case '1.2.840.10045.2.1':
        this.ecParameters(parent, t);
        return;
      case '1.2.840.10040.4.1':
        this.dssParams(parent, t);
        return;
      case '1.2.840.113549.1.1.10':
        this.pssParams(parent, t);
        return;
      case '1.2.840.113549.1.1.8':
        this.algorithmIdentifier(parent, F['pkcs1.HashAlgorithm_element'], t);
        return;
      default:
        // Wireshark passes a NULL silently to any other algorithm.
        if (!isU(t, U_NULL)) this.undecoded(parent, oid, t.start, total(t));
    }
  }

  protected ecParameters(parent: FieldNode, t: Tlv): void {
    const def = F['pkcs1.ECParameters'];
    if (isU(t, U_OID)) {
      const node = this.add(parent, def, t.start, total(t), 1);
      const curve = this.oidField(node, F['pkcs1.namedCurve'], t);
      if (curve) this.facts.ecCurve = curve;
    } else if (isU(t, U_SEQUENCE) && t.constructed) {
      const node = this.add(parent, def, t.start, total(t), 0);
      this.specifiedCurve(node, t);
    }
    // Anything else (a NULL included) matches no alternative Wireshark knows: nothing is shown.
  }

  protected specifiedCurve(parent: FieldNode, t: Tlv): void {
    const node = this.seq(parent, F['pkcs1.specifiedCurve_element'], t);
    const [version, fieldId, curve, base, order, cofactor] = this.kids(node, t);
    if (version) this.int(node, F['pkcs1.version'], version);
    const f = fieldId && this.seqItem(node, F['pkcs1.fieldID_element'], fieldId);
    if (fieldId && f) {
      const [type, prime] = this.kids(f, fieldId);
      if (type) this.oidField(f, F['pkcs1.fieldType'], type);
      if (prime) this.int(f, F['pkcs1.Prime_p'], prime);
    }
    const c = curve && this.seqItem(node, F['pkcs1.curve_element'], curve);
    if (curve && c) {
      const [a, bb, seed] = this.kids(c, curve);
      if (a) this.bytes(c, F['pkcs1.a'], cStart(a), a.len);
      if (bb) this.bytes(c, F['pkcs1.b'], cStart(bb), bb.len);
      if (seed) {
        const data = this.bitString(c, seed);
        if (data) this.bytes(c, F['pkcs1.seed'], data.off, data.len);
      }
    }
    if (base) this.bytes(node, F['pkcs1.base'], cStart(base), base.len);
    if (order) this.int(node, F['pkcs1.order'], order);
    if (cofactor) this.int(node, F['pkcs1.cofactor'], cofactor);
  }

  protected dssParams(parent: FieldNode, t: Tlv): void {
    const node = this.seqItem(parent, F['x509af.DSS_Params_element'], t);
    if (!node) return;
    const [p, q, g] = this.kids(node, t);
    if (p) {
      this.bytes(node, F['x509af.p'], cStart(p), p.len, '0x');
      this.facts.keyBits = bitLength(this.content(p));
    }
    if (q) this.bytes(node, F['x509af.q'], cStart(q), q.len, '0x');
    if (g) this.bytes(node, F['x509af.g'], cStart(g), g.len, '0x');
  }

  protected pssParams(parent: FieldNode, t: Tlv): void {
    const node = this.seqItem(parent, F['pkcs1.RSASSA_PSS_params_element'], t);
    if (!node) return;
    for (const f of this.kids(node, t)) {
      const inner = f.constructed ? readTlv(this.b, cStart(f), tEnd(f)) : undefined;
      if (isCtx(f, 0) && inner && typeof inner !== 'string') {
        this.algorithmIdentifier(node, F['pkcs1.hashAlgorithm_element'], inner);
      } else if (isCtx(f, 1) && inner && typeof inner !== 'string') {
        this.algorithmIdentifier(node, F['pkcs1.maskGenAlgorithm_element'], inner);
      } else if (isCtx(f, 2) && inner && typeof inner !== 'string') {
        this.int(node, F['pkcs1.saltLength'], inner);
      } else if (isCtx(f, 3) && inner && typeof inner !== 'string') {
        this.int(node, F['pkcs1.trailerField'], inner);
      } else {
        this.beyond(node, f);
      }
    }
  }

  // -- Names ----------------------------------------------------------------------------------------------------

  /** Name ::= CHOICE { rdnSequence }; returns Wireshark's one-line form of the name. */
  protected name(parent: FieldNode, choiceDef: FieldDef, seqDef: FieldDef, t: Tlv): string | undefined {
    if (!(isU(t, U_SEQUENCE) && t.constructed)) {
      // No alternative matches: Wireshark shows nothing for the CHOICE.
      return undefined;
    }
    const choice = this.add(parent, choiceDef, t.start, total(t), 0);
    return this.rdnSequence(choice, seqDef, t);
  }

  protected rdnSequence(parent: FieldNode, def: FieldDef, t: Tlv): string {
    const rdns = this.kids(parent, t);
    const node = this.seqOf(parent, def, t, rdns.length);
    const parts: string[] = [];
    for (const rdn of rdns) {
      if (!this.expectSeqOf(node, rdn, U_SET)) continue;
      const avas = this.kids(node, rdn);
      const item = this.add(node, F['x509if.RDNSequence_item'], cStart(rdn), rdn.len, avas.length);
      const texts: string[] = [];
      for (const ava of avas) {
        const s = this.attributeTypeAndValue(item, ava);
        if (s !== undefined) texts.push(s);
      }
      const joined = texts.join('+');
      item.label = clampLabel(
        `${F['x509if.RDNSequence_item'].name}: ${items(avas.length)}${avas.length ? ` (${joined})` : ''}`,
      );
      parts.unshift(joined);
    }
    const summary = parts.join(',');
    if (rdns.length) node.label = clampLabel(`${node.label} (${summary})`);
    return summary;
  }

  protected attributeTypeAndValue(parent: FieldNode, t: Tlv): string | undefined {
    const node = this.seqItem(parent, F['x509if.RelativeDistinguishedName_item_element'], t);
    if (!node) return undefined;
    const [typeTlv, value] = this.kids(node, t);
    if (!typeTlv) return undefined;
    const oid = this.oidField(node, F['x509if.oid'], typeTlv);
    if (oid === undefined) return undefined;
    // The summary shows a primitive value's octets as text; a constructed value shows nothing.
    const raw = value && !value.constructed ? formatRaw(this.content(value)) : '';
    const text = `${oidResolved(oid)}=${raw}`;
    node.label = clampLabel(`${node.label} (${text})`);
    if (value) this.attributeValue(node, oid, value);
    return text;
  }

  protected attributeValue(parent: FieldNode, oid: string, t: Tlv): void {
    if (ATTRIBUTE_SYNTAX.has(oid)) this.layer(ATTRIBUTE_LAYER);
    switch (ATTRIBUTE_SYNTAX.get(oid)) {
      case 'DirectoryString':
        this.directoryString(parent, t);
        return;
      case 'PrintableString':
        this.typedStr(parent, F['x509sat.PrintableString'], t, 19);
        return;
      case 'CountryName':
        this.typedStr(parent, F['x509sat.CountryName'], t, 19);
        return;
      case 'TelephoneNumber':
        this.typedStr(parent, F['x509sat.TelephoneNumber'], t, 19);
        return;
      case 'DestinationIndicator':
        this.typedStr(parent, F['x509sat.DestinationIndicator'], t, 19);
        return;
      case 'IA5String':
        this.typedStr(parent, F['x509sat.IA5String'], t, 22);
        return;
      case 'Userid':
        this.typedStr(parent, F['x509af.Userid'], t, 12);
        return;
      default:
        this.undecoded(parent, oid, t.start, total(t));
    }
  }

  protected directoryString(parent: FieldNode, t: Tlv): void {
    const alt = t.cls === UNIVERSAL && !t.constructed ? DIRECTORY_STRING_TAGS[t.tag] : undefined;
    if (!alt) {
      // No alternative matches: Wireshark then reports the attribute as undecoded.
      this.notImplemented(parent, t.start, total(t));
      return;
    }
    const node = this.add(parent, F['x509sat.DirectoryString'], t.start, total(t), alt[0]);
    this.str(node, alt[1], t);
  }

  // -- Validity -------------------------------------------------------------------------------------------------

  protected validity(parent: FieldNode, t: Tlv): void {
    const node = this.seqItem(parent, F['x509af.validity_element'], t);
    if (!node) return;
    const [nb, na] = this.kids(node, t);
    if (nb) this.facts.notBefore = this.time(node, F['x509af.notBefore'], nb);
    if (na) this.facts.notAfter = this.time(node, F['x509af.notAfter'], na);
  }

  protected time(parent: FieldNode, def: FieldDef, t: Tlv): AbsTime | undefined {
    const s = decodeAscii(this.content(t));
    if (isU(t, U_UTC_TIME)) {
      const choice = this.add(parent, def, t.start, total(t), 0);
      const r = parseUtcTime(s);
      if (r.ok) {
        this.add(choice, F['x509af.utcTime'], cStart(t), t.len, r.text);
        return r.time;
      }
      const node = this.add(choice, F['x509af.utcTime'], cStart(t), t.len, r.raw, `utcTime: ${formatText(r.raw)}`);
      this.text(node, cStart(t), t.len, r.error);
      return undefined;
    }
    if (isU(t, U_GENERALIZED_TIME)) {
      const choice = this.add(parent, def, t.start, total(t), 1);
      return this.generalizedTime(choice, F['x509af.generalizedTime'], t);
    }
    // No alternative matches: Wireshark shows nothing for the CHOICE.
    return undefined;
  }

  protected generalizedTime(parent: FieldNode, def: FieldDef, t: Tlv): AbsTime | undefined {
    const r = parseGeneralizedTime(decodeAscii(this.content(t)));
    if (!r.ok) {
      if (r.lengthError) this.text(parent, t.start + 1, 1, r.error);
      else this.text(parent, cStart(t), t.len, r.error);
      return undefined;
    }
    const text = absTimeText(r.time);
    this.add(parent, def, cStart(t), t.len, text, `${def.name}: ${text}`);
    return r.time;
  }

  // -- SubjectPublicKeyInfo -------------------------------------------------------------------------------------

  protected subjectPublicKeyInfo(parent: FieldNode, t: Tlv): void {
    const node = this.seqItem(parent, F['x509af.subjectPublicKeyInfo_element'], t);
    if (!node) return;
    const [alg, key] = this.kids(node, t);
    const oid = alg ? this.algorithmIdentifier(node, F['x509af.algorithm_element'], alg) : undefined;
    if (oid) this.facts.spkiAlgorithm = oid;
    if (!key) return;
    if (!isU(key, U_BIT_STRING)) {
      this.berError(node, key, `BitString expected but ${unexpected(key)}`);
      return;
    }
    const rsa = oid === '1.2.840.113549.1.1.1';
    const data = this.bitString(node, key, !rsa);
    if (!data) return;
    const keyNode = this.bytes(node, F['x509af.subjectPublicKey'], data.off, data.len);
    if (rsa) this.rsaPublicKey(keyNode, data.off, data.len);
    else if (oid === '1.2.840.113549.1.1.10') this.facts.keyBits = this.rsaModulusBits(data.off, data.len);
    else if (oid === '1.2.840.10040.4.1' && data.len > 0) this.dsaPublicKey(data.off, data.len);
  }

  protected rsaPublicKey(parent: FieldNode, off: number, len: number): void {
    const seq = readTlv(this.b, off, off + len);
    if (typeof seq === 'string' || !(isU(seq, U_SEQUENCE) && seq.constructed)) return;
    const [modulus, exponent] = this.kids(parent, seq);
    if (modulus) {
      this.bytes(parent, F['pkcs1.modulus'], cStart(modulus), modulus.len, '0x');
      this.facts.keyBits = bitLength(this.content(modulus));
    }
    if (exponent) this.int(parent, F['pkcs1.publicExponent'], exponent);
  }

  /** The modulus size of an RSAPublicKey, read without adding to the tree (Wireshark leaves RSA-PSS keys undecoded). */
  protected rsaModulusBits(off: number, len: number): number | undefined {
    const seq = readTlv(this.b, off, off + len);
    if (typeof seq === 'string' || !isU(seq, U_SEQUENCE)) return undefined;
    const modulus = readTlv(this.b, cStart(seq), tEnd(seq));
    return typeof modulus === 'string' || !isU(modulus, U_INTEGER) ? undefined : bitLength(this.content(modulus));
  }

  protected dsaPublicKey(off: number, len: number): void {
    const y = readTlv(this.b, off, off + len);
    if (typeof y === 'string' || !isU(y, U_INTEGER)) return;
    this.facts.keyBits ??= bitLength(this.content(y));
  }

  // -- Extensions -----------------------------------------------------------------------------------------------

  protected extensions(parent: FieldNode, t: Tlv): void {
    if (!this.expectSeqOf(parent, t)) return;
    const list = this.kids(parent, t);
    const node = this.seqOf(parent, F['x509af.extensions'], t, list.length);
    for (const e of list) this.extension(node, e);
  }

  protected extension(parent: FieldNode, t: Tlv): void {
    const node = this.seqItem(parent, F['x509af.Extension_element'], t);
    if (!node) return;
    const list = this.kids(node, t);
    const [idTlv] = list;
    if (!idTlv) return;
    const oid = this.oidField(node, F['x509af.extension.id'], idTlv);
    if (oid === undefined) return;
    node.label = clampLabel(`${node.label} (${oidResolved(oid)})`);
    let i = 1;
    const crit = list[i];
    if (crit && isU(crit, U_BOOLEAN)) {
      this.bool(node, F['x509af.critical'], crit);
      i++;
    }
    const value = list[i];
    if (!value) return;
    if (!isU(value, U_OCTET_STRING)) {
      this.berError(node, value, `OctetString expected but ${unexpected(value)}`);
      return;
    }
    this.extensionValue(node, oid, cStart(value), value.len);
  }

  /** The DER inside an extension's OCTET STRING, dispatched on the extension's OID. */
  protected extensionValue(parent: FieldNode, oid: string, off: number, len: number): void {
    this.layer(extensionLayer(oid));
    if (oid === '1.3.6.1.4.1.11129.2.4.2' || oid === '1.3.6.1.4.1.11129.2.4.5') {
      this.sctExtension(parent, off, len);
      return;
    }
    const v = readTlv(this.b, off, off + len);
    if (typeof v === 'string') {
      this.text(parent, off, len, v);
      return;
    }
    switch (oid) {
      case '2.5.29.14':
        // Wireshark takes the content of whatever primitive is there.
        if (!v.constructed) this.bytes(parent, F['x509ce.SubjectKeyIdentifier'], cStart(v), v.len);
        else this.berError(parent, v, `OctetString expected but ${unexpected(v)}`);
        return;
      case '2.5.29.35':
        this.authorityKeyIdentifier(parent, v);
        return;
      case '2.5.29.19':
        this.basicConstraints(parent, v);
        return;
      case '2.5.29.15':
        this.namedBits(parent, F['x509ce.KeyUsage'], v, KEY_USAGE_BITS);
        return;
      case '2.5.29.37':
        this.extKeyUsage(parent, v);
        return;
      case '2.5.29.17':
      case '2.5.29.18':
        if (this.expectSeqOf(parent, v)) this.generalNames(parent, F['x509ce.GeneralNames'], v, oid === '2.5.29.17');
        return;
      case '2.5.29.31':
      case '2.5.29.46':
        this.crlDistributionPoints(parent, v);
        return;
      case '2.5.29.32':
      case '1.3.6.1.4.1.311.21.10':
        this.certificatePolicies(parent, v);
        return;
      case '1.3.6.1.5.5.7.1.3':
        this.qcStatements(parent, v);
        return;
      case '1.3.6.1.5.5.7.1.1':
        this.authorityInfoAccess(parent, v);
        return;
      case '1.3.6.1.5.5.7.1.24':
        this.tlsFeatures(parent, v);
        return;
      case '2.5.29.30':
        this.nameConstraints(parent, v);
        return;
      case '2.5.29.36':
        this.policyConstraints(parent, v);
        return;
      case '2.5.29.54':
        if (this.expectPrimitive(parent, v, U_INTEGER, 'Integer')) this.int(parent, F['x509ce.SkipCerts'], v);
        return;
      case '2.5.29.16':
        this.privateKeyUsagePeriod(parent, v);
        return;
      case '1.3.6.1.4.1.311.21.7':
        this.certificateTemplate(parent, v);
        return;
      case '1.3.6.1.4.1.311.20.2':
        this.typedStr(parent, F['x509sat.BMPString'], v, 30);
        return;
      case '1.3.6.1.4.1.311.21.1':
      case '1.3.6.1.4.1.311.21.3':
        if (this.expectPrimitive(parent, v, U_INTEGER, 'Integer')) this.int(parent, F['x509sat.Integer'], v);
        return;
      case '1.3.6.1.4.1.311.21.2':
        if (this.expectPrimitive(parent, v, U_OCTET_STRING, 'OctetString')) {
          this.bytes(parent, F['x509sat.OctetString'], cStart(v), v.len);
        }
        return;
      case '1.2.840.113533.7.65.0':
        this.entrustVersionInfo(parent, v);
        return;
      case '2.16.840.1.113730.1.1':
        this.namedBits(parent, F['ns_cert_exts.CertType'], v, NS_CERT_TYPE_BITS);
        return;
    }
    const nsString = NS_STRING_EXTENSIONS.get(oid);
    if (nsString) {
      this.typedStr(parent, nsString, v, 22);
      return;
    }
    if (isU(v, U_NULL) && v.len === 0) return;
    this.undecoded(parent, oid, off, len);
  }

  protected expectPrimitive(parent: FieldNode, t: Tlv, tag: number, what: string): boolean {
    if (isU(t, tag)) return true;
    this.berError(parent, t, `${what} expected but ${unexpected(t)}`);
    return false;
  }

  protected authorityKeyIdentifier(parent: FieldNode, t: Tlv): void {
    const node = this.seqItem(parent, F['x509ce.AuthorityKeyIdentifier_element'], t);
    if (!node) return;
    for (const f of this.kids(node, t)) {
      if (isCtx(f, 0)) this.bytes(node, F['x509ce.keyIdentifier'], cStart(f), f.len);
      else if (isCtx(f, 1)) this.generalNames(node, F['x509ce.authorityCertIssuer'], f, false);
      else if (isCtx(f, 2)) this.bytes(node, F['x509ce.authorityCertSerialNumber'], cStart(f), f.len, '0x');
      else this.beyond(node, f);
    }
  }

  protected basicConstraints(parent: FieldNode, t: Tlv): void {
    const node = this.seqItem(parent, F['x509ce.BasicConstraintsSyntax_element'], t);
    if (!node) return;
    for (const f of this.kids(node, t)) {
      if (isU(f, U_BOOLEAN)) this.bool(node, F['x509ce.cA'], f);
      else if (isU(f, U_INTEGER)) this.int(node, F['x509ce.pathLenConstraint'], f);
      else this.beyond(node, f);
    }
  }

  protected extKeyUsage(parent: FieldNode, t: Tlv): void {
    if (!this.expectSeqOf(parent, t)) return;
    const list = this.kids(parent, t);
    const node = this.seqOf(parent, F['x509ce.KeyPurposeIDs'], t, list.length);
    for (const k of list) this.oidField(node, F['x509ce.KeyPurposeId'], k);
  }

  /** GeneralNames (a SEQUENCE OF GeneralName, possibly implicitly tagged). */
  protected generalNames(parent: FieldNode, def: FieldDef, t: Tlv, collectSans: boolean): void {
    const list = this.kids(parent, t);
    const node = this.seqOf(parent, def, t, list.length);
    for (const g of list) this.generalName(node, F['x509ce.GeneralName'], g, collectSans);
  }

  /** GeneralName ::= CHOICE, every alternative context-tagged. */
  protected generalName(parent: FieldNode, def: FieldDef, t: Tlv, collectSans = false, named = true): void {
    if (t.cls !== CONTEXT || t.tag > 8) {
      // No alternative matches: Wireshark shows nothing for the CHOICE.
      return;
    }
    const choice = this.add(parent, def, cStart(t), t.len, t.tag, named ? undefined : `${def.name}: ${t.tag}`);
    const off = cStart(t);
    switch (t.tag) {
      case 0: {
        const on = this.seq(choice, F['x509ce.otherName_element'], t, true);
        const [typeId, value] = this.kids(on, t);
        const oid = typeId ? this.oidField(on, F['x509ce.type_id'], typeId) : undefined;
        if (oid && value && isCtx(value, 0) && value.constructed) {
          const inner = readTlv(this.b, cStart(value), tEnd(value));
          if (typeof inner === 'string') this.text(on, cStart(value), value.len, inner);
          else if (oid === '1.3.6.1.4.1.311.20.2.3') this.typedStr(on, F['x509sat.UTF8String'], inner, 12);
          else if (oid === '1.3.6.1.5.5.7.8.5') this.typedStr(on, F['pkixqualified.XmppAddr'], inner, 12);
          else this.undecoded(on, oid, inner.start, total(inner));
        }
        return;
      }
      case 1:
      case 2:
      case 6: {
        const fd =
          t.tag === 1
            ? F['x509ce.rfc822Name']
            : t.tag === 2
              ? F['x509ce.dNSName']
              : F['x509ce.uniformResourceIdentifier'];
        const s = decodeAscii(this.content(t));
        this.add(choice, fd, off, t.len, s, `${fd.name}: ${formatText(s)}`);
        if (collectSans) this.facts.sans.push(s);
        return;
      }
      case 3:
        this.add(choice, F['x509ce.x400Address_element'], off, t.len, undefined);
        return;
      case 4: {
        const inner = readTlv(this.b, off, tEnd(t));
        if (typeof inner === 'string') this.text(choice, off, t.len, inner);
        else this.name(choice, F['x509ce.directoryName'], F['x509if.rdnSequence'], inner);
        return;
      }
      case 5:
        this.add(choice, F['x509ce.ediPartyName_element'], off, t.len, undefined);
        return;
      case 7: {
        const c = this.content(t);
        let s: string | undefined;
        if (c.length === 4) {
          s = Array.from(c).join('.');
          this.add(choice, F['x509ce.IPAddress.ipv4'], off, 4, s);
        } else if (c.length === 16) {
          s = ipv6Text(c);
          this.add(choice, F['x509ce.IPAddress.ipv6'], off, 16, s);
        }
        if (s !== undefined && collectSans) this.facts.sans.push(s);
        return;
      }
      case 8:
        this.oidContent(choice, F['x509ce.registeredID'], off, t.len);
        return;
    }
  }

  protected crlDistributionPoints(parent: FieldNode, t: Tlv): void {
    if (!this.expectSeqOf(parent, t)) return;
    const list = this.kids(parent, t);
    const node = this.seqOf(parent, F['x509ce.CRLDistPointsSyntax'], t, list.length);
    for (const dp of list) {
      const dpNode = this.seqItem(node, F['x509ce.DistributionPoint_element'], dp);
      if (!dpNode) continue;
      for (const f of this.kids(dpNode, dp)) {
        if (isCtx(f, 0) && f.constructed) {
          const inner = readTlv(this.b, cStart(f), tEnd(f));
          if (typeof inner === 'string') this.text(dpNode, cStart(f), f.len, inner);
          else this.distributionPointName(dpNode, inner);
        } else if (isCtx(f, 1)) {
          this.namedBits(dpNode, F['x509ce.reasons'], f, REASON_BITS);
        } else if (isCtx(f, 2)) {
          this.generalNames(dpNode, F['x509ce.cRLIssuer'], f, false);
        } else {
          this.beyond(dpNode, f);
        }
      }
    }
  }

  protected distributionPointName(parent: FieldNode, t: Tlv): void {
    if (isCtx(t, 0)) {
      const choice = this.add(parent, F['x509ce.distributionPoint'], cStart(t), t.len, 0);
      this.generalNames(choice, F['x509ce.fullName'], t, false);
    } else if (isCtx(t, 1)) {
      const choice = this.add(parent, F['x509ce.distributionPoint'], cStart(t), t.len, 1);
      const avas = this.kids(choice, t);
      const set = this.add(choice, F['x509ce.nameRelativeToCRLIssuer'], cStart(t), t.len, avas.length);
      const texts: string[] = [];
      for (const ava of avas) {
        const s = this.attributeTypeAndValue(set, ava);
        if (s !== undefined) texts.push(s);
      }
      set.label = clampLabel(
        `${F['x509ce.nameRelativeToCRLIssuer'].name}: ${items(avas.length)}${avas.length ? ` (${texts.join('+')})` : ''}`,
      );
    } else {
      // No alternative matches: Wireshark shows nothing for the CHOICE.
    }
  }

  protected certificatePolicies(parent: FieldNode, t: Tlv): void {
    if (!this.expectSeqOf(parent, t)) return;
    const list = this.kids(parent, t);
    const node = this.seqOf(parent, F['x509ce.CertificatePoliciesSyntax'], t, list.length);
    for (const pi of list) {
      const piNode = this.seqItem(node, F['x509ce.PolicyInformation_element'], pi);
      if (!piNode) continue;
      const [id, quals] = this.kids(piNode, pi);
      if (id) this.oidField(piNode, F['x509ce.policyIdentifier'], id);
      if (!quals || !this.expectSeqOf(piNode, quals)) continue;
      const qList = this.kids(piNode, quals);
      const qNode = this.seqOf(piNode, F['x509ce.policyQualifiers'], quals, qList.length);
      for (const q of qList) {
        const qiNode = this.seqItem(qNode, F['x509ce.PolicyQualifierInfo_element'], q);
        if (!qiNode) continue;
        const [qid, qualifier] = this.kids(qiNode, q);
        const qoid = qid ? this.oidField(qiNode, F['x509ce.id'], qid) : undefined;
        if (!qoid || !qualifier) continue;
        this.layer(qualifierLayer(qoid));
        if (qoid === '1.3.6.1.5.5.7.2.1') this.typedStr(qiNode, F['pkix1explicit.DirectoryString'], qualifier, 22);
        else if (qoid === '1.3.6.1.5.5.7.2.2') this.userNotice(qiNode, qualifier);
        else this.undecoded(qiNode, qoid, qualifier.start, total(qualifier));
      }
    }
  }

  protected userNotice(parent: FieldNode, t: Tlv): void {
    const node = this.seqItem(parent, F['pkix1implicit.UserNotice_element'], t);
    if (!node) return;
    for (const f of this.kids(node, t)) {
      if (isU(f, U_SEQUENCE) && f.constructed) {
        const ref = this.seq(node, F['pkix1implicit.noticeRef_element'], f);
        const [org, numbers] = this.kids(ref, f);
        if (org) this.displayText(ref, F['pkix1implicit.organization'], org);
        if (numbers && this.expectSeqOf(ref, numbers)) {
          const nums = this.kids(ref, numbers);
          const n = this.seqOf(ref, F['pkix1implicit.noticeNumbers'], numbers, nums.length);
          for (const x of nums) this.int(n, F['pkix1implicit.noticeNumbers_item'], x);
        }
      } else {
        this.displayText(node, F['pkix1implicit.explicitText'], f);
      }
    }
  }

  protected displayText(parent: FieldNode, def: FieldDef, t: Tlv): void {
    const alt = t.cls === UNIVERSAL ? DISPLAY_TEXT_TAGS[t.tag] : undefined;
    if (!alt) {
      // No alternative matches: Wireshark shows nothing for the CHOICE.
      return;
    }
    const node = this.add(parent, def, t.start, total(t), alt[0]);
    this.str(node, alt[1], t);
  }

  protected authorityInfoAccess(parent: FieldNode, t: Tlv): void {
    if (!this.expectSeqOf(parent, t)) return;
    const list = this.kids(parent, t);
    const node = this.seqOf(parent, F['pkix1implicit.AuthorityInfoAccessSyntax'], t, list.length);
    for (const ad of list) {
      const adNode = this.seqItem(node, F['pkix1implicit.AccessDescription_element'], ad);
      if (!adNode) continue;
      const [method, location] = this.kids(adNode, ad);
      if (method) this.oidField(adNode, F['pkix1implicit.accessMethod'], method);
      if (location) this.generalName(adNode, F['pkix1implicit.accessLocation'], location, false, false);
    }
  }

  protected tlsFeatures(parent: FieldNode, t: Tlv): void {
    if (!this.expectSeqOf(parent, t)) return;
    const list = this.kids(parent, t);
    const node = this.seqOf(parent, F['pkix1explicit.Features'], t, list.length);
    for (const f of list) {
      const v = Number(signedInt(this.content(f)));
      this.add(node, F['pkix1explicit.Features_item'], cStart(f), f.len, v);
    }
  }

  protected nameConstraints(parent: FieldNode, t: Tlv): void {
    const node = this.seqItem(parent, F['x509ce.NameConstraintsSyntax_element'], t);
    if (!node) return;
    for (const f of this.kids(node, t)) {
      if (!(isCtx(f, 0) || isCtx(f, 1))) {
        this.beyond(node, f);
        continue;
      }
      const def = f.tag === 0 ? F['x509ce.permittedSubtrees'] : F['x509ce.excludedSubtrees'];
      const subtrees = this.kids(node, f);
      const sNode = this.seqOf(node, def, f, subtrees.length);
      for (const st of subtrees) {
        const stNode = this.seqItem(sNode, F['x509ce.GeneralSubtree_element'], st);
        if (!stNode) continue;
        const [base, ...rest] = this.kids(stNode, st);
        if (base) this.generalName(stNode, F['x509ce.base'], base);
        for (const r of rest) {
          if (isCtx(r, 0)) this.int(stNode, F['x509ce.minimum'], r);
          else if (isCtx(r, 1)) this.int(stNode, F['x509ce.maximum'], r);
          else this.beyond(stNode, r);
        }
      }
    }
  }

  protected policyConstraints(parent: FieldNode, t: Tlv): void {
    const node = this.seqItem(parent, F['x509ce.PolicyConstraintsSyntax_element'], t);
    if (!node) return;
    for (const f of this.kids(node, t)) {
      if (isCtx(f, 0)) this.int(node, F['x509ce.requireExplicitPolicy'], f);
      else if (isCtx(f, 1)) this.int(node, F['x509ce.inhibitPolicyMapping'], f);
    }
  }

  protected privateKeyUsagePeriod(parent: FieldNode, t: Tlv): void {
    const node = this.seqItem(parent, F['x509ce.PrivateKeyUsagePeriod_element'], t);
    if (!node) return;
    for (const f of this.kids(node, t)) {
      if (isCtx(f, 0)) this.generalizedTime(node, F['x509ce.notBefore'], f);
      else if (isCtx(f, 1)) this.generalizedTime(node, F['x509ce.notAfter'], f);
    }
  }

  protected qcStatements(parent: FieldNode, t: Tlv): void {
    if (!this.expectSeqOf(parent, t)) return;
    const list = this.kids(parent, t);
    const node = this.seqOf(parent, F['pkixqualified.QCStatements'], t, list.length);
    for (const st of list) {
      const stNode = this.seqItem(node, F['pkixqualified.QCStatement_element'], st);
      if (!stNode) continue;
      const [id, info] = this.kids(stNode, st);
      const oid = id ? this.oidField(stNode, F['pkixqualified.statementId'], id) : undefined;
      if (!oid || !info) continue;
      if (oid === '1.3.6.1.5.5.7.11.1' || oid === '1.3.6.1.5.5.7.11.2') this.semanticsInformation(stNode, info);
      else this.undecoded(stNode, oid, info.start, total(info));
    }
  }

  protected semanticsInformation(parent: FieldNode, t: Tlv): void {
    const node = this.seqItem(parent, F['pkixqualified.SemanticsInformation_element'], t);
    if (!node) return;
    for (const f of this.kids(node, t)) {
      if (isU(f, U_OID)) this.oidField(node, F['pkixqualified.semanticsIdentifier'], f);
      else if (isU(f, U_SEQUENCE) && f.constructed) {
        const names = this.kids(node, f);
        const n = this.seqOf(node, F['pkixqualified.nameRegistrationAuthorities'], f, names.length);
        for (const g of names) this.generalName(n, F['pkixqualified.GeneralName'], g);
      } else this.beyond(node, f);
    }
  }

  protected entrustVersionInfo(parent: FieldNode, t: Tlv): void {
    const node = this.seqItem(parent, F['x509ce.EntrustVersionInfo_element'], t);
    if (!node) return;
    const [vers, flags] = this.kids(node, t);
    if (vers) this.str(node, F['x509ce.entrustVers'], vers, 'ascii');
    if (flags) this.namedBits(node, F['x509ce.entrustVersInfoFlags'], flags, ENTRUST_INFO_BITS);
  }

  protected certificateTemplate(parent: FieldNode, t: Tlv): void {
    const node = this.seqItem(parent, F['x509ce.CertificateTemplate_element'], t);
    if (!node) return;
    const [id, major, minor] = this.kids(node, t);
    if (id) this.oidField(node, F['x509ce.templateID'], id);
    if (major) this.int(node, F['x509ce.templateMajorVersion'], major);
    if (minor) this.int(node, F['x509ce.templateMinorVersion'], minor);
  }

  /** Signed Certificate Timestamps (RFC 6962): a TLS-encoded list inside an OCTET STRING. */
  protected sctExtension(parent: FieldNode, off: number, len: number): void {
    const b = this.b;
    const os = readTlv(b, off, off + len);
    if (typeof os === 'string' || !isU(os, U_OCTET_STRING)) {
      this.text(
        parent,
        off,
        len,
        typeof os === 'string' ? os : `BER Error: OctetString expected but ${unexpected(os)}`,
      );
      return;
    }
    this.sctList(parent, cStart(os), tEnd(os));
  }

  /** A SignedCertificateTimestampList from `p` to `end` (RFC 6962 §3.3). */
  sctList(parent: FieldNode, p: number, end: number): void {
    const b = this.b;
    if (end - p < 2) {
      this.text(parent, p, end - p, `No more room for vector of length 2`);
      return;
    }
    const listLen = (b[p]! << 8) | b[p + 1]!;
    this.add(parent, F['tls.sct.scts_length'], p, 2, listLen);
    p += 2;
    const listEnd = p + listLen;
    if (listEnd > end) {
      this.text(parent, p, end - p, `Vector length ${listLen} too large, truncating it to ${end - p}`);
      return;
    }
    while (p + 2 <= listEnd) {
      const sctLen = (b[p]! << 8) | b[p + 1]!;
      const sctEnd = p + 2 + sctLen;
      if (sctEnd > listEnd) {
        this.text(parent, p, listEnd - p, `Vector length ${sctLen} too large, truncating it to ${listEnd - p - 2}`);
        return;
      }
      const logId = sctLen >= 33 ? hex(b.subarray(p + 3, p + 35)) : '';
      const node = this.text(parent, p, 2 + sctLen, `Signed Certificate Timestamp (${ctLogName(logId)})`);
      this.add(node, F['tls.sct.sct_length'], p, 2, sctLen);
      this.sct(node, p + 2, sctEnd);
      p = sctEnd;
    }
  }

  protected sct(node: FieldNode, p: number, end: number): void {
    const b = this.b;
    if (end - p < 1 + 32 + 8 + 2) {
      this.text(node, p, end - p, 'Malformed Signed Certificate Timestamp');
      return;
    }
    this.add(node, F['tls.sct.sct_version'], p, 1, b[p]!);
    p += 1;
    this.bytes(node, F['tls.sct.sct_logid'], p, 32);
    p += 32;
    let ms = 0n;
    for (let i = 0; i < 8; i++) ms = (ms << 8n) | BigInt(b[p + i]!);
    const secs = Number(ms / 1000n);
    const text = absTimeText({ secs, nanos: Number(ms % 1000n) * 1_000_000 });
    this.add(node, F['tls.sct.sct_timestamp'], p, 8, text, `Timestamp: ${text}`);
    p += 8;
    const extLen = (b[p]! << 8) | b[p + 1]!;
    this.add(node, F['tls.sct.sct_extensions_length'], p, 2, extLen);
    p += 2;
    if (extLen > 0) {
      if (p + extLen > end) {
        this.text(node, p, end - p, 'Malformed Signed Certificate Timestamp');
        return;
      }
      this.add(node, F['tls.sct.sct_extensions'], p, extLen, undefined);
      p += extLen;
    }
    if (end - p < 4) {
      this.text(node, p, end - p, 'Malformed Signed Certificate Timestamp');
      return;
    }
    const scheme = (b[p]! << 8) | b[p + 1]!;
    const alg = this.add(node, TLS['tls.handshake.sig_hash_alg'], p, 2, scheme);
    this.add(alg, TLS['tls.handshake.sig_hash_hash'], p, 1, b[p]!);
    this.add(alg, TLS['tls.handshake.sig_hash_sig'], p + 1, 1, b[p + 1]!);
    p += 2;
    const sigLen = (b[p]! << 8) | b[p + 1]!;
    this.add(node, F['tls.sct.sct_signature_length'], p, 2, sigLen);
    p += 2;
    if (p + sigLen > end) {
      this.text(node, p, end - p, `Vector length ${sigLen} too large, truncating it to ${end - p}`);
      return;
    }
    this.bytes(node, F['tls.sct.sct_signature'], p, sigLen);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Public API

/**
 * Adds Wireshark's tree for the DER certificate at b[offset, offset+length) under `parent`
 * (the caller's `tls.handshake.certificate` item). Never throws; malformed DER becomes a text node.
 *
 * As in Wireshark, the subject is appended to the parent's label once it has been read:
 * `Certificate: 3082…… (id-at-commonName=www.google.com,…)` (the whole label clamped to 239 bytes).
 */
export function dissectCertificate(
  tree: FieldTree,
  parent: FieldNode,
  b: Uint8Array,
  offset: number,
  length: number,
  layers?: string[],
): void {
  // The decoding only adds nodes, layers and the certificate's label: nothing later packets depend on.
  if (!tree.keepsAnyOf(CERTIFICATE_FIELDS)) return;
  const facts = run(tree, parent, b, offset, length, layers);
  if (facts.subject !== undefined) parent.label = clampLabel(`${parent.label} (${facts.subject})`);
}

/** The TLS fields an SCT's signature algorithm is shown with. */
const SCT_SIGNATURE_FIELDS = [
  TLS['tls.handshake.sig_hash_alg'],
  TLS['tls.handshake.sig_hash_hash'],
  TLS['tls.handshake.sig_hash_sig'],
];

/** Everything decoding a certificate may add: its fields, the protocols they belong to and frame.protocols. */
const CERTIFICATE_FIELDS = certificateFields();

function certificateFields(): FieldGroup {
  const names = new Set<string>(['frame.protocols', 'tls.handshake.certificate']);
  const protocols = new Set<string>(CERTIFICATE_LAYERS);
  for (const def of [...Object.values(F), ...SCT_SIGNATURE_FIELDS]) {
    names.add(def.abbrev);
    const proto = def.abbrev.split('.', 1)[0]!;
    // TLS's own SCT fields are listed by name: the other tls.* fields are not the certificate's.
    if (proto !== 'tls') protocols.add(proto);
  }
  for (const proto of protocols) names.add(proto);
  return new FieldGroup(
    names,
    [...protocols].map((proto) => proto + '.'),
  );
}

/** The SCT list of a signed_certificate_timestamp hello extension, from `p` to `end`. */
export function dissectSctList(tree: FieldTree, parent: FieldNode, b: Uint8Array, p: number, end: number): void {
  new X509(tree, b).sctList(parent, p, end);
}

function run(
  tree: FieldTree,
  parent: FieldNode,
  b: Uint8Array,
  offset: number,
  length: number,
  layers?: string[],
): Facts {
  const d = new X509(tree, b, layers);
  if (offset < 0 || length < 0 || offset + length > b.length) {
    tree.text(parent, Math.max(0, Math.min(offset, b.length)), 0, 'Malformed certificate: outside the available bytes');
    return d.facts;
  }
  try {
    d.certificate(parent, offset, length);
  } catch (e) {
    tree.text(parent, offset, length, `Malformed certificate: ${e instanceof Error ? e.message : String(e)}`);
  }
  return d.facts;
}

export interface CertificateSummary {
  /** Wireshark's one-line subject, e.g. `id-at-commonName=www.google.com,id-at-organizationName=Google Inc,…`. */
  subject: string;
  issuer: string;
  /** ISO 8601 UTC (`2013-06-05T09:50:32Z`), or '' when the time could not be read. */
  notBefore: string;
  notAfter: string;
  /** `RSA`, `EC`, `DSA`, `Ed25519`, `Ed448`, `RSA-PSS`, or the algorithm's resolved OID name. */
  keyType: string;
  /** Modulus bits (RSA), field size (EC named curves), p bits (DSA); 0 when unknown. */
  keyBits: number;
  /** Subject alternative names: DNS names, IP addresses, e-mail addresses and URIs, in certificate order. */
  sans: string[];
}

const CURVE_BITS: Readonly<Record<string, number>> = {
  '1.2.840.10045.3.1.1': 192,
  '1.3.132.0.33': 224,
  '1.2.840.10045.3.1.7': 256,
  '1.3.132.0.10': 256,
  '1.3.132.0.34': 384,
  '1.3.132.0.35': 521,
  '1.3.36.3.3.2.8.1.1.7': 256,
  '1.3.36.3.3.2.8.1.1.11': 384,
  '1.3.36.3.3.2.8.1.1.13': 512,
  '1.2.156.10197.1.301': 256,
};

const KEY_TYPES: Readonly<Record<string, [string, number]>> = {
  '1.2.840.113549.1.1.1': ['RSA', 0],
  '1.2.840.113549.1.1.10': ['RSA-PSS', 0],
  '1.2.840.10045.2.1': ['EC', 0],
  '1.2.840.10040.4.1': ['DSA', 0],
  '1.3.101.110': ['X25519', 253],
  '1.3.101.111': ['X448', 448],
  '1.3.101.112': ['Ed25519', 256],
  '1.3.101.113': ['Ed448', 456],
};

/** The facts a sessions view needs, or undefined when the bytes are not a readable certificate. */
export function certificateSummary(b: Uint8Array, offset: number, length: number): CertificateSummary | undefined {
  const tree = new FieldTree();
  const root = tree.text(null, offset, length, 'Certificate');
  const f = run(tree, root, b, offset, length);
  if (f.subject === undefined || f.issuer === undefined) return undefined;
  const alg = f.spkiAlgorithm ?? '';
  const known = KEY_TYPES[alg];
  let keyBits = f.keyBits ?? 0;
  if (alg === '1.2.840.10045.2.1') keyBits = f.ecCurve ? (CURVE_BITS[f.ecCurve] ?? 0) : 0;
  else if (known && known[1]) keyBits = known[1];
  return {
    subject: f.subject,
    issuer: f.issuer,
    notBefore: f.notBefore ? isoText(f.notBefore) : '',
    notAfter: f.notAfter ? isoText(f.notAfter) : '',
    keyType: known ? known[0] : alg ? oidResolved(alg) : '',
    keyBits,
    sans: f.sans,
  };
}
