/**
 * XMPP (client-to-server, port 5222) over TCP: each top-level XML element of a segment adds its name to Info
 * (`STREAM > host `, `FEATURES `, `STARTTLS `, …); the server's `<proceed/>` switches the connection to TLS.
 * tshark 4.0 does not register XMPP on 5269 (server-to-server), so neither does this dissector.
 */
import { utf8Text } from '../bytes.ts';
import { clearInfoOnce } from './context.ts';
import { declareFields } from './fields.ts';
import type { StreamProtocol, StreamResult } from './stream.ts';
import { afterStarttls, starttlsState } from './text-line.ts';

export const XMPP_PORTS = [5222];

const F = declareFields({
  xmpp: { name: 'XMPP Protocol', type: 'protocol' },
  'xmpp.element': { name: 'Element', type: 'string' },
});

interface Tag {
  /** Offset of `<` and just past `>`. */
  start: number;
  next: number;
  name: string;
  attrs: Map<string, string>;
  closing: boolean;
  selfClosing: boolean;
}

/** The tags of some XML text, skipping declarations, processing instructions and comments. */
function scanTags(s: string): Tag[] {
  const tags: Tag[] = [];
  let i = 0;
  while (i < s.length) {
    const lt = s.indexOf('<', i);
    if (lt < 0) break;
    if (s.startsWith('<!--', lt)) {
      const e = s.indexOf('-->', lt + 4);
      i = e < 0 ? s.length : e + 3;
      continue;
    }
    const gt = s.indexOf('>', lt + 1);
    if (gt < 0) break;
    i = gt + 1;
    const inner = s.slice(lt + 1, gt);
    if (inner.startsWith('?') || inner.startsWith('!')) continue;
    const closing = inner.startsWith('/');
    const selfClosing = inner.endsWith('/');
    const body = inner.slice(closing ? 1 : 0, selfClosing ? -1 : undefined);
    const m = /^\s*([^\s/>]+)/.exec(body);
    if (!m) continue;
    const attrs = new Map<string, string>();
    for (const a of body.slice(m[0].length).matchAll(/([^\s=]+)\s*=\s*(?:'([^']*)'|"([^"]*)")/g))
      attrs.set(a[1]!, a[2] ?? a[3] ?? '');
    tags.push({ start: lt, next: gt + 1, name: m[1]!, attrs, closing, selfClosing });
  }
  return tags;
}

function localName(name: string): string {
  const c = name.indexOf(':');
  return c < 0 ? name : name.slice(c + 1);
}

export const xmppStream: StreamProtocol = {
  name: 'xmpp',
  dissect: (b, offset, length, pkt, parent, info): StreamResult => {
    const tls = starttlsState(info, 'xmpp.starttls');
    const switched = afterStarttls(tls, b, offset, length, pkt, parent, info);
    if (switched) return switched;
    const fromClient = XMPP_PORTS.includes(info.dstPort);
    const t = pkt.tree;
    pkt.cols.protocol = 'XMPP/XML';
    clearInfoOnce(pkt);
    pkt.protocols.push('xmpp');
    const root = t.add(parent, F.xmpp, offset, length, undefined);
    const text = utf8Text(b.subarray(offset, offset + length));
    let depth = 0;
    for (const tag of scanTags(text)) {
      const name = localName(tag.name);
      if (tag.closing) {
        if (tag.name === 'stream:stream') pkt.cols.info += 'STREAM END ';
        else if (depth > 0) depth--;
        continue;
      }
      if (tag.name === 'stream:stream') {
        // The stream header opens the document: its children are the top-level elements.
        const host = fromClient ? tag.attrs.get('to') : tag.attrs.get('from');
        pkt.cols.info += `STREAM ${fromClient ? '>' : '<'} ${host ?? ''} `;
        t.text(root, 0, 0, `STREAM ${fromClient ? '>' : '<'} ${host ?? ''}`);
        continue;
      }
      if (depth === 0) {
        pkt.cols.info += name.toUpperCase() + ' ';
        t.add(root, F['xmpp.element'], 0, 0, name, { generated: true });
        if (name === 'proceed' && !fromClient) tls.acceptedIn = pkt.number;
        if (name === 'starttls' && fromClient) tls.requested = true;
      }
      if (!tag.selfClosing) depth++;
    }
    return { consumed: length, needMore: 0 };
  },
};
