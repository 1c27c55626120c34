/** Saves text or bytes as a file through the browser's download (works in serve mode and in Electron). */
export function download(name: string, data: string | Uint8Array, type: string): void {
  const part = typeof data === 'string' ? data : Uint8Array.from(data).buffer;
  const url = URL.createObjectURL(new Blob([part], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Bytes of a base64 string. */
export function fromBase64(text: string): Uint8Array {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
