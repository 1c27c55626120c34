/// <reference types="vite/client" />

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

/** What the Electron preload script exposes (absent in serve mode). */
interface WirelensBridge {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): () => void;
  /** Shows the native Open dialog; the main process opens the chosen file. */
  openDialog(): void;
  /** Opens a file dropped on the window. */
  openDropped(file: File): void;
  /** Shows the native Open dialog for a TLS key log or RSA key; the main process reads and keeps it. */
  chooseTlsKey?(kind: 'keylog' | 'rsa', password: string): void;
  /** Adds a key log file dropped on the window (by its path). */
  addDroppedKeyLog?(file: File): void;
}

/** The part of a browser WebSocket the renderer uses. */
interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  addEventListener(type: 'open' | 'close' | 'message', listener: (e: MessageEvent) => void): void;
  removeEventListener(type: 'open' | 'close' | 'message', listener: (e: MessageEvent) => void): void;
}

/** Serve mode: the WebSocket renderer/early-socket.ts opened before the app ran, and the messages it kept. */
interface EarlySocket {
  ws: SocketLike;
  received: string[];
  /** Stops keeping messages (the app listens from then on). */
  stopKeeping(): void;
}

interface Window {
  wirelens?: WirelensBridge;
  wirelensEarlySocket?: EarlySocket;
}
