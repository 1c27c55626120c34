/**
 * The renderer's end of the protocol: requests with typed results, and events. Two transports: Electron IPC through
 * the preload bridge, or a WebSocket to serve mode (with the token from the page URL when there is one).
 */
import type {
  BackendEvent,
  Method,
  MethodResults,
  Params,
  Problem,
  ServerMessage,
} from '../shared/protocol/messages.ts';
import { socketUrl } from './lib/socket-url.ts';

export interface Transport {
  send(message: unknown): void;
  onMessage(listener: (message: ServerMessage) => void): void;
  onStatus(listener: (connected: boolean) => void): void;
}

export class BackendError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

export class Backend {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private readonly listeners = new Set<(e: BackendEvent) => void>();
  private readonly statusListeners = new Set<(connected: boolean) => void>();
  connected = false;

  constructor(readonly transport: Transport) {
    transport.onMessage((m) => this.receive(m));
    transport.onStatus((c) => {
      this.connected = c;
      if (!c) {
        for (const p of this.pending.values())
          p.reject(new BackendError({ message: 'Lost the connection to the backend.' }));
        this.pending.clear();
      }
      for (const l of this.statusListeners) l(c);
    });
  }

  private receive(m: ServerMessage): void {
    if (m.kind === 'event') {
      for (const l of this.listeners) l(m.event);
      return;
    }
    if (m.id === null) {
      console.warn('backend:', m.ok ? m : m.error.message);
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (m.ok) p.resolve(m.result);
    else p.reject(new BackendError(m.error));
  }

  request<M extends Method>(method: M, params: Params<M>): Promise<MethodResults[M]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.transport.send({ id, method, params });
    });
  }

  onEvent(listener: (e: BackendEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onStatus(listener: (connected: boolean) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }
}

/** Electron: messages go through the preload bridge; the connection is always up. */
export function ipcTransport(bridge: WirelensBridge): Transport {
  return {
    send: (m) => bridge.send(m),
    onMessage: (l) => void bridge.onMessage((m) => l(m as ServerMessage)),
    onStatus: (l) => queueMicrotask(() => l(true)),
  };
}

/**
 * Serve mode: a WebSocket to `/ws` on the page's host; messages sent before it opens are queued. Takes over the
 * socket early-socket.ts opened (when it is still usable), delivering what it kept once the listeners are in.
 */
export function webSocketTransport(
  loc: Location = location,
  early: EarlySocket | undefined = typeof window === 'undefined' ? undefined : window.wirelensEarlySocket,
): Transport {
  const adopted = early && early.ws.readyState <= WebSocket.OPEN ? early : undefined;
  const ws: SocketLike = adopted ? adopted.ws : new WebSocket(socketUrl(loc));
  const queue: string[] = [];
  const messageListeners: ((m: ServerMessage) => void)[] = [];
  const statusListeners: ((c: boolean) => void)[] = [];
  const deliver = (data: string): void => {
    let m: ServerMessage;
    try {
      m = JSON.parse(data) as ServerMessage;
    } catch {
      return;
    }
    for (const l of messageListeners) l(m);
  };
  ws.addEventListener('open', () => {
    for (const q of queue.splice(0)) ws.send(q);
    for (const l of statusListeners) l(true);
  });
  ws.addEventListener('close', () => {
    for (const l of statusListeners) l(false);
  });
  ws.addEventListener('message', (e) => deliver(String(e.data)));
  if (adopted) {
    adopted.stopKeeping();
    // After the caller has registered its listeners (this runs before any later message).
    const kept = adopted.received.splice(0);
    queueMicrotask(() => kept.forEach(deliver));
  }
  return {
    send: (m) => {
      const text = JSON.stringify(m);
      if (ws.readyState === WebSocket.OPEN) ws.send(text);
      else queue.push(text);
    },
    onMessage: (l) => void messageListeners.push(l),
    onStatus: (l) => {
      statusListeners.push(l);
      // An adopted socket may have opened already: its 'open' event is gone.
      if (ws.readyState === WebSocket.OPEN) queueMicrotask(() => l(true));
    },
  };
}

export function connect(): Backend {
  return new Backend(window.wirelens ? ipcTransport(window.wirelens) : webSocketTransport());
}
