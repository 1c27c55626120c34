/** The backend's `insight` request: sessions, findings and statistics of the open capture, over the protocol. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProtocolHandler } from '../electron/backend/handler.ts';
import { parseRequest, type Response, type ServerMessage } from '../shared/protocol/messages.ts';
import type { InsightResult } from '../shared/protocol/insight.ts';
import { chooseInterval } from '../shared/analysis/io-graph.ts';
import { goodConnection, refusedConnection } from './insight-fixtures.ts';
import { pcapOf } from './synthetic.ts';
import { INSIGHT_CERT } from './fixtures/insight-cert.ts';

const dir = mkdtempSync(join(tmpdir(), 'wirelens-insight-'));
const file = join(dir, 'two.pcap');
const packets = [...goodConnection(), ...refusedConnection()];
writeFileSync(file, pcapOf(packets));

class Harness {
  readonly messages: ServerMessage[] = [];
  readonly handler = new ProtocolHandler({ send: (m) => this.messages.push(m), allowOpenPath: true });
  private id = 1;
  async call(method: string, params: unknown): Promise<Response> {
    await this.handler.handle({ id: this.id++, method, params });
    return this.messages.filter((m): m is Response => m.kind === 'response').at(-1)!;
  }
}

describe('insight request', () => {
  let h: Harness | undefined;
  afterEach(() => h?.handler.dispose());

  it('is validated like every request', () => {
    expect(parseRequest({ id: 1, method: 'insight', params: {} }).ok).toBe(true);
    expect(parseRequest({ id: 1, method: 'insight', params: { all: true } }).ok).toBe(false);
  });

  it('needs an open capture', async () => {
    h = new Harness();
    expect(await h.call('insight', {})).toMatchObject({ ok: false, error: { message: 'No capture file is open.' } });
  });

  it('returns sessions with base64 certificates, findings with explanations, and statistics', async () => {
    h = new Harness();
    expect((await h.call('open', { path: file })).ok).toBe(true);
    const r = await h.call('insight', {});
    if (!r.ok || r.method !== 'insight') throw new Error('insight failed');
    const result: InsightResult = r.result;
    expect(result.sessions.map((s) => [s.stream, s.sni, s.status])).toEqual([
      [0, 'insight.test', 'complete'],
      [1, 'refused.test', 'failed'],
    ]);
    expect(Buffer.from(result.sessions[0]!.certificates[0]!.der, 'base64')).toEqual(Buffer.from(INSIGHT_CERT));
    expect(result.findings.map((f) => f.kind)).toEqual([
      'tls.insight.cert_not_yet_valid',
      'tls.insight.cert_self_signed',
      'tls.insight.fatal_alert',
    ]);
    expect(result.findings[2]!.reference).toMatch(/^RFC 5246/);
    expect(result.conversations.tcp).toHaveLength(2);
    expect(result.endpoints.ip.map((e) => e.address)).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(result.hierarchy[0]).toMatchObject({ name: 'eth', frames: packets.length });
    expect(result.io.packets.reduce((a, b) => a + b, 0)).toBe(packets.length);
    expect(result.io.intervalSec).toBe(chooseInterval(5.005));
    // The result survives the JSON of the WebSocket transport unchanged.
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('draws the I/O graph of a display filter on the same intervals as the whole capture', async () => {
    expect(parseRequest({ id: 1, method: 'ioGraph', params: { filter: 'tls' } }).ok).toBe(true);
    expect(parseRequest({ id: 1, method: 'ioGraph', params: { filter: '' } }).ok).toBe(false);
    h = new Harness();
    expect((await h.call('open', { path: file })).ok).toBe(true);
    const whole = await h.call('insight', {});
    const tls = await h.call('ioGraph', { filter: 'tls' });
    if (!whole.ok || whole.method !== 'insight' || !tls.ok || tls.method !== 'ioGraph') throw new Error('failed');
    expect(tls.result.intervalSec).toBe(whole.result.io.intervalSec);
    expect(tls.result.packets).toHaveLength(whole.result.io.packets.length);
    // The synthetic capture's TLS records: 11 frames, 2551 bytes (as tshark's io,phs counts them).
    expect(tls.result.packets.reduce((a, b) => a + b, 0)).toBe(11);
    expect(tls.result.bytes.reduce((a, b) => a + b, 0)).toBe(2551);
    tls.result.packets.forEach((n, i) => expect(n).toBeLessThanOrEqual(whole.result.io.packets[i]!));
    const bad = await h.call('ioGraph', { filter: 'tls.record.length >' });
    expect(bad.ok).toBe(false);
  });
});
