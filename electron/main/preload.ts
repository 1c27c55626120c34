/**
 * The preload bridge (sandboxed, context-isolated): the page gets `window.wirelens` with six calls and nothing
 * else — no Node, no ipcRenderer. Messages are validated again in the main process.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';

contextBridge.exposeInMainWorld('wirelens', {
  send(message: unknown): void {
    ipcRenderer.send('wirelens:request', message);
  },
  onMessage(listener: (message: unknown) => void): () => void {
    const f = (_e: IpcRendererEvent, m: unknown): void => listener(m);
    ipcRenderer.on('wirelens:message', f);
    return () => ipcRenderer.off('wirelens:message', f);
  },
  openDialog(): void {
    ipcRenderer.send('wirelens:open-dialog');
  },
  chooseTlsKey(kind: 'keylog' | 'rsa', password: string): void {
    ipcRenderer.send('wirelens:choose-tls-key', kind, password);
  },
  addDroppedKeyLog(file: File): void {
    const path = webUtils.getPathForFile(file);
    if (path) ipcRenderer.send('wirelens:add-dropped-keylog', path);
  },
  openDropped(file: File): void {
    const path = webUtils.getPathForFile(file);
    if (path) ipcRenderer.send('wirelens:open-dropped', path);
  },
});
