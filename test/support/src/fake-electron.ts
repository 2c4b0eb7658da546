import type { WindowLike } from '@fph-kit/node';
import type {
  ContextBridge,
  Display,
  IpcMain,
  IpcMainInvokeEvent,
  IpcRenderer,
  Screen,
  WebContents,
} from 'electron';
import { electronDisplayOf } from './electron-display.js';

export interface FakeElectronOptions {
  /** What `screen.getAllDisplays()` answers. Default: one 1920×1080 display at 1x. */
  displays?: readonly Display[];
  /** The app window's `getContentSize()` until `resize`. Default: `[800, 600]`, a new window's size. */
  contentSize?: number[];
}

/** An `ipcMain.handle` listener. */
export type InvokeListener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

export interface FakeElectron {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  /** The listeners `ipcMain.handle` holds, by channel. */
  handlers: ReadonlyMap<string, InvokeListener>;
  screen: Pick<Screen, 'getAllDisplays'>;
  /** `BrowserWindow`'s statics: the app window is the one of `webContents`; none has focus. */
  BrowserWindow: {
    fromWebContents(webContents: WebContents): WindowLike | null;
    getFocusedWindow(): WindowLike | null;
  };
  /** The web contents of the app window. */
  webContents: WebContents;
  /** The preload's `ipcRenderer`, in the app window. */
  ipcRenderer: Pick<IpcRenderer, 'invoke'>;
  /** An `ipcRenderer` in web contents that belong to no window. */
  strangerRenderer: Pick<IpcRenderer, 'invoke'>;
  contextBridge: Pick<ContextBridge, 'exposeInMainWorld'>;
  /** The renderer's global scope: what `contextBridge.exposeInMainWorld` puts there. */
  world: Record<string, unknown>;
  /** Sets what the app window's `getContentSize()` answers from now on. */
  resize(size: number[]): void;
}

/**
 * Electron's main and renderer processes joined as Electron joins them, from objects of its
 * documented shapes: `ipcRenderer.invoke` reaches the `ipcMain.handle` listener with an event from
 * the calling web contents, every argument and answer is copied with the structured clone
 * algorithm, a second handler for a channel is refused, and `contextBridge.exposeInMainWorld`
 * puts the API on `world`.
 */
export function createFakeElectron(options: FakeElectronOptions = {}): FakeElectron {
  const displays = options.displays ?? [electronDisplayOf(1920, 1080, 1, 24)];
  const handlers = new Map<string, InvokeListener>();
  const ipcMain: FakeElectron['ipcMain'] = {
    handle: (channel, listener) => {
      if (handlers.has(channel))
        throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => {
      handlers.delete(channel);
    },
  };
  const webContents = { id: 1 } as unknown as WebContents;
  const stranger = { id: 2 } as unknown as WebContents;
  let contentSize = options.contentSize ?? [800, 600];
  const window: WindowLike = { getContentSize: () => contentSize, isDestroyed: () => false };
  const rendererFor = (sender: WebContents): Pick<IpcRenderer, 'invoke'> => ({
    invoke: async (channel, ...args) => {
      const listener = handlers.get(channel);
      if (!listener)
        throw new Error(`Error invoking remote method '${channel}': No handler registered`);
      const event = {
        sender,
        senderFrame: null,
        frameId: 1,
        processId: 4,
        type: 'frame',
      } as unknown as IpcMainInvokeEvent;
      return structuredClone(await listener(event, ...structuredClone(args)));
    },
  });
  const world: Record<string, unknown> = {};
  return {
    ipcMain,
    handlers,
    screen: { getAllDisplays: () => [...displays] },
    BrowserWindow: {
      fromWebContents: (wc) => (wc === webContents ? window : null),
      getFocusedWindow: () => null,
    },
    webContents,
    ipcRenderer: rendererFor(webContents),
    strangerRenderer: rendererFor(stranger),
    contextBridge: {
      exposeInMainWorld: (key, api) => {
        world[key] = api;
      },
    },
    world,
    resize: (size) => {
      contentSize = size;
    },
  };
}
