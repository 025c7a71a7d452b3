// The one small object the renderer sees in the Electron shell. Nothing else of Node or
// Electron crosses into the page (contextIsolation + sandbox).
import { contextBridge, ipcRenderer } from 'electron';

contextBridge.exposeInMainWorld('kiosk24', {
  invoke: (method: string, params: unknown): Promise<unknown> =>
    ipcRenderer.invoke('kiosk24:rpc', method, params),
});
