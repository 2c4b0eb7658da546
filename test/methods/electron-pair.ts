import type {
  ContextBridge,
  IpcMain,
  IpcMainInvokeEvent,
  IpcRenderer,
  WebContents,
} from 'electron';

/**
 * Electron's main and renderer joined as Electron joins them, from objects of its documented
 * shapes: `ipcRenderer.invoke` reaches the `ipcMain.handle` listener with an event from the
 * calling web contents, arguments and answers pass through the structured clone algorithm, and
 * `contextBridge.exposeInMainWorld` puts the API on the page's global scope (`world`).
 */
export function electronPair(contentSize: () => number[]) {
  const handlers = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown>();
  const ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'> = {
    handle: (channel, listener) => {
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => {
      handlers.delete(channel);
    },
  };
  const sender = { id: 1 } as unknown as WebContents;
  const window = { getContentSize: contentSize, isDestroyed: () => false };
  const BrowserWindow = {
    fromWebContents: (wc: WebContents) => (wc === sender ? window : null),
    getFocusedWindow: () => null,
  };
  const ipcRenderer: Pick<IpcRenderer, 'invoke'> = {
    invoke: async (channel, ...args) => {
      const listener = handlers.get(channel);
      if (!listener)
        throw new Error(`Error invoking remote method '${channel}': No handler registered`);
      const event = { sender, senderFrame: null, frameId: 1, processId: 4, type: 'frame' };
      return structuredClone(
        await listener(event as unknown as IpcMainInvokeEvent, ...structuredClone(args)),
      );
    },
  };
  const world: Record<string, unknown> = {};
  const contextBridge: Pick<ContextBridge, 'exposeInMainWorld'> = {
    exposeInMainWorld: (key, api) => {
      world[key] = api;
    },
  };
  return { ipcMain, BrowserWindow, ipcRenderer, contextBridge, world };
}
