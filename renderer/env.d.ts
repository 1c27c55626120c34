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

interface Window {
  wirelens?: WirelensBridge;
}
