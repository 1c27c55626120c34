/**
 * tshark's TLS key preferences: `tls.keylog_file:PATH` (ssl.keylog_file is its old name), the RSA keys table
 * `uat:rsa_keys:"PATH","PASSWORD"` (one -o per key) and the older `tls.keys_list:IP,PORT,PROTOCOL,PATH[,PASSWORD]`
 * with `;` between entries (ssl.keys_list). Address, port and protocol of the old form are accepted but not used:
 * like tshark, every key is tried on every RSA key exchange.
 */

export interface RsaKeyFile {
  path: string;
  password: string;
}

export interface TlsKeyOptions {
  keylogFile: string | undefined;
  rsaKeyFiles: RsaKeyFile[];
  /** Preferences that were meant for TLS keys but could not be read. */
  problems: string[];
}

/** The fields of one UAT record: comma-separated, each quoted ("…" with \\ escapes and \xNN) or bare. */
export function parseUatRecord(text: string): string[] | undefined {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    while (text[i] === ' ') i++;
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) return undefined;
        const c = text[i]!;
        if (c === '"') {
          i++;
          break;
        }
        if (c === '\\' && text[i + 1] === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 2, i + 4))) {
          field += String.fromCharCode(parseInt(text.slice(i + 2, i + 4), 16));
          i += 4;
        } else if (c === '\\' && i + 1 < text.length) {
          field += text[i + 1];
          i += 2;
        } else {
          field += c;
          i++;
        }
      }
    } else {
      const comma = text.indexOf(',', i);
      field = (comma < 0 ? text.slice(i) : text.slice(i, comma)).trim();
      i = comma < 0 ? text.length : comma;
    }
    out.push(field);
    while (text[i] === ' ') i++;
    if (i >= text.length) return out;
    if (text[i] !== ',') return undefined;
    i++;
  }
}

export function tlsKeyOptions(prefs: readonly (readonly [string, string])[]): TlsKeyOptions {
  const opts: TlsKeyOptions = { keylogFile: undefined, rsaKeyFiles: [], problems: [] };
  for (const [name, value] of prefs) {
    if (name === 'tls.keylog_file' || name === 'ssl.keylog_file') opts.keylogFile = value || undefined;
    else if (name === 'uat' && value.startsWith('rsa_keys:')) {
      const fields = parseUatRecord(value.slice('rsa_keys:'.length));
      if (!fields || !fields[0]) opts.problems.push(`invalid rsa_keys record "${value}"`);
      else opts.rsaKeyFiles.push({ path: fields[0], password: fields[1] ?? '' });
    } else if (name === 'tls.keys_list' || name === 'ssl.keys_list') {
      for (const entry of value.split(';')) {
        if (!entry.trim()) continue;
        const parts = entry.split(',').map((p) => p.trim());
        if (parts.length < 4 || !parts[3]) opts.problems.push(`invalid keys_list entry "${entry}"`);
        else opts.rsaKeyFiles.push({ path: parts[3], password: parts[4] ?? '' });
      }
    }
  }
  return opts;
}
