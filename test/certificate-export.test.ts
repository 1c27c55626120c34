/**
 * Certificate export from the detail tree's context menu: the bytes of a `tls.handshake.certificate` node in the
 * packet detail the backend sends (frame or reassembled source), saved as DER, PEM, or the message's chain as PEM.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProtocolHandler } from '../electron/backend/handler.ts';
import { certificatePem } from '../shared/analysis/tls-sessions-export.ts';
import type { PacketDetail, Response, ServerMessage, TreeNode } from '../shared/protocol/messages.ts';
import { treeMenuItems } from '../renderer/lib/context-menu.ts';
import {
  CERTIFICATE_FIELD,
  certificateChain,
  certificateFile,
  isCertificateNode,
  nodeBytes,
} from '../renderer/lib/certificate-export.ts';
import { INSIGHT_CERT } from './fixtures/insight-cert.ts';
import { CAPTURES } from './golden-support.ts';
import { goodConnection } from './insight-fixtures.ts';
import { oneConnection, pcapOf } from './synthetic.ts';

const dir = mkdtempSync(join(tmpdir(), 'wirelens-cert-export-'));

class Harness {
  readonly messages: ServerMessage[] = [];
  readonly handler = new ProtocolHandler({ send: (m) => this.messages.push(m), allowOpenPath: true });
  private id = 1;
  async call(method: string, params: unknown): Promise<Response> {
    await this.handler.handle({ id: this.id++, method, params });
    return this.messages.filter((m): m is Response => m.kind === 'response').at(-1)!;
  }
}

function certificateNodes(nodes: readonly TreeNode[]): TreeNode[] {
  return nodes.flatMap((n) => [...(isCertificateNode(n) ? [n] : []), ...certificateNodes(n.children ?? [])]);
}

/** The detail of the first packet (of the first `limit`) with a certificate node in its tree. */
async function firstWithCertificate(h: Harness, path: string, limit = 40): Promise<PacketDetail> {
  expect((await h.call('open', { path })).ok).toBe(true);
  const indexed = (): boolean => h.messages.some((m) => m.kind === 'event' && m.event.type === 'indexed');
  const until = Date.now() + 30_000;
  while (!indexed() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  for (let number = 1; number <= limit; number++) {
    const r = await h.call('packet', { number });
    if (!r.ok || r.method !== 'packet') throw new Error(JSON.stringify(r));
    if (certificateNodes(r.result.tree).length) return r.result;
  }
  throw new Error(`no certificate in the first ${limit} packets of ${path}`);
}

function hex(bytes: Uint8Array | string | null): string {
  if (typeof bytes === 'string' || bytes === null) throw new Error('not bytes');
  return Buffer.from(bytes).toString('hex');
}

describe('certificate export from the detail tree', () => {
  let h: Harness | undefined;
  afterEach(() => h?.handler.dispose());

  it('offers the three exports on a certificate node only', () => {
    const cert: TreeNode = {
      label: 'Certificate',
      abbrev: 'tls.handshake.certificate',
      offset: 0,
      length: 9,
      source: 0,
    };
    const ids = (n: TreeNode) => treeMenuItems(n).map((i) => i.id);
    expect(ids(cert)).toEqual(expect.arrayContaining(['export-cert-der', 'export-cert-pem', 'export-chain']));
    expect(ids({ ...cert, abbrev: 'tls.handshake.certificate_length' })).not.toContain('export-cert-der');
    expect(ids({ ...cert, generated: true })).not.toContain('export-cert-der');
  });

  it('saves the certificate of a synthetic handshake as DER and PEM, and its one-certificate chain', async () => {
    const file = join(dir, 'good.pcap');
    writeFileSync(file, pcapOf(goodConnection()));
    h = new Harness();
    const detail = await firstWithCertificate(h, file);
    const [node] = certificateNodes(detail.tree);
    const der = certificateFile(detail, node!, 'der', 'good');
    expect(der).toMatchObject({ name: `good-frame${detail.number}-cert0.der`, type: 'application/pkix-cert' });
    expect(hex(der!.data)).toBe(Buffer.from(INSIGHT_CERT).toString('hex'));
    const pem = certificateFile(detail, node!, 'pem', 'good');
    expect(pem?.data).toBe(certificatePem(INSIGHT_CERT));
    expect(pem?.data).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    expect(certificateFile(detail, node!, 'chain', 'good')?.data).toBe(certificatePem(INSIGHT_CERT));
  });

  it('reads a certificate split over TCP segments from the reassembled source', async () => {
    const file = join(dir, 'split.pcap');
    writeFileSync(file, pcapOf(oneConnection(3000)));
    h = new Harness();
    const detail = await firstWithCertificate(h, file);
    const [node] = certificateNodes(detail.tree);
    expect(node!.source).toBeGreaterThan(0);
    const bytes = nodeBytes(detail, node!);
    expect(bytes).toEqual(new Uint8Array(3000).fill(0x42));
  });

  it('exports a chain in message order and refuses a node whose bytes are missing', () => {
    const certs: TreeNode[] = [0, 1].map((i) => ({
      label: `Certificate ${i}`,
      abbrev: 'tls.handshake.certificate',
      offset: 2 + i * 3,
      length: 2,
      source: 0,
    }));
    const tree: TreeNode[] = [{ label: 'Certificates', offset: 0, length: 8, source: 0, children: certs }];
    const detail: PacketDetail = {
      number: 5,
      tree,
      frameHex: 'ffff0102ff0304ff',
      sources: [],
      alerts: [],
      malformed: false,
      elapsedMs: 0,
    };
    expect(certificateChain(tree, certs[1]!)).toEqual(certs);
    expect(certificateFile(detail, certs[1]!, 'der', 'x')).toMatchObject({ name: 'x-frame5-cert1.der' });
    expect(certificateFile(detail, certs[1]!, 'chain', 'x')?.data).toBe(
      certificatePem(Uint8Array.of(1, 2)) + certificatePem(Uint8Array.of(3, 4)),
    );
    const beyond = { ...certs[1]!, offset: 7 };
    expect(nodeBytes(detail, beyond)).toBeNull();
    expect(nodeBytes(detail, { ...certs[0]!, source: 2 })).toBeNull();
  });
});

const name = 'chrome-34-google.pcap';
const path = join(CAPTURES, name);
const tsharkHere = spawnSync('tshark', ['-v'], { encoding: 'utf8' }).status === 0;
if (!tsharkHere || !existsSync(path))
  console.warn(`certificate-export.test: tshark or ${path} is absent, the comparison with tshark is skipped`);

describe.skipIf(!tsharkHere || !existsSync(path))('certificate export on a shared capture', () => {
  let h: Harness | undefined;
  afterEach(() => h?.handler.dispose());

  it(`exports the same certificate bytes as tshark's tls.handshake.certificate (${name})`, async () => {
    const out = spawnSync(
      'tshark',
      ['-r', path, '-Y', 'tls.handshake.certificate', '-T', 'fields', '-e', 'frame.number', '-e', CERTIFICATE_FIELD],
      { encoding: 'utf8' },
    ).stdout;
    const [frame, certs] = out.split('\n')[0]!.split('\t');
    h = new Harness();
    const detail = await firstWithCertificate(h, path);
    expect(String(detail.number)).toBe(frame);
    const nodes = certificateNodes(detail.tree);
    expect(nodes.map((n) => hex(nodeBytes(detail, n)))).toEqual(certs!.split(','));
    const chain = certificateFile(detail, nodes[0]!, 'chain', 'google');
    expect(chain?.data).toBe(
      certs!
        .split(',')
        .map((c) => certificatePem(Buffer.from(c, 'hex')))
        .join(''),
    );
  });
});
