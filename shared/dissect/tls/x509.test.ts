/**
 * X.509 dissector tests. The certificates were made with
 *   openssl req -x509 -newkey rsa:1024 -nodes -keyout /dev/null -subj '/CN=wirelens.test/O=Wirelens/C=US' -days 1 \
 *     -addext 'subjectAltName=DNS:wirelens.test' -outform DER
 * (and the same with `-newkey ec -pkeyopt ec_paramgen_curve:prime256v1`, CN=ec.wirelens.test).
 * The expected outlines are tshark 4.0.17's tree for these certificates inside a TLS Certificate message
 * (`tshark -T pdml`: field name, [offset+length] relative to the certificate, label).
 */
import { describe, expect, it } from 'vitest';
import { FieldTree, findAll, walk, type FieldNode } from '../tree.ts';
import { fieldsValue } from '../format.ts';
import { lookupField } from '../fields.ts';
import { certificateSummary, dissectCertificate } from './x509.ts';
import { oidResolved } from './oids.ts';

function fromHex(h: string): Uint8Array {
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}

const RSA_CERT = fromHex(
  [
    '30820266308201cfa003020102021478aad5611c3fbe4f3678dd052f47e6822e6cf75b300d06092a864886f70d01010b0500',
    '30383116301406035504030c0d776972656c656e732e746573743111300f060355040a0c08576972656c656e73310b300906',
    '0355040613025553301e170d3236313132363036323132305a170d3236313132373036323132305a30383116301406035504',
    '030c0d776972656c656e732e746573743111300f060355040a0c08576972656c656e73310b30090603550406130255533081',
    '9f300d06092a864886f70d010101050003818d0030818902818100addc3d807f6f8be386a30e97c41c6eaf25c848de244c0b',
    '62ffb673fdaf04982abe481dd0fcb7c1c700ffefa2c769655ce28f4260290770e901663bb67cdcfeb0afa3ec1681b13fea0e',
    'ecdae31d176a857e8143d318597ac1c82fc0c9db053446dd9aacc91b821f2de88da883bb34220ac37b171342085214539554',
    '5430ff30f10203010001a36d306b301d0603551d0e04160414be271845f5f3087e0c69eee3f02d0e08601c2b28301f060355',
    '1d23041830168014be271845f5f3087e0c69eee3f02d0e08601c2b28300f0603551d130101ff040530030101ff3018060355',
    '1d110411300f820d776972656c656e732e74657374300d06092a864886f70d01010b050003818100072b92bf77aad9bd1472',
    'a6f3a696bca4b785bd963b5a414056429395c2b495b56415650a6071f45bb97144beb872319924f8f050f51a5d8acbaeb0b9',
    'dd3560d2bb870b13c5924e39848d23b337294716b20c69689e674320383926d1b77c15c90bc629040fb5ecd3de27f9c62f47',
    '182d814c539c43c904f3e51186947b4fd05f',
  ].join(''),
);

const EC_CERT = fromHex(
  [
    '308201e83082018ea00302010202147d619250f7406379036c1ac061d6cbf4b56fcb43300a06082a8648ce3d040302303b31',
    '19301706035504030c1065632e776972656c656e732e746573743111300f060355040a0c08576972656c656e73310b300906',
    '0355040613025553301e170d3236313132363036323132305a170d3236313132373036323132305a303b3119301706035504',
    '030c1065632e776972656c656e732e746573743111300f060355040a0c08576972656c656e73310b30090603550406130255',
    '533059301306072a8648ce3d020106082a8648ce3d03010703420004831467fe36bc27bb4c9dc118fc17536515ebe4b4b8d5',
    '7121e2a79dee38fd230d9cc911c02285ccf66e259100ebe887cd1f5625d0a16626fed127bfbb1aa973dfa370306e301d0603',
    '551d0e041604141c0866a670ee7bd8acc9c862cbaf5a9492c70932301f0603551d230418301680141c0866a670ee7bd8acc9',
    'c862cbaf5a9492c70932300f0603551d130101ff040530030101ff301b0603551d1104143012821065632e776972656c656e',
    '732e74657374300a06082a8648ce3d040302034800304502203dff3c71010c80054c13b8f9de6df203600ffca9550e8db0ad',
    '623d7d32009c1f022100f4a8bf0c01691dbf430fd986d382db6e2db7669ecd7c90afd78eef12348337ab',
  ].join(''),
);

const RSA_OUTLINE = [
  'x509af.signedCertificate_element [4+467] signedCertificate',
  '  x509af.version [12+1] version: v3 (2)',
  '  x509af.serialNumber [15+20] serialNumber: 0x78aad5611c3fbe4f3678dd052f47e6822e6cf75b',
  '  x509af.signature_element [35+15] signature (sha256WithRSAEncryption)',
  '    x509af.algorithm.id [39+9] Algorithm Id: 1.2.840.113549.1.1.11 (sha256WithRSAEncryption)',
  '  x509af.issuer [50+58] issuer: rdnSequence (0)',
  '    x509if.rdnSequence [52+56] rdnSequence: 3 items (id-at-countryName=US,id-at-organizationName=Wirelens,id-at-commonName=wirelens.test)',
  '      x509if.RDNSequence_item [54+22] RDNSequence item: 1 item (id-at-commonName=wirelens.test)',
  '        x509if.RelativeDistinguishedName_item_element [54+22] RelativeDistinguishedName item (id-at-commonName=wirelens.test)',
  '          x509if.oid [58+3] Object Id: 2.5.4.3 (id-at-commonName)',
  '          x509sat.DirectoryString [61+15] DirectoryString: uTF8String (4)',
  '            x509sat.uTF8String [63+13] uTF8String: wirelens.test',
  '      x509if.RDNSequence_item [78+17] RDNSequence item: 1 item (id-at-organizationName=Wirelens)',
  '        x509if.RelativeDistinguishedName_item_element [78+17] RelativeDistinguishedName item (id-at-organizationName=Wirelens)',
  '          x509if.oid [82+3] Object Id: 2.5.4.10 (id-at-organizationName)',
  '          x509sat.DirectoryString [85+10] DirectoryString: uTF8String (4)',
  '            x509sat.uTF8String [87+8] uTF8String: Wirelens',
  '      x509if.RDNSequence_item [97+11] RDNSequence item: 1 item (id-at-countryName=US)',
  '        x509if.RelativeDistinguishedName_item_element [97+11] RelativeDistinguishedName item (id-at-countryName=US)',
  '          x509if.oid [101+3] Object Id: 2.5.4.6 (id-at-countryName)',
  '          x509sat.CountryName [106+2] CountryName: US',
  '  x509af.validity_element [108+32] validity',
  '    x509af.notBefore [110+15] notBefore: utcTime (0)',
  '      x509af.utcTime [112+13] utcTime: 2026-11-26 06:21:20 (UTC)',
  '    x509af.notAfter [125+15] notAfter: utcTime (0)',
  '      x509af.utcTime [127+13] utcTime: 2026-11-27 06:21:20 (UTC)',
  '  x509af.subject [140+58] subject: rdnSequence (0)',
  '    x509af.rdnSequence [142+56] rdnSequence: 3 items (id-at-countryName=US,id-at-organizationName=Wirelens,id-at-commonName=wirelens.test)',
  '      x509if.RDNSequence_item [144+22] RDNSequence item: 1 item (id-at-commonName=wirelens.test)',
  '        x509if.RelativeDistinguishedName_item_element [144+22] RelativeDistinguishedName item (id-at-commonName=wirelens.test)',
  '          x509if.oid [148+3] Object Id: 2.5.4.3 (id-at-commonName)',
  '          x509sat.DirectoryString [151+15] DirectoryString: uTF8String (4)',
  '            x509sat.uTF8String [153+13] uTF8String: wirelens.test',
  '      x509if.RDNSequence_item [168+17] RDNSequence item: 1 item (id-at-organizationName=Wirelens)',
  '        x509if.RelativeDistinguishedName_item_element [168+17] RelativeDistinguishedName item (id-at-organizationName=Wirelens)',
  '          x509if.oid [172+3] Object Id: 2.5.4.10 (id-at-organizationName)',
  '          x509sat.DirectoryString [175+10] DirectoryString: uTF8String (4)',
  '            x509sat.uTF8String [177+8] uTF8String: Wirelens',
  '      x509if.RDNSequence_item [187+11] RDNSequence item: 1 item (id-at-countryName=US)',
  '        x509if.RelativeDistinguishedName_item_element [187+11] RelativeDistinguishedName item (id-at-countryName=US)',
  '          x509if.oid [191+3] Object Id: 2.5.4.6 (id-at-countryName)',
  '          x509sat.CountryName [196+2] CountryName: US',
  '  x509af.subjectPublicKeyInfo_element [198+162] subjectPublicKeyInfo',
  '    x509af.algorithm_element [201+15] algorithm (rsaEncryption)',
  '      x509af.algorithm.id [205+9] Algorithm Id: 1.2.840.113549.1.1.1 (rsaEncryption)',
  '    x509af.subjectPublicKey [220+140] subjectPublicKey: 30818902818100addc3d807f6f8be386a30e97c41c6eaf25c848de244c0b62ffb673fdaf…',
  '      pkcs1.modulus [226+129] modulus: 0x00addc3d807f6f8be386a30e97c41c6eaf25c848de244c0b62ffb673fdaf04982abe481d…',
  '      pkcs1.publicExponent [357+3] publicExponent: 65537',
  '  x509af.extensions [364+107] extensions: 4 items',
  '    x509af.Extension_element [364+31] Extension (id-ce-subjectKeyIdentifier)',
  '      x509af.extension.id [368+3] Extension Id: 2.5.29.14 (id-ce-subjectKeyIdentifier)',
  '      x509ce.SubjectKeyIdentifier [375+20] SubjectKeyIdentifier: be271845f5f3087e0c69eee3f02d0e08601c2b28',
  '    x509af.Extension_element [395+33] Extension (id-ce-authorityKeyIdentifier)',
  '      x509af.extension.id [399+3] Extension Id: 2.5.29.35 (id-ce-authorityKeyIdentifier)',
  '      x509ce.AuthorityKeyIdentifier_element [404+24] AuthorityKeyIdentifier',
  '        x509ce.keyIdentifier [408+20] keyIdentifier: be271845f5f3087e0c69eee3f02d0e08601c2b28',
  '    x509af.Extension_element [428+17] Extension (id-ce-basicConstraints)',
  '      x509af.extension.id [432+3] Extension Id: 2.5.29.19 (id-ce-basicConstraints)',
  '      x509af.critical [437+1] critical: True',
  '      x509ce.BasicConstraintsSyntax_element [440+5] BasicConstraintsSyntax',
  '        x509ce.cA [444+1] cA: True',
  '    x509af.Extension_element [445+26] Extension (id-ce-subjectAltName)',
  '      x509af.extension.id [449+3] Extension Id: 2.5.29.17 (id-ce-subjectAltName)',
  '      x509ce.GeneralNames [456+15] GeneralNames: 1 item',
  '        x509ce.GeneralName [458+13] GeneralName: dNSName (2)',
  '          x509ce.dNSName [458+13] dNSName: wirelens.test',
  'x509af.algorithmIdentifier_element [471+15] algorithmIdentifier (sha256WithRSAEncryption)',
  '  x509af.algorithm.id [475+9] Algorithm Id: 1.2.840.113549.1.1.11 (sha256WithRSAEncryption)',
  'ber.bitstring.padding [489+1] Padding: 0',
  'x509af.encrypted [490+128] encrypted: 072b92bf77aad9bd1472a6f3a696bca4b785bd963b5a414056429395c2b495b56415650a…',
];

const EC_OUTLINE = [
  'x509af.signedCertificate_element [4+402] signedCertificate',
  '  x509af.version [12+1] version: v3 (2)',
  '  x509af.serialNumber [15+20] serialNumber: 0x7d619250f7406379036c1ac061d6cbf4b56fcb43',
  '  x509af.signature_element [35+12] signature (ecdsa-with-SHA256)',
  '    x509af.algorithm.id [39+8] Algorithm Id: 1.2.840.10045.4.3.2 (ecdsa-with-SHA256)',
  '  x509af.issuer [47+61] issuer: rdnSequence (0)',
  '    x509if.rdnSequence [49+59] rdnSequence: 3 items (id-at-countryName=US,id-at-organizationName=Wirelens,id-at-commonName=ec.wirelens.test)',
  '      x509if.RDNSequence_item [51+25] RDNSequence item: 1 item (id-at-commonName=ec.wirelens.test)',
  '        x509if.RelativeDistinguishedName_item_element [51+25] RelativeDistinguishedName item (id-at-commonName=ec.wirelens.test)',
  '          x509if.oid [55+3] Object Id: 2.5.4.3 (id-at-commonName)',
  '          x509sat.DirectoryString [58+18] DirectoryString: uTF8String (4)',
  '            x509sat.uTF8String [60+16] uTF8String: ec.wirelens.test',
  '      x509if.RDNSequence_item [78+17] RDNSequence item: 1 item (id-at-organizationName=Wirelens)',
  '        x509if.RelativeDistinguishedName_item_element [78+17] RelativeDistinguishedName item (id-at-organizationName=Wirelens)',
  '          x509if.oid [82+3] Object Id: 2.5.4.10 (id-at-organizationName)',
  '          x509sat.DirectoryString [85+10] DirectoryString: uTF8String (4)',
  '            x509sat.uTF8String [87+8] uTF8String: Wirelens',
  '      x509if.RDNSequence_item [97+11] RDNSequence item: 1 item (id-at-countryName=US)',
  '        x509if.RelativeDistinguishedName_item_element [97+11] RelativeDistinguishedName item (id-at-countryName=US)',
  '          x509if.oid [101+3] Object Id: 2.5.4.6 (id-at-countryName)',
  '          x509sat.CountryName [106+2] CountryName: US',
  '  x509af.validity_element [108+32] validity',
  '    x509af.notBefore [110+15] notBefore: utcTime (0)',
  '      x509af.utcTime [112+13] utcTime: 2026-11-26 06:21:20 (UTC)',
  '    x509af.notAfter [125+15] notAfter: utcTime (0)',
  '      x509af.utcTime [127+13] utcTime: 2026-11-27 06:21:20 (UTC)',
  '  x509af.subject [140+61] subject: rdnSequence (0)',
  '    x509af.rdnSequence [142+59] rdnSequence: 3 items (id-at-countryName=US,id-at-organizationName=Wirelens,id-at-commonName=ec.wirelens.test)',
  '      x509if.RDNSequence_item [144+25] RDNSequence item: 1 item (id-at-commonName=ec.wirelens.test)',
  '        x509if.RelativeDistinguishedName_item_element [144+25] RelativeDistinguishedName item (id-at-commonName=ec.wirelens.test)',
  '          x509if.oid [148+3] Object Id: 2.5.4.3 (id-at-commonName)',
  '          x509sat.DirectoryString [151+18] DirectoryString: uTF8String (4)',
  '            x509sat.uTF8String [153+16] uTF8String: ec.wirelens.test',
  '      x509if.RDNSequence_item [171+17] RDNSequence item: 1 item (id-at-organizationName=Wirelens)',
  '        x509if.RelativeDistinguishedName_item_element [171+17] RelativeDistinguishedName item (id-at-organizationName=Wirelens)',
  '          x509if.oid [175+3] Object Id: 2.5.4.10 (id-at-organizationName)',
  '          x509sat.DirectoryString [178+10] DirectoryString: uTF8String (4)',
  '            x509sat.uTF8String [180+8] uTF8String: Wirelens',
  '      x509if.RDNSequence_item [190+11] RDNSequence item: 1 item (id-at-countryName=US)',
  '        x509if.RelativeDistinguishedName_item_element [190+11] RelativeDistinguishedName item (id-at-countryName=US)',
  '          x509if.oid [194+3] Object Id: 2.5.4.6 (id-at-countryName)',
  '          x509sat.CountryName [199+2] CountryName: US',
  '  x509af.subjectPublicKeyInfo_element [201+91] subjectPublicKeyInfo',
  '    x509af.algorithm_element [203+21] algorithm (id-ecPublicKey)',
  '      x509af.algorithm.id [207+7] Algorithm Id: 1.2.840.10045.2.1 (id-ecPublicKey)',
  '      pkcs1.ECParameters [214+10] ECParameters: namedCurve (1)',
  '        pkcs1.namedCurve [216+8] namedCurve: 1.2.840.10045.3.1.7 (secp256r1)',
  '    ber.bitstring.padding [226+1] Padding: 0',
  '    x509af.subjectPublicKey [227+65] subjectPublicKey: 04831467fe36bc27bb4c9dc118fc17536515ebe4b4b8d57121e2a79dee38fd230d9cc911…',
  '  x509af.extensions [296+110] extensions: 4 items',
  '    x509af.Extension_element [296+31] Extension (id-ce-subjectKeyIdentifier)',
  '      x509af.extension.id [300+3] Extension Id: 2.5.29.14 (id-ce-subjectKeyIdentifier)',
  '      x509ce.SubjectKeyIdentifier [307+20] SubjectKeyIdentifier: 1c0866a670ee7bd8acc9c862cbaf5a9492c70932',
  '    x509af.Extension_element [327+33] Extension (id-ce-authorityKeyIdentifier)',
  '      x509af.extension.id [331+3] Extension Id: 2.5.29.35 (id-ce-authorityKeyIdentifier)',
  '      x509ce.AuthorityKeyIdentifier_element [336+24] AuthorityKeyIdentifier',
  '        x509ce.keyIdentifier [340+20] keyIdentifier: 1c0866a670ee7bd8acc9c862cbaf5a9492c70932',
  '    x509af.Extension_element [360+17] Extension (id-ce-basicConstraints)',
  '      x509af.extension.id [364+3] Extension Id: 2.5.29.19 (id-ce-basicConstraints)',
  '      x509af.critical [369+1] critical: True',
  '      x509ce.BasicConstraintsSyntax_element [372+5] BasicConstraintsSyntax',
  '        x509ce.cA [376+1] cA: True',
  '    x509af.Extension_element [377+29] Extension (id-ce-subjectAltName)',
  '      x509af.extension.id [381+3] Extension Id: 2.5.29.17 (id-ce-subjectAltName)',
  '      x509ce.GeneralNames [388+18] GeneralNames: 1 item',
  '        x509ce.GeneralName [390+16] GeneralName: dNSName (2)',
  '          x509ce.dNSName [390+16] dNSName: ec.wirelens.test',
  'x509af.algorithmIdentifier_element [406+12] algorithmIdentifier (ecdsa-with-SHA256)',
  '  x509af.algorithm.id [410+8] Algorithm Id: 1.2.840.10045.4.3.2 (ecdsa-with-SHA256)',
  'ber.bitstring.padding [420+1] Padding: 0',
  'x509af.encrypted [421+71] encrypted: 304502203dff3c71010c80054c13b8f9de6df203600ffca9550e8db0ad623d7d32009c1f…',
];

/** An EC P-384 leaf signed by an RSA CA, with most extensions found in web PKI certificates. */
const LEAF_CERT = fromHex(
  [
    '308205563082043ea003020102021400ff00112233445566778899aabbccddeeff0011300d06092a864886f70d01010c0500',
    '3081a0310b30090603550406130255533113301106035504080c0a43616c69666f726e69613116301406035504070c0d5361',
    '6e204672616e636973636f31143012060355040a0c0b576972656c656e7320434131123010060355040b0c09546573742055',
    '6e69743119301706035504030c10576972656c656e732054657374204341311f301d06092a864886f70d0109011610636140',
    '776972656c656e732e746573743020170d3236313132363036323132395a180f32303831303832393036323132395a304c31',
    '0b30090603550406130244453120301e060355040a0c17576972656c656e7320c39c6ec3af636f646520476d6248311b3019',
    '06035504030c12726963682e776972656c656e732e746573743076301006072a8648ce3d020106052b81040022036200049d',
    '2af2be9972652d1f4c7294990e91d41fcedc3605c8b7dbd1c8a11b31a3fe7b9417d0a5bc8666bc3ab45ebcf501d263cf9c15',
    'bab0e65d4a97f14bd0ebdc796bbb7ac3dc76042eedcc0dc9aef4020c257097db2131ba1c1816e1421e6d4badc4a382028530',
    '820281300c0603551d130101ff04023000300e0603551d0f0101ff0404030205a0301d0603551d250416301406082b060105',
    '0507030106082b06010505070302301d0603551d0e041604149679bbf9a3b23db4af7686373afd409d412df1133081e00603',
    '551d230481d83081d580141722499be70d4815423e975089e492b398670bc6a181a6a481a33081a0310b3009060355040613',
    '0255533113301106035504080c0a43616c69666f726e69613116301406035504070c0d53616e204672616e636973636f3114',
    '3012060355040a0c0b576972656c656e7320434131123010060355040b0c095465737420556e69743119301706035504030c',
    '10576972656c656e732054657374204341311f301d06092a864886f70d0109011610636140776972656c656e732e74657374',
    '82140e4a4d58c6c282d04a25c08c25746fb50f6885d130730603551d11046c306a8212726963682e776972656c656e732e74',
    '657374820f2a2e776972656c656e732e746573748704c0000207871020010db8000000000000000000000001811361646d69',
    '6e40776972656c656e732e74657374861668747470733a2f2f776972656c656e732e746573742f306106082b060105050701',
    '0104553053302506082b060105050730018619687474703a2f2f6f6373702e776972656c656e732e74657374302a06082b06',
    '010505073002861e687474703a2f2f63612e776972656c656e732e746573742f63612e63727430300603551d1f0429302730',
    '25a023a021861f687474703a2f2f63726c2e776972656c656e732e746573742f63612e63726c30200603551d200419301730',
    '08060667810c010201300b06092b06010401868d1f01301406096086480186f842010d0407160568656c6c6f300d06092a86',
    '4886f70d01010c050003820101002a028ad1d8fe3e749b444e5692ab1c68256209a210b861a36a0863d542d66ce66297f165',
    '13e505106c31c2675df92f53f991ca1759055a6e4bb437553ff73a5770212e26668ade9a53fad38851751c3a832798fd1e00',
    '0e7336032e7f643a3b3c4d779350857fb439ed49729a1ad05703423506708818ab72e3951d5f8a61a9868791d9f95ea95170',
    'd7bfde7b3f27aec105fafee3b10be4d695750135467589f9bf0e9f0e8f027fff141f83930cbf70d4b5125f03e25822a3eec9',
    'ee7fc151d6a1066cecf9a2138c1009cf898f46405453f764cfd7334d3bbccd4de235f6625e48a528ffef79b3d63e51088709',
    '27523f4203e623fa25197c465eec54bd4fc1b3e4',
  ].join(''),
);

/** tshark's outline of LEAF_CERT without the x509if/x509sat name internals (covered by RSA_OUTLINE). */
const LEAF_OUTLINE = [
  'x509af.signedCertificate_element [4+1090] signedCertificate',
  '  x509af.version [12+1] version: v3 (2)',
  '  x509af.serialNumber [15+20] serialNumber: 0x00ff00112233445566778899aabbccddeeff0011',
  '  x509af.signature_element [35+15] signature (sha384WithRSAEncryption)',
  '    x509af.algorithm.id [39+9] Algorithm Id: 1.2.840.113549.1.1.12 (sha384WithRSAEncryption)',
  '  x509af.issuer [50+163] issuer: rdnSequence (0)',
  '  x509af.validity_element [213+34] validity',
  '    x509af.notBefore [215+15] notBefore: utcTime (0)',
  '      x509af.utcTime [217+13] utcTime: 2026-11-26 06:21:29 (UTC)',
  '    x509af.notAfter [230+17] notAfter: generalizedTime (1)',
  '      x509af.generalizedTime [232+15] generalizedTime: Aug 29, 2081 06:21:29.000000000 UTC',
  '  x509af.subject [247+78] subject: rdnSequence (0)',
  '    x509af.rdnSequence [249+76] rdnSequence: 3 items (id-at-commonName=rich.wirelens.test,id-at-organizationName=Wirelens Ünïcode GmbH,id-at-countryName=DE)',
  '  x509af.subjectPublicKeyInfo_element [325+120] subjectPublicKeyInfo',
  '    x509af.algorithm_element [327+18] algorithm (id-ecPublicKey)',
  '      x509af.algorithm.id [331+7] Algorithm Id: 1.2.840.10045.2.1 (id-ecPublicKey)',
  '      pkcs1.ECParameters [338+7] ECParameters: namedCurve (1)',
  '        pkcs1.namedCurve [340+5] namedCurve: 1.3.132.0.34 (secp384r1)',
  '    ber.bitstring.padding [347+1] Padding: 0',
  '    x509af.subjectPublicKey [348+97] subjectPublicKey: 049d2af2be9972652d1f4c7294990e91d41fcedc3605c8b7dbd1c8a11b31a3fe7b9417d0…',
  '  x509af.extensions [453+641] extensions: 10 items',
  '    x509af.Extension_element [453+14] Extension (id-ce-basicConstraints)',
  '      x509af.extension.id [457+3] Extension Id: 2.5.29.19 (id-ce-basicConstraints)',
  '      x509af.critical [462+1] critical: True',
  '      x509ce.BasicConstraintsSyntax_element [465+2] BasicConstraintsSyntax [0 length]',
  '    x509af.Extension_element [467+16] Extension (id-ce-keyUsage)',
  '      x509af.extension.id [471+3] Extension Id: 2.5.29.15 (id-ce-keyUsage)',
  '      x509af.critical [476+1] critical: True',
  '      ber.bitstring.padding [481+1] Padding: 5',
  '      x509ce.KeyUsage [482+1] KeyUsage: a0',
  '        x509ce.KeyUsage.digitalSignature [482+1] 1... .... = digitalSignature: True',
  '        x509ce.KeyUsage.contentCommitment [482+1] .0.. .... = contentCommitment: False',
  '        x509ce.KeyUsage.keyEncipherment [482+1] ..1. .... = keyEncipherment: True',
  '        x509ce.KeyUsage.dataEncipherment [482+1] ...0 .... = dataEncipherment: False',
  '        x509ce.KeyUsage.keyAgreement [482+1] .... 0... = keyAgreement: False',
  '        x509ce.KeyUsage.keyCertSign [482+1] .... .0.. = keyCertSign: False',
  '        x509ce.KeyUsage.cRLSign [482+1] .... ..0. = cRLSign: False',
  '        x509ce.KeyUsage.encipherOnly [482+1] .... ...0 = encipherOnly: False',
  '        x509ce.KeyUsage.decipherOnly [482+1] 0... .... = decipherOnly: False',
  '    x509af.Extension_element [483+31] Extension (id-ce-extKeyUsage)',
  '      x509af.extension.id [487+3] Extension Id: 2.5.29.37 (id-ce-extKeyUsage)',
  '      x509ce.KeyPurposeIDs [494+20] KeyPurposeIDs: 2 items',
  '        x509ce.KeyPurposeId [496+8] KeyPurposeId: 1.3.6.1.5.5.7.3.1 (id-kp-serverAuth)',
  '        x509ce.KeyPurposeId [506+8] KeyPurposeId: 1.3.6.1.5.5.7.3.2 (id-kp-clientAuth)',
  '    x509af.Extension_element [514+31] Extension (id-ce-subjectKeyIdentifier)',
  '      x509af.extension.id [518+3] Extension Id: 2.5.29.14 (id-ce-subjectKeyIdentifier)',
  '      x509ce.SubjectKeyIdentifier [525+20] SubjectKeyIdentifier: 9679bbf9a3b23db4af7686373afd409d412df113',
  '    x509af.Extension_element [545+227] Extension (id-ce-authorityKeyIdentifier)',
  '      x509af.extension.id [550+3] Extension Id: 2.5.29.35 (id-ce-authorityKeyIdentifier)',
  '      x509ce.AuthorityKeyIdentifier_element [556+216] AuthorityKeyIdentifier',
  '        x509ce.keyIdentifier [561+20] keyIdentifier: 1722499be70d4815423e975089e492b398670bc6',
  '        x509ce.authorityCertIssuer [584+166] authorityCertIssuer: 1 item',
  '          x509ce.GeneralName [587+163] GeneralName: directoryName (4)',
  '            x509ce.directoryName [587+163] directoryName: rdnSequence (0)',
  '        x509ce.authorityCertSerialNumber [752+20] authorityCertSerialNumber: 0x0e4a4d58c6c282d04a25c08c25746fb50f6885d1',
  '    x509af.Extension_element [772+117] Extension (id-ce-subjectAltName)',
  '      x509af.extension.id [776+3] Extension Id: 2.5.29.17 (id-ce-subjectAltName)',
  '      x509ce.GeneralNames [783+106] GeneralNames: 6 items',
  '        x509ce.GeneralName [785+18] GeneralName: dNSName (2)',
  '          x509ce.dNSName [785+18] dNSName: rich.wirelens.test',
  '        x509ce.GeneralName [805+15] GeneralName: dNSName (2)',
  '          x509ce.dNSName [805+15] dNSName: *.wirelens.test',
  '        x509ce.GeneralName [822+4] GeneralName: iPAddress (7)',
  '          x509ce.IPAddress.ipv4 [822+4] iPAddress: 192.0.2.7',
  '        x509ce.GeneralName [828+16] GeneralName: iPAddress (7)',
  '          x509ce.IPAddress.ipv6 [828+16] iPAddress: 2001:db8::1',
  '        x509ce.GeneralName [846+19] GeneralName: rfc822Name (1)',
  '          x509ce.rfc822Name [846+19] rfc822Name: admin@wirelens.test',
  '        x509ce.GeneralName [867+22] GeneralName: uniformResourceIdentifier (6)',
  '          x509ce.uniformResourceIdentifier [867+22] uniformResourceIdentifier: https://wirelens.test/',
  '    x509af.Extension_element [889+99] Extension (id-pe-authorityInfoAccess)',
  '      x509af.extension.id [893+8] Extension Id: 1.3.6.1.5.5.7.1.1 (id-pe-authorityInfoAccess)',
  '      pkix1implicit.AuthorityInfoAccessSyntax [905+83] AuthorityInfoAccessSyntax: 2 items',
  '        pkix1implicit.AccessDescription_element [905+39] AccessDescription',
  '          pkix1implicit.accessMethod [909+8] accessMethod: 1.3.6.1.5.5.7.48.1 (id-ad-ocsp)',
  '          pkix1implicit.accessLocation [919+25] accessLocation: 6',
  '            x509ce.uniformResourceIdentifier [919+25] uniformResourceIdentifier: http://ocsp.wirelens.test',
  '        pkix1implicit.AccessDescription_element [944+44] AccessDescription',
  '          pkix1implicit.accessMethod [948+8] accessMethod: 1.3.6.1.5.5.7.48.2 (id-ad-caIssuers)',
  '          pkix1implicit.accessLocation [958+30] accessLocation: 6',
  '            x509ce.uniformResourceIdentifier [958+30] uniformResourceIdentifier: http://ca.wirelens.test/ca.crt',
  '    x509af.Extension_element [988+50] Extension (id-ce-cRLDistributionPoints)',
  '      x509af.extension.id [992+3] Extension Id: 2.5.29.31 (id-ce-cRLDistributionPoints)',
  '      x509ce.CRLDistPointsSyntax [999+39] CRLDistPointsSyntax: 1 item',
  '        x509ce.DistributionPoint_element [999+39] DistributionPoint',
  '          x509ce.distributionPoint [1005+33] distributionPoint: fullName (0)',
  '            x509ce.fullName [1005+33] fullName: 1 item',
  '              x509ce.GeneralName [1007+31] GeneralName: uniformResourceIdentifier (6)',
  '                x509ce.uniformResourceIdentifier [1007+31] uniformResourceIdentifier: http://crl.wirelens.test/ca.crl',
  '    x509af.Extension_element [1038+34] Extension (id-ce-certificatePolicies)',
  '      x509af.extension.id [1042+3] Extension Id: 2.5.29.32 (id-ce-certificatePolicies)',
  '      x509ce.CertificatePoliciesSyntax [1049+23] CertificatePoliciesSyntax: 2 items',
  '        x509ce.PolicyInformation_element [1049+10] PolicyInformation',
  '          x509ce.policyIdentifier [1053+6] policyIdentifier: 2.23.140.1.2.1 (joint-iso-itu-t.23.140.1.2.1)',
  '        x509ce.PolicyInformation_element [1059+13] PolicyInformation',
  '          x509ce.policyIdentifier [1063+9] policyIdentifier: 1.3.6.1.4.1.99999.1 (iso.3.6.1.4.1.99999.1)',
  '    x509af.Extension_element [1072+22] Extension (ns_cert_exts.comment)',
  '      x509af.extension.id [1076+9] Extension Id: 2.16.840.1.113730.1.13 (ns_cert_exts.comment)',
  '      ns_cert_exts.Comment [1089+5] Comment: hello',
  'x509af.algorithmIdentifier_element [1094+15] algorithmIdentifier (sha384WithRSAEncryption)',
  '  x509af.algorithm.id [1098+9] Algorithm Id: 1.2.840.113549.1.1.12 (sha384WithRSAEncryption)',
  'ber.bitstring.padding [1113+1] Padding: 0',
  'x509af.encrypted [1114+256] encrypted: 2a028ad1d8fe3e749b444e5692ab1c68256209a210b861a36a0863d542d66ce66297f165…',
];

/** The certificate placed inside a larger buffer, so offsets are checked as positions in `b`. */
const BASE = 7;
function embed(cert: Uint8Array): Uint8Array {
  const b = new Uint8Array(BASE + cert.length + 5).fill(0xee);
  b.set(cert, BASE);
  return b;
}

function dissect(cert: Uint8Array): { tree: FieldTree; parent: FieldNode; b: Uint8Array } {
  const b = embed(cert);
  const tree = new FieldTree();
  const parent = tree.text(null, BASE, cert.length, 'Certificate: 3082…');
  dissectCertificate(tree, parent, b, BASE, cert.length);
  return { tree, parent, b };
}

function outline(nodes: readonly FieldNode[], depth = 0, out: string[] = []): string[] {
  for (const n of nodes) {
    out.push(`${'  '.repeat(depth)}${n.def?.abbrev ?? ''} [${n.offset - BASE}+${n.length}] ${n.label}`);
    if (n.children) outline(n.children, depth + 1, out);
  }
  return out;
}

function one(tree: FieldTree, abbrev: string): FieldNode {
  const all = findAll(tree, abbrev);
  expect(all.length, abbrev).toBeGreaterThan(0);
  return all[0]!;
}

function textNodes(parent: FieldNode): FieldNode[] {
  return [...walk(parent.children ?? [])].filter((n) => n.def === undefined);
}

/** A small deterministic PRNG for the corruption test. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('dissectCertificate', () => {
  it('draws the RSA certificate exactly as tshark 4.0 does', () => {
    const { parent } = dissect(RSA_CERT);
    expect(outline(parent.children ?? [])).toEqual(RSA_OUTLINE);
  });

  it('draws the EC certificate exactly as tshark 4.0 does', () => {
    const { parent } = dissect(EC_CERT);
    expect(outline(parent.children ?? [])).toEqual(EC_OUTLINE);
  });

  it('draws extensions, EC P-384 parameters and GeneralizedTime as tshark 4.0 does', () => {
    const { parent } = dissect(LEAF_CERT);
    const lines = outline(parent.children ?? []).filter((l) => !/\b(x509if|x509sat)\./.test(l));
    expect(lines).toEqual(LEAF_OUTLINE);
  });

  it('appends the subject to the caller’s Certificate item', () => {
    const { parent } = dissect(RSA_CERT);
    expect(parent.label).toBe(
      'Certificate: 3082… (id-at-countryName=US,id-at-organizationName=Wirelens,id-at-commonName=wirelens.test)',
    );
  });

  it('gives the serial number the INTEGER content range and bytes value', () => {
    const { tree, b } = dissect(RSA_CERT);
    // 30 82 02 66 | 30 82 01 cf | a0 03 02 01 02 | 02 14 <20 bytes>
    expect(RSA_CERT[13]).toBe(0x02);
    const len = RSA_CERT[14]!;
    const serial = one(tree, 'x509af.serialNumber');
    expect(serial.offset).toBe(BASE + 15);
    expect(serial.length).toBe(len);
    expect(serial.value).toEqual(b.slice(BASE + 15, BASE + 15 + len));
    expect(fieldsValue(serial.def!, serial.value)).toBe('78aad5611c3fbe4f3678dd052f47e6822e6cf75b');
    expect(serial.label).toBe('serialNumber: 0x78aad5611c3fbe4f3678dd052f47e6822e6cf75b');
  });

  it('reports version, names, validity, algorithms and the SAN', () => {
    const { tree } = dissect(RSA_CERT);
    expect(one(tree, 'x509af.version').label).toBe('version: v3 (2)');
    expect(findAll(tree, 'x509af.algorithm.id').map((n) => n.value)).toEqual([
      '1.2.840.113549.1.1.11',
      '1.2.840.113549.1.1.1',
      '1.2.840.113549.1.1.11',
    ]);
    expect(one(tree, 'x509if.rdnSequence').label).toBe(
      'rdnSequence: 3 items (id-at-countryName=US,id-at-organizationName=Wirelens,id-at-commonName=wirelens.test)',
    );
    expect(one(tree, 'x509af.rdnSequence').value).toBe(3);
    expect(findAll(tree, 'x509af.utcTime').map((n) => n.value)).toEqual([
      '2026-11-26 06:21:20 (UTC)',
      '2026-11-27 06:21:20 (UTC)',
    ]);
    const dns = one(tree, 'x509ce.dNSName');
    expect(dns.value).toBe('wirelens.test');
    expect(dns.label).toBe('dNSName: wirelens.test');
    expect(one(tree, 'x509af.critical').value).toBe(true);
    expect(one(tree, 'pkcs1.publicExponent').value).toBe(65537);
    expect(one(tree, 'ber.bitstring.padding').value).toBe(0);
  });

  it('names the EC curve and key algorithm', () => {
    const { tree } = dissect(EC_CERT);
    expect(one(tree, 'pkcs1.namedCurve').value).toBe('1.2.840.10045.3.1.7');
    expect(one(tree, 'x509af.algorithm_element').label).toBe('algorithm (id-ecPublicKey)');
    expect(one(tree, 'x509af.signature_element').label).toBe('signature (ecdsa-with-SHA256)');
  });

  it('never throws on truncated DER and says why it stopped', () => {
    for (let cut = 0; cut < RSA_CERT.length; cut++) {
      const b = RSA_CERT.slice(0, cut);
      const tree = new FieldTree();
      const parent = tree.text(null, 0, cut, 'Certificate');
      expect(() => dissectCertificate(tree, parent, b, 0, cut)).not.toThrow();
      const texts = textNodes(parent);
      expect(texts.length, `cut at ${cut}`).toBeGreaterThan(0);
      expect(texts[0]!.label).toMatch(/^Malformed certificate: /);
    }
  });

  it('never throws on corrupted DER and keeps every range inside the buffer', () => {
    const rnd = prng(0x5eed);
    const outside: string[] = [];
    for (let round = 0; round < 1500; round++) {
      const cert = (round % 2 ? EC_CERT : RSA_CERT).slice();
      const flips = 1 + Math.floor(rnd() * 3);
      for (let k = 0; k < flips; k++) cert[Math.floor(rnd() * cert.length)] = Math.floor(rnd() * 256);
      const b = embed(cert);
      const tree = new FieldTree();
      const parent = tree.text(null, BASE, cert.length, 'Certificate');
      dissectCertificate(tree, parent, b, BASE, cert.length);
      for (const n of walk(parent.children ?? [])) {
        if (n.offset < 0 || n.offset + n.length > b.length) outside.push(`round ${round}: ${n.label}`);
      }
    }
    expect(outside).toEqual([]);
  });

  it('reports a non-certificate as malformed', () => {
    const b = fromHex('020101');
    const tree = new FieldTree();
    const parent = tree.text(null, 0, b.length, 'Certificate');
    dissectCertificate(tree, parent, b, 0, b.length);
    expect(parent.children?.map((n) => n.label)).toEqual([
      'Malformed certificate: Sequence expected but class:UNIVERSAL(0) Primitive tag:2 was unexpected',
    ]);
    expect(parent.label).toBe('Certificate');
  });

  it('declares its fields with tshark’s types', () => {
    expect(lookupField('x509af.version')?.type).toBe('int32');
    expect(lookupField('x509af.serialNumber')?.type).toBe('bytes');
    expect(lookupField('x509af.algorithm.id')?.type).toBe('oid');
    expect(lookupField('x509af.critical')?.type).toBe('boolean');
    expect(lookupField('x509af.generalizedTime')?.type).toBe('abstime');
    expect(lookupField('x509ce.dNSName')?.name).toBe('dNSName');
    expect(lookupField('x509if.RelativeDistinguishedName_item_element')?.type).toBe('none');
  });
});

describe('certificateSummary', () => {
  it('summarises the RSA certificate', () => {
    expect(certificateSummary(embed(RSA_CERT), BASE, RSA_CERT.length)).toEqual({
      subject: 'id-at-countryName=US,id-at-organizationName=Wirelens,id-at-commonName=wirelens.test',
      issuer: 'id-at-countryName=US,id-at-organizationName=Wirelens,id-at-commonName=wirelens.test',
      notBefore: '2026-11-26T06:21:20Z',
      notAfter: '2026-11-27T06:21:20Z',
      keyType: 'RSA',
      keyBits: 1024,
      sans: ['wirelens.test'],
    });
  });

  it('summarises the EC certificate', () => {
    const s = certificateSummary(EC_CERT, 0, EC_CERT.length);
    expect(s?.keyType).toBe('EC');
    expect(s?.keyBits).toBe(256);
    expect(s?.sans).toEqual(['ec.wirelens.test']);
    expect(s?.subject).toBe('id-at-countryName=US,id-at-organizationName=Wirelens,id-at-commonName=ec.wirelens.test');
  });

  it('lists every subject alternative name and the P-384 key size', () => {
    const s = certificateSummary(LEAF_CERT, 0, LEAF_CERT.length);
    expect(s).toEqual({
      subject: 'id-at-commonName=rich.wirelens.test,id-at-organizationName=Wirelens Ünïcode GmbH,id-at-countryName=DE',
      issuer:
        'pkcs-9-at-emailAddress=ca@wirelens.test,id-at-commonName=Wirelens Test CA,id-at-organizationalUnitName=Test Unit,' +
        'id-at-organizationName=Wirelens CA,id-at-localityName=San Francisco,id-at-stateOrProvinceName=California,' +
        'id-at-countryName=US',
      notBefore: '2026-11-26T06:21:29Z',
      notAfter: '2081-08-29T06:21:29Z',
      keyType: 'EC',
      keyBits: 384,
      sans: [
        'rich.wirelens.test',
        '*.wirelens.test',
        '192.0.2.7',
        '2001:db8::1',
        'admin@wirelens.test',
        'https://wirelens.test/',
      ],
    });
  });

  it('returns undefined for bytes that are not a certificate', () => {
    expect(certificateSummary(RSA_CERT.slice(0, 40), 0, 40)).toBeUndefined();
    expect(certificateSummary(new Uint8Array(0), 0, 0)).toBeUndefined();
  });
});

describe('oidResolved', () => {
  it('uses Wireshark’s names and falls back to the deepest named ancestor', () => {
    expect(oidResolved('1.2.840.113549.1.1.11')).toBe('sha256WithRSAEncryption');
    expect(oidResolved('2.5.29.17')).toBe('id-ce-subjectAltName');
    expect(oidResolved('2.23.140.1.2.1')).toBe('joint-iso-itu-t.23.140.1.2.1');
    expect(oidResolved('1.2.840.113549.1.1.7')).toBe('ISO assigned OIDs, USA.113549.1.1.7');
    expect(oidResolved('1.3.6.1.5.5.7.1.11')).toBe('id-pkix.1.11');
    expect(oidResolved('1.3.101.112')).toBe('iso.3.101.112');
  });
});
