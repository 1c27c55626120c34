/** Field declarations of the TLS dissector (Wireshark's `tls.*`; `ssl.*` are aliases). */
import { declareFields } from '../fields.ts';
import {
  alertDescriptions,
  alertLevels,
  certificateStatusTypes,
  cipherSuites,
  clientCertificateTypes,
  compressionMethods,
  contentTypes,
  ecCurveTypes,
  ecPointFormats,
  extensionTypes,
  handshakeTypes,
  hashAlgorithms,
  heartbeatMessageTypes,
  keyUpdateRequest,
  namedGroups,
  pskKeyExchangeModes,
  recordVersions,
  serverNameTypes,
  signatureAlgorithms,
  signatureSchemes,
  hashAndSignatureName,
} from './tables.ts';

export const F = declareFields({
  tls: { name: 'Transport Layer Security', type: 'protocol' },
  'tls.record': { name: 'Record Layer', type: 'none' },
  'tls.record.content_type': { name: 'Content Type', type: 'uint8', strings: contentTypes },
  'tls.record.opaque_type': { name: 'Opaque Type', type: 'uint8', strings: contentTypes },
  'tls.record.version': { name: 'Version', type: 'uint16', base: 'hex', strings: recordVersions },
  'tls.record.length': { name: 'Length', type: 'uint16' },
  'tls.record.is_escape': { name: 'Is Escape', type: 'boolean' },
  'tls.record.padding_length': { name: 'Padding Length', type: 'uint8' },
  'tls.change_cipher_spec': { name: 'Change Cipher Spec Message', type: 'none' },
  'tls.alert_message': { name: 'Alert Message', type: 'none' },
  'tls.alert_message.level': { name: 'Level', type: 'uint8', strings: alertLevels },
  'tls.alert_message.desc': { name: 'Description', type: 'uint8', strings: alertDescriptions },
  'tls.handshake': { name: 'Handshake Protocol', type: 'none' },
  'tls.handshake.type': { name: 'Handshake Type', type: 'uint8', strings: handshakeTypes },
  'tls.handshake.length': { name: 'Length', type: 'uint24' },
  'tls.handshake.version': { name: 'Version', type: 'uint16', base: 'hex', strings: recordVersions },
  'tls.handshake.random': { name: 'Random', type: 'bytes' },
  'tls.handshake.random_time': { name: 'GMT Unix Time', type: 'abstime' },
  'tls.handshake.random_bytes': { name: 'Random Bytes', type: 'bytes' },
  'tls.handshake.session_id_length': { name: 'Session ID Length', type: 'uint8' },
  'tls.handshake.session_id': { name: 'Session ID', type: 'bytes' },
  'tls.handshake.cookie_length': { name: 'Cookie Length', type: 'uint8' },
  'tls.handshake.cookie': { name: 'Cookie', type: 'bytes' },
  'tls.handshake.cipher_suites_length': { name: 'Cipher Suites Length', type: 'uint16' },
  'tls.handshake.ciphersuites': { name: 'Cipher Suites', type: 'none' },
  'tls.handshake.ciphersuite': { name: 'Cipher Suite', type: 'uint16', base: 'hex', strings: cipherSuites },
  'tls.handshake.comp_methods_length': { name: 'Compression Methods Length', type: 'uint8' },
  'tls.handshake.comp_methods': { name: 'Compression Methods', type: 'none' },
  'tls.handshake.comp_method': { name: 'Compression Method', type: 'uint8', strings: compressionMethods },
  'tls.handshake.extensions_length': { name: 'Extensions Length', type: 'uint16' },
  'tls.handshake.extension.type': { name: 'Type', type: 'uint16', strings: extensionTypes },
  'tls.handshake.extension.len': { name: 'Length', type: 'uint16' },
  'tls.handshake.extension.data': { name: 'Data', type: 'bytes' },
  'tls.handshake.extension.heartbeat.mode': {
    name: 'Mode',
    type: 'uint8',
    strings: { 1: 'Peer allowed to send requests', 2: 'Peer not allowed to send requests' },
  },
  'tls.handshake.extensions_server_name_list_len': { name: 'Server Name list length', type: 'uint16' },
  'tls.handshake.extensions_server_name_type': { name: 'Server Name Type', type: 'uint8', strings: serverNameTypes },
  'tls.handshake.extensions_server_name_len': { name: 'Server Name length', type: 'uint16' },
  'tls.handshake.extensions_server_name': { name: 'Server Name', type: 'string' },
  'tls.handshake.extensions_supported_groups_length': { name: 'Supported Groups List Length', type: 'uint16' },
  'tls.handshake.extensions_supported_groups': { name: 'Supported Groups List', type: 'none' },
  'tls.handshake.extensions_supported_group': {
    name: 'Supported Group',
    type: 'uint16',
    base: 'hex',
    strings: namedGroups,
  },
  'tls.handshake.extensions_ec_point_formats_length': { name: 'EC point formats Length', type: 'uint8' },
  'tls.handshake.extensions_ec_point_formats': { name: 'Elliptic curves point formats', type: 'none' },
  'tls.handshake.extensions_ec_point_format': { name: 'EC point format', type: 'uint8', strings: ecPointFormats },
  'tls.handshake.sig_hash_alg_len': { name: 'Signature Hash Algorithms Length', type: 'uint16' },
  'tls.handshake.sig_hash_algs': { name: 'Signature Hash Algorithms', type: 'none' },
  'tls.handshake.sig_hash_alg': {
    name: 'Signature Algorithm',
    type: 'uint16',
    base: 'hex',
    strings: signatureSchemes,
    unnamed: hashAndSignatureName,
  },
  'tls.handshake.sig_hash_hash': { name: 'Signature Hash Algorithm Hash', type: 'uint8', strings: hashAlgorithms },
  'tls.handshake.sig_hash_sig': {
    name: 'Signature Hash Algorithm Signature',
    type: 'uint8',
    strings: signatureAlgorithms,
  },
  'tls.handshake.extensions_alpn_len': { name: 'ALPN Extension Length', type: 'uint16' },
  'tls.handshake.extensions_alpn_list': { name: 'ALPN Protocol', type: 'none' },
  'tls.handshake.extensions_alpn_str_len': { name: 'ALPN string length', type: 'uint8' },
  'tls.handshake.extensions_alpn_str': { name: 'ALPN Next Protocol', type: 'string' },
  'tls.handshake.extensions_reneg_info_len': { name: 'Renegotiation info extension length', type: 'uint8' },
  'tls.handshake.extensions_reneg_info': { name: 'Renegotiation info', type: 'bytes' },
  'tls.handshake.extensions_padding_data': { name: 'Padding Data', type: 'bytes' },
  'tls.handshake.extensions.supported_versions_len': { name: 'Supported Versions length', type: 'uint8' },
  'tls.handshake.extensions.cookie_len': { name: 'Cookie length', type: 'uint16' },
  'tls.handshake.extensions.cookie': { name: 'Cookie', type: 'bytes' },
  'tls.handshake.extensions.supported_version': {
    name: 'Supported Version',
    type: 'uint16',
    base: 'hex',
    strings: recordVersions,
  },
  'tls.handshake.extensions_key_share_client_length': { name: 'Client Key Share Length', type: 'uint16' },
  'tls.handshake.extensions_key_share_group': { name: 'Group', type: 'uint16', strings: namedGroups },
  'tls.handshake.extensions_key_share_key_exchange_length': { name: 'Key Exchange Length', type: 'uint16' },
  'tls.handshake.extensions_key_share_key_exchange': { name: 'Key Exchange', type: 'bytes' },
  'tls.handshake.extensions_key_share_selected_group': { name: 'Selected Group', type: 'uint16', strings: namedGroups },
  'tls.extension.psk_ke_modes_length': { name: 'PSK Key Exchange Modes Length', type: 'uint8' },
  'tls.extension.psk_ke_mode': { name: 'PSK Key Exchange Mode', type: 'uint8', strings: pskKeyExchangeModes },
  'tls.handshake.extensions.psk.identities.length': { name: 'Identities Length', type: 'uint16' },
  'tls.handshake.extensions.psk.identity.identity_length': { name: 'Identity Length', type: 'uint16' },
  'tls.handshake.extensions.psk.identity.identity': { name: 'Identity', type: 'bytes' },
  'tls.handshake.extensions.psk.identity.obfuscated_ticket_age': { name: 'Obfuscated Ticket Age', type: 'uint32' },
  'tls.handshake.extensions.psk.binders_len': { name: 'PSK Binders length', type: 'uint16' },
  'tls.handshake.extensions.psk.binders': { name: 'PSK Binders', type: 'none' },
  'tls.handshake.extensions.psk.identity.selected': { name: 'Selected Identity', type: 'uint16' },
  'tls.handshake.extensions_status_request_type': {
    name: 'Certificate Status Type',
    type: 'uint8',
    strings: certificateStatusTypes,
  },
  'tls.handshake.extensions_status_request_responder_ids_len': { name: 'Responder ID list Length', type: 'uint16' },
  'tls.handshake.extensions_status_request_exts_len': { name: 'Request Extensions Length', type: 'uint16' },
  'tls.handshake.session_ticket_lifetime_hint': { name: 'Session Ticket Lifetime Hint', type: 'uint32' },
  'tls.handshake.session_ticket_age_add': { name: 'Session Ticket Age Add', type: 'uint32' },
  'tls.handshake.session_ticket_nonce_len': { name: 'Session Ticket Nonce Length', type: 'uint8' },
  'tls.handshake.session_ticket_nonce': { name: 'Session Ticket Nonce', type: 'bytes' },
  'tls.handshake.session_ticket_len': { name: 'Session Ticket Length', type: 'uint16' },
  'tls.handshake.session_ticket': { name: 'Session Ticket', type: 'bytes' },
  'tls.handshake.certificates_length': { name: 'Certificates Length', type: 'uint24' },
  'tls.handshake.certificates': { name: 'Certificates', type: 'none' },
  'tls.handshake.certificate_length': { name: 'Certificate Length', type: 'uint24' },
  'tls.handshake.certificate': { name: 'Certificate', type: 'bytes' },
  'tls.handshake.certificate_request_context_length': { name: 'Certificate request context length', type: 'uint8' },
  'tls.handshake.cert_types_count': { name: 'Certificate types count', type: 'uint8' },
  'tls.handshake.cert_types': { name: 'Certificate types', type: 'none' },
  'tls.handshake.cert_type': { name: 'Certificate type', type: 'uint8', strings: clientCertificateTypes },
  'tls.handshake.dnames_len': { name: 'Distinguished Names Length', type: 'uint16' },
  'tls.handshake.dnames': { name: 'Distinguished Names', type: 'none' },
  'tls.handshake.dname_len': { name: 'Distinguished Name Length', type: 'uint16' },
  'tls.handshake.server_curve_type': { name: 'Curve Type', type: 'uint8', base: 'hex', strings: ecCurveTypes },
  'tls.handshake.server_named_curve': { name: 'Named Curve', type: 'uint16', base: 'hex', strings: namedGroups },
  'tls.handshake.server_point_len': { name: 'Pubkey Length', type: 'uint8' },
  'tls.handshake.server_point': { name: 'Pubkey', type: 'bytes' },
  'tls.handshake.client_point_len': { name: 'Pubkey Length', type: 'uint8' },
  'tls.handshake.client_point': { name: 'Pubkey', type: 'bytes' },
  'tls.handshake.p_len': { name: 'p Length', type: 'uint16' },
  'tls.handshake.p': { name: 'p', type: 'bytes' },
  'tls.handshake.g_len': { name: 'g Length', type: 'uint16' },
  'tls.handshake.g': { name: 'g', type: 'bytes' },
  'tls.handshake.ys_len': { name: 'Pubkey Length', type: 'uint16' },
  'tls.handshake.ys': { name: 'Pubkey', type: 'bytes' },
  'tls.handshake.yc_len': { name: 'Pubkey Length', type: 'uint16' },
  'tls.handshake.yc': { name: 'Pubkey', type: 'bytes' },
  'tls.handshake.sig_len': { name: 'Signature Length', type: 'uint16' },
  'tls.handshake.sig': { name: 'Signature', type: 'bytes' },
  'tls.handshake.epms_len': { name: 'Encrypted PreMaster length', type: 'uint16' },
  'tls.handshake.epms': { name: 'Encrypted PreMaster', type: 'bytes' },
  'tls.handshake.verify_data': { name: 'Verify Data', type: 'none' },
  'tls.handshake.client_cert_vrfy.sig_len': { name: 'Signature length', type: 'uint16' },
  'tls.handshake.client_cert_vrfy.sig': { name: 'Signature', type: 'bytes' },
  'tls.handshake.ocsp_response_len': { name: 'OCSP Response Length', type: 'uint24' },
  'tls.handshake.key_update.request_update': { name: 'Key Update Request', type: 'uint8', strings: keyUpdateRequest },
  'tls.handshake.fragment': { name: 'Handshake Fragment', type: 'bytes' },
  'tls.app_data': { name: 'Encrypted Application Data', type: 'bytes' },
  'tls.app_data_proto': { name: 'Application Data Protocol', type: 'string' },
  'tls.heartbeat_message': { name: 'Heartbeat Message', type: 'none' },
  'tls.heartbeat_message.type': { name: 'Type', type: 'uint8', strings: heartbeatMessageTypes },
  'tls.heartbeat_message.payload_length': { name: 'Payload Length', type: 'uint16' },
  'tls.heartbeat_message.payload': { name: 'Payload', type: 'bytes' },
  'tls.heartbeat_message.padding': { name: 'Padding', type: 'bytes' },
  'tls.heartbeat_message.payload_length.invalid': { name: 'Invalid heartbeat payload length', type: 'none' },
  'tls.record.length.invalid': { name: 'Record length is not valid', type: 'none' },
  'tls.handshake.ssl2.type': { name: 'Handshake Message Type', type: 'uint8' },
  'tls.handshake.cipher_spec_len': { name: 'Cipher Spec Length', type: 'uint16' },
  'tls.handshake.challenge_len': { name: 'Challenge Length', type: 'uint16' },
  'tls.handshake.cipherspec': { name: 'Cipher Spec', type: 'uint24', base: 'hex' },
  'tls.handshake.challenge': { name: 'Challenge', type: 'bytes' },
});

export type TlsField = keyof typeof F;

/** Wireshark's short version names, used in the Protocol column and record titles. */
export function versionShortName(v: number): string | undefined {
  switch (v) {
    case 0x0002:
      return 'SSLv2';
    case 0x0300:
      return 'SSLv3';
    case 0x0301:
      return 'TLSv1';
    case 0x0302:
      return 'TLSv1.1';
    case 0x0303:
      return 'TLSv1.2';
    case 0x0304:
      return 'TLSv1.3';
    case 0x0101:
      return 'GMTLS';
    case 0xfeff:
      return 'DTLSv1.0';
    case 0xfefd:
      return 'DTLSv1.2';
    case 0xfefc:
      return 'DTLSv1.3';
    case 0x0100:
      return 'DTLS 1.0 (OpenSSL pre 0.9.8f)';
  }
  if ((v & 0xff00) === 0x7f00 || v === 0xfb17 || v === 0xfb1a) return 'TLSv1.3';
  return undefined;
}
