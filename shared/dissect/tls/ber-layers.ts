/**
 * Which Wireshark protocol decodes a value identified by an OID inside a certificate: each such call adds a layer to
 * `frame.protocols` (`x509sat`, `x509ce`, `pkix1implicit`, …), as tshark lists them.
 */

/** The protocol of an attribute value (names in RDNs): the selected attribute types all belong to x509sat. */
export const ATTRIBUTE_LAYER = 'x509sat';

const EXTENSION_LAYERS: ReadonlyMap<string, string> = new Map([
  ['1.3.6.1.5.5.7.1.1', 'pkix1implicit'],
  ['1.3.6.1.5.5.7.1.11', 'pkix1implicit'],
  ['1.3.6.1.5.5.7.1.3', 'pkix1qualified'],
  ['1.3.6.1.5.5.7.1.12', 'logotypecertextn'],
  // Signed certificate timestamps: TLS's own dissector decodes the list.
  ['1.3.6.1.4.1.11129.2.4.2', 'tls'],
  ['1.3.6.1.4.1.11129.2.4.5', 'tls'],
]);

/** The protocol of a certificate extension's value, when Wireshark registers one for its OID. */
export function extensionLayer(oid: string): string | undefined {
  if (oid.startsWith('2.5.29.')) return 'x509ce';
  if (oid.startsWith('2.16.840.1.113730.1.')) return 'ns_cert_exts';
  return EXTENSION_LAYERS.get(oid);
}

const PARAMETER_LAYERS: ReadonlyMap<string, string> = new Map([
  ['1.2.840.10045.2.1', 'pkcs-1'], // id-ecPublicKey: ECParameters
  ['1.2.840.113549.1.1.10', 'pkcs-1'], // RSASSA-PSS parameters
  ['1.2.840.113549.1.1.8', 'pkcs-1'], // MGF1's hash algorithm
  ['1.2.840.10040.4.1', 'x509af'], // DSA: Dss-Parms
]);

/** The protocol of an algorithm's parameters (a NULL passes silently and adds none). */
export function parametersLayer(oid: string): string | undefined {
  return PARAMETER_LAYERS.get(oid);
}

/** The protocol of a policy qualifier: CPS pointers and user notices. */
export function qualifierLayer(oid: string): string | undefined {
  if (oid === '1.3.6.1.5.5.7.2.1') return 'pkix1explicit';
  if (oid === '1.3.6.1.5.5.7.2.2') return 'pkix1implicit';
  return undefined;
}

/** The protocols that decode parts of a certificate (`frame.protocols` lists them under tls). */
export const CERTIFICATE_LAYERS: ReadonlySet<string> = new Set([
  ATTRIBUTE_LAYER,
  'x509ce',
  'x509af',
  'pkix1implicit',
  'pkix1explicit',
  'pkix1qualified',
  'pkcs-1',
  'ns_cert_exts',
  'logotypecertextn',
]);

/** The protocol running at the end of a frame's dissection: the last layer that is not a certificate value's. */
export function currentProtocol(protocols: readonly string[]): string | undefined {
  for (let i = protocols.length - 1; i >= 0; i--) if (!CERTIFICATE_LAYERS.has(protocols[i]!)) return protocols[i];
  return undefined;
}
