/** The TLS store against a fake backend: key uploads, dropped files, the summary after indexing, Follow TLS Stream. */
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { FollowTlsStream, Request, TlsDecryptionSummary, TlsKeysState } from '../../shared/protocol/messages.ts';
import { Backend } from '../backend.ts';
import { FakeTransport } from './fake-transport.ts';
import { useTlsStore } from './tls.ts';

const KEYLOG = `CLIENT_RANDOM ${'ab'.repeat(32)} ${'cd'.repeat(48)}\n`;

const SUMMARY: TlsDecryptionSummary = {
  keysLoaded: true,
  connections: 2,
  decryptedConnections: 1,
  decryptedRecords: 6,
  failedRecords: 1,
  problems: [{ stream: 1, frame: 20, reason: 'no key for client random 00…', records: 1 }],
};

const FOLLOW: FollowTlsStream = {
  stream: 0,
  client: '10.0.0.1:5000',
  server: '10.0.0.2:443',
  records: [{ frame: 9, fromServer: false, contentType: 23, length: 40, decrypted: true, hex: '474554' }],
  clientBytes: 3,
  serverBytes: 0,
  truncated: 0,
};

class StoreTransport extends FakeTransport {
  keys: TlsKeysState = { sources: [], canUpload: true };

  protected answer(req: Request): void {
    switch (req.method) {
      case 'tlsKeys':
        return this.reply(req, 'tlsKeys', this.keys);
      case 'addKeyLog':
        this.keys = { ...this.keys, sources: [{ kind: 'keylog', name: req.params.name, keys: 1 }] };
        return this.reply(req, 'addKeyLog', this.keys);
      case 'addRsaKey':
        this.fail(req, 'not a readable PEM');
        return;
      case 'tlsSummary':
        return this.reply(req, 'tlsSummary', SUMMARY);
      case 'followTls':
        return this.reply(req, 'followTls', { ...FOLLOW, stream: req.params.number });
      default:
        this.fail(req, 'unexpected');
    }
  }
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('TLS store', () => {
  let t: StoreTransport;
  let store: ReturnType<typeof useTlsStore>;
  beforeEach(async () => {
    setActivePinia(createPinia());
    t = new StoreTransport();
    store = useTlsStore();
    store.attach(new Backend(t));
    await tick();
  });

  it('uploads a key log and shows only what the backend says about it', async () => {
    expect(await store.uploadKeyLog(new File([KEYLOG], 'session.keylog'))).toBe(true);
    expect(store.keys.sources).toEqual([{ kind: 'keylog', name: 'session.keylog', keys: 1 }]);
    expect(store.notice).toBe('Added key log "session.keylog".');
    expect(t.requests.at(-1)).toMatchObject({ method: 'addKeyLog', params: { name: 'session.keylog', text: KEYLOG } });
  });

  it('reports a key the backend refuses', async () => {
    expect(await store.uploadRsaKey(new File(['junk'], 'k.pem'), 'pw')).toBe(false);
    expect(store.error?.message).toBe('not a readable PEM');
  });

  it('takes a dropped key log and leaves capture files to the caller', async () => {
    expect(await store.dropped(new File([Uint8Array.of(0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0)], 'x.pcap'))).toBe(false);
    expect(t.requests.some((r) => r.method === 'addKeyLog')).toBe(false);
    expect(await store.dropped(new File([KEYLOG], 'keys.txt'))).toBe(true);
    expect(t.requests.at(-1)).toMatchObject({ method: 'addKeyLog', params: { name: 'keys.txt' } });
  });

  it('follows key changes pushed by the backend and fetches the summary after indexing', async () => {
    t.emit({ type: 'tlsKeys', state: { sources: [{ kind: 'rsa', name: 'server.pem', keys: 1 }], canUpload: false } });
    expect(store.keys.canUpload).toBe(false);
    t.emit({ type: 'indexed', total: 10, elapsedMs: 1, warning: null });
    await tick();
    expect(store.summary).toEqual(SUMMARY);
    t.emit({ type: 'closed' });
    expect(store.summary).toBeNull();
    t.emit({ type: 'showTlsPreferences' });
    expect(store.prefsOpen).toBe(true);
  });

  it('opens Follow TLS Stream for a packet', async () => {
    await store.openFollow(9);
    expect(store.followOpen).toBe(true);
    expect(store.follow?.stream).toBe(9);
    store.closeFollow();
    expect(store.followOpen).toBe(false);
  });
});
