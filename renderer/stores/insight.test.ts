/** The insight store against a scripted backend: loads on first show, once per capture, and forgets on close. */
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Request } from '../../shared/protocol/messages.ts';
import type { InsightResult } from '../../shared/protocol/insight.ts';
import { Backend } from '../backend.ts';
import { FakeTransport } from './fake-transport.ts';
import { useInsightStore } from './insight.ts';

function result(stream: number): InsightResult {
  const none = { eth: [], ip: [], ipv6: [], tcp: [], udp: [] };
  return {
    sessions: [
      {
        stream,
        client: { address: '10.0.0.1', port: 50000 },
        server: { address: '10.0.0.2', port: 443 },
        sni: 'a.test',
        version: 'TLSv1.2',
        versionCode: 0x0303,
        offeredVersions: ['TLSv1.2'],
        cipherSuite: 'TLS_AES_128_GCM_SHA256',
        cipherSuiteCode: 0x1301,
        offeredSuites: [],
        alpnOffered: [],
        alpn: '',
        resumption: 'none',
        resumptionOffered: [],
        certificates: [],
        alerts: [],
        ja3: '',
        ja3s: '',
        ja4: '',
        packets: 1,
        bytesClientToServer: 1,
        bytesServerToClient: 0,
        firstFrame: 1,
        lastFrame: 1,
        start: 0,
        duration: 0,
        reset: false,
        status: 'incomplete',
        statusText: 'incomplete',
        handshakeFrames: {},
        ladder: [],
        ladderTruncated: false,
      },
    ],
    findings: [],
    hierarchy: [],
    conversations: none,
    endpoints: none,
    io: { intervalSec: 1, packets: [], bytes: [] },
    elapsedMs: 1,
  };
}

const TLS_SERIES = { intervalSec: 1, packets: [2, 0, 1], bytes: [300, 0, 90] };

class StoreTransport extends FakeTransport {
  stream = 3;
  protected answer(req: Request): void {
    if (req.method !== 'ioGraph') this.reply(req, 'insight', result(this.stream));
    else if (req.params.filter === 'tls.bad ==') this.fail(req, 'tls.bad is not a field');
    else this.reply(req, 'ioGraph', TLS_SERIES);
  }
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('insight store', () => {
  let t: StoreTransport;
  beforeEach(() => {
    setActivePinia(createPinia());
    t = new StoreTransport();
  });

  it('asks for the insight when first shown, once, and selects the first session', async () => {
    const s = useInsightStore();
    s.attach(new Backend(t));
    expect(t.requests).toEqual([]);
    s.toggle();
    await settle();
    expect(t.requests.map((r) => r.method)).toEqual(['insight']);
    expect(s.result?.sessions[0]?.sni).toBe('a.test');
    expect(s.selectedStream).toBe(3);
    s.toggle();
    s.toggle();
    await settle();
    expect(t.requests).toHaveLength(1);
  });

  it('forgets the result when a capture closes and reloads for the next one while shown', async () => {
    const s = useInsightStore();
    s.attach(new Backend(t));
    s.toggle();
    await settle();
    t.emit({ type: 'closed' });
    expect(s.result).toBeNull();
    expect(s.selectedStream).toBe(-1);
    t.stream = 7;
    t.emit({ type: 'opened', file: { name: 'b.pcap', path: '/b.pcap', size: 1, format: 'pcap' } });
    await settle();
    expect(t.requests).toHaveLength(2);
    expect(s.selectedStream).toBe(7);
  });

  it('asks for a filtered I/O graph, reports a bad filter, and drops the series for an empty filter or a new capture', async () => {
    const s = useInsightStore();
    s.attach(new Backend(t));
    await s.applyIoFilter('tls');
    expect(t.requests.at(-1)).toMatchObject({ method: 'ioGraph', params: { filter: 'tls' } });
    expect(s.ioFiltered).toEqual(TLS_SERIES);
    await s.applyIoFilter('tls.bad ==');
    expect(s.ioFiltered).toBeNull();
    expect(s.ioError).toBe('tls.bad is not a field');
    await s.applyIoFilter('tls');
    expect(s.ioError).toBe('');
    const asked = t.requests.length;
    await s.applyIoFilter('  ');
    expect(t.requests).toHaveLength(asked);
    expect(s.ioFiltered).toBeNull();
    await s.applyIoFilter('tls');
    t.emit({ type: 'closed' });
    expect(s.ioFiltered).toBeNull();
  });
});
