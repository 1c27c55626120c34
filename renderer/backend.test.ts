/** Serve mode's transport taking over the WebSocket that early-socket.js opened before the app ran. */
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServerMessage } from '../shared/protocol/messages.ts';
import { webSocketTransport } from './backend.ts';
import { socketUrl } from './lib/socket-url.ts';

/** Just enough of a browser WebSocket: listeners, a ready state, and what was sent. */
class FakeSocket implements SocketLike {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 3;
  static made: FakeSocket[] = [];
  readyState = FakeSocket.CONNECTING;
  readonly sent: string[] = [];
  private readonly listeners = new Map<string, Set<(e: MessageEvent) => void>>();
  constructor(readonly url: string) {
    FakeSocket.made.push(this);
  }
  addEventListener(type: string, listener: (e: MessageEvent) => void): void {
    const set = this.listeners.get(type) ?? new Set();
    set.add(listener);
    this.listeners.set(type, set);
  }
  removeEventListener(type: string, listener: (e: MessageEvent) => void): void {
    this.listeners.get(type)?.delete(listener);
  }
  private fire(type: string, data?: string): void {
    for (const l of [...(this.listeners.get(type) ?? [])]) l(new MessageEvent(type, { data }));
  }
  send(text: string): void {
    this.sent.push(text);
  }
  receive(m: ServerMessage): void {
    this.fire('message', JSON.stringify(m));
  }
  open(): void {
    this.readyState = FakeSocket.OPEN;
    this.fire('open');
  }
}

const LOC = { protocol: 'http:', host: '127.0.0.1:5757', search: '?token=a b' } as Location;
const event = (n: number): ServerMessage => ({
  kind: 'event',
  event: { type: 'count', total: n, displayed: n, filter: '' },
});

/** What early-socket.js leaves on the window. */
function earlySocket(ws: FakeSocket): EarlySocket & { keeping: boolean } {
  const received: string[] = [];
  const keep = (e: MessageEvent): void => void received.push(String(e.data));
  ws.addEventListener('message', keep);
  const early = {
    ws,
    received,
    keeping: true,
    stopKeeping: () => {
      early.keeping = false;
      ws.removeEventListener('message', keep);
    },
  };
  return early;
}

describe('webSocketTransport', () => {
  beforeEach(() => {
    FakeSocket.made = [];
    vi.stubGlobal('WebSocket', FakeSocket);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('builds the socket URL with the page token', () => {
    expect(socketUrl(LOC)).toBe('ws://127.0.0.1:5757/ws?token=a%20b');
    expect(socketUrl({ protocol: 'https:', host: 'h', search: '' })).toBe('wss://h/ws');
  });

  it('takes over an open early socket: kept messages first, in order, then live ones', async () => {
    const ws = new FakeSocket(socketUrl(LOC));
    const early = earlySocket(ws);
    ws.open();
    ws.receive(event(1));
    ws.receive(event(2));
    const t = webSocketTransport(LOC, early);
    const got: number[] = [];
    const status: boolean[] = [];
    t.onMessage((m) => got.push(m.kind === 'event' && m.event.type === 'count' ? m.event.total : -1));
    t.onStatus((c) => status.push(c));
    expect(got).toEqual([]);
    await Promise.resolve();
    ws.receive(event(3));
    expect(got).toEqual([1, 2, 3]);
    expect(status).toEqual([true]);
    expect(early.keeping).toBe(false);
    expect(FakeSocket.made).toHaveLength(1);
    t.send({ id: 1 });
    expect(ws.sent).toEqual(['{"id":1}']);
  });

  it('queues requests until a still-connecting early socket opens', () => {
    const ws = new FakeSocket(socketUrl(LOC));
    const t = webSocketTransport(LOC, earlySocket(ws));
    const status: boolean[] = [];
    t.onStatus((c) => status.push(c));
    t.send({ id: 7 });
    expect(ws.sent).toEqual([]);
    ws.open();
    expect(ws.sent).toEqual(['{"id":7}']);
    expect(status).toEqual([true]);
  });

  it('opens its own socket when the early one is closed or absent', () => {
    const dead = new FakeSocket(socketUrl(LOC));
    dead.readyState = FakeSocket.CLOSED;
    webSocketTransport(LOC, earlySocket(dead));
    webSocketTransport(LOC, undefined);
    expect(FakeSocket.made).toHaveLength(3);
    expect(FakeSocket.made[2]!.url).toBe('ws://127.0.0.1:5757/ws?token=a%20b');
  });
});

describe('early-socket.js', () => {
  const code = readFileSync(new URL('./public/early-socket.js', import.meta.url), 'utf8');
  const run = (window: { wirelens?: object; wirelensEarlySocket?: EarlySocket }): void =>
    runInNewContext(code, { window, location: LOC, URLSearchParams, WebSocket: FakeSocket, String });

  beforeEach(() => {
    FakeSocket.made = [];
  });

  it('opens the socket at once and keeps what arrives until the app takes over', async () => {
    const window: { wirelensEarlySocket?: EarlySocket } = {};
    run(window);
    const ws = FakeSocket.made[0]!;
    expect(ws.url).toBe(socketUrl(LOC));
    ws.open();
    ws.receive(event(4));
    expect(window.wirelensEarlySocket?.received).toEqual([JSON.stringify(event(4))]);
    vi.stubGlobal('WebSocket', FakeSocket);
    try {
      const got: ServerMessage[] = [];
      webSocketTransport(LOC, window.wirelensEarlySocket).onMessage((m) => got.push(m));
      await Promise.resolve(); // a browser delivers the next message as a task, after this microtask
      ws.receive(event(5));
      expect(got).toEqual([event(4), event(5)]);
      expect(window.wirelensEarlySocket?.received).toEqual([]);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('does nothing under Electron, or when it already ran', () => {
    run({ wirelens: {} });
    const window: { wirelensEarlySocket?: EarlySocket } = {};
    run(window);
    run(window);
    expect(FakeSocket.made).toHaveLength(1);
  });
});
