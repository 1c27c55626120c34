/** CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320) as zlib, PNG and STUN's FINGERPRINT compute it. */
const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(b: Uint8Array, offset = 0, length = b.length - offset): number {
  let c = 0xffffffff;
  for (let i = offset; i < offset + length; i++) c = TABLE[(c ^ b[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
