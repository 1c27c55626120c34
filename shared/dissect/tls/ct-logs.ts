/**
 * Certificate Transparency logs by Log ID (the SHA-256 of the log's key), named as Wireshark names them in
 * `Signed Certificate Timestamp (NAME)`. The logs seen in the shared captures; others show as `Unknown Log`.
 */
const CT_LOGS: ReadonlyMap<string, string> = new Map([
  ['4494652eb0eeceafc44007d8a8fe28c0dae682bed8cb31b53fd33396b5b681a8', "Cloudflare 'Nimbus2021' Log"],
  ['41c8cab1df22464a10c6a13a0942875e4e318b1b03ebeb4bc768f090629606f6', "Cloudflare 'Nimbus2022' Log"],
  ['dab6bf6b3fb5b6229f9bc2bb5c6be87091716cbb51848534bda43d3048d7fbab', "Cloudflare 'Nimbus2024' Log"],
  ['5614069a2fd7c2ecd3f5e1bd44b23ec74676b9bc99115cc0ef949855d689d0dd', 'DigiCert Log Server'],
  ['8775bfe7597cf88c43995fbdf36eff568d475636ff4ab560c1b4eaff5ea0830f', 'DigiCert Log Server 2'],
  ['b3737707e18450f86386d605a9dc11094a792db1670c0b87dcf0030e7936a59a', 'DigiCert Nessie2023 Log'],
  ['73d99e891b4c9678a0207d479de6b2c61cd0515e71192a8c6b80107ac17772b5', 'DigiCert Nessie2024 Log'],
  ['5cdc4392fee6ab4544b15e9ad456e61037fbd5fa47dca17394b25ee6f6c70eca', 'DigiCert Yeti2021 Log'],
  ['35cf191bbfb16c57bf0fad4c6d42cbbbb627202651ea3fe12aefa803c33bd64c', 'DigiCert Yeti2023 Log'],
  ['48b0e36bdaa647340fe56a02fa9d30eb1c5201cb56dd2c81d9bbbfab39d88473', 'DigiCert Yeti2024 Log'],
  ['f65c942fd1773022145418083094568ee34d131933bfdf0c2f200bcc4ef164e3', "Google 'Argon2021' log"],
  ['e83ed0da3ef5063532e75728bc896bc903d3cbd1116beceb69e1777d6d06bd6e', "Google 'Argon2023' log"],
  ['eecdd064d5db1acec55cb79db4cd13a23287467cbcecdec351485946711fb59b', "Google 'Argon2024' log"],
  ['68f698f81f6482be3a8ceeb9281d4cfc71515d6793d444d10a67acbb4f4ffbc4', "Google 'Aviator' log"],
  ['a4b90990b418581487bb13a2cc67700a3c359804f91bdfb8e377cd0ec80ddc10', "Google 'Pilot' log"],
  ['ee4bbdb775ce60bae142691fabe19e66a30f7e5fb072d88300c47b897aa8fdcb', "Google 'Rocketeer' log"],
  ['bbd9dfbc1f8a71b593942397aa927b473857950aab52e81a909664368e1ed185', "Google 'Skydiver' log"],
  ['7d3ef2f88fff88556824c2c0ca9e5289792bc50e78097f2e6a9768997e22f0d7', "Google 'Xenon2021' log"],
  ['46a555eb75fa912030b5a28969f4f37d112c4174befd49b885abf2fc70fe6d47', "Google 'Xenon2022' log"],
  ['76ff883f0ab6fb9551c261ccf587ba34b4a4cdbb29dc68420a9fe6674c5a3a74', "Google 'Xenon2024' log"],
  ['dfa55eab68824f1f6cadeeb85f4e3e5aeacda212a46a5e8e3b12c020445c2a73', "Let's Encrypt 'Oak2022' log"],
  ['b73efb24df9c4dba75f239c5ba58f46c5dfc42cf7a9f35c49e1d098125edb499', "Let's Encrypt 'Oak2023' log"],
  ['6f5376ac31f03119d89900a45115ff77151c11d902c10029068db2089a37d913', "Sectigo 'Mammoth' CT log"],
  ['ddeb1d2b7a0d4fa6208b81ad8168707e2e8e9d01d55c888d3d11c4cdb6ecbecc', 'Symantec log'],
  ['03019df3fd85a69a8ebd1facc6da9ba73e469774fe77f579fc5a08b8328c1d6b', 'Venafi Gen2 CT log'],
  ['ac3b9aed7fa9674757159e6d7d575672f9d98100941e9bdeffeca1313b75782d', 'Venafi log'],
]);

/** The name of the log with this Log ID (hex), or `Unknown Log`. */
export function ctLogName(logIdHex: string): string {
  return CT_LOGS.get(logIdHex) ?? 'Unknown Log';
}
