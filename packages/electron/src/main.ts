import { join } from 'node:path';
import {
  type Collector,
  CollectorError,
  type CollectorOptions,
  createCollector,
  DEVICE_ID_FILE_NAME,
  electronDisplay,
  isCollectorError,
  type WindowLike,
} from '@fph-kit/node';
import type {
  App,
  IpcMain,
  IpcMainInvokeEvent,
  Screen,
  WebContents,
  WebPreferences,
} from 'electron';
import { type BridgeResponse, FPH_CHANNEL } from './bridge.js';
import { checkRequest } from './request.js';

/**
 * The main-process half: one Node collector for the app, and the IPC handler that answers
 * `window.fph`. Screens come from Electron's `screen`; the window size is the calling window's.
 * Nothing of `electron` is imported at run time: the app passes its own modules.
 */

/** The two connection methods of an Electron app. */
export type ElectronMethod = 'DESKTOP_APP_DIRECT' | 'DESKTOP_APP_VIA_SERVER';
export const ELECTRON_METHODS: readonly ElectronMethod[] = [
  'DESKTOP_APP_DIRECT',
  'DESKTOP_APP_VIA_SERVER',
];

/** `BrowserWindow` from `electron` (only its statics that are used). */
export interface BrowserWindowStatics {
  fromWebContents(webContents: WebContents): WindowLike | null;
  getFocusedWindow(): WindowLike | null;
}

export interface FphMainOptions extends Omit<CollectorOptions, 'connectionMethod' | 'display'> {
  /** `DESKTOP_APP_DIRECT` (the app calls HMRC) or `DESKTOP_APP_VIA_SERVER` (through your server). */
  connectionMethod: ElectronMethod;
  /** `ipcMain` from `electron`. */
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  /** `screen` from `electron` (available after the app's `ready` event). */
  screen: Pick<Screen, 'getAllDisplays'>;
  /** `BrowserWindow` from `electron`: the calling window is measured. */
  BrowserWindow: BrowserWindowStatics;
  /**
   * `app` from `electron`: the device ID is then kept in `userData` (unless `deviceId` says
   * otherwise), where it survives updates of the app.
   */
  app?: Pick<App, 'getPath'>;
  /** Turns away calls from pages you do not trust (e.g. by `event.senderFrame.url`). */
  allowSender?: (event: IpcMainInvokeEvent) => boolean;
}

export interface FphMain {
  readonly collector: Collector;
  /** Removes the IPC handler. */
  dispose(): void;
}

/** The web preferences of a window that may use `window.fph`: no Node, isolated, sandboxed. */
export function fphWebPreferences(preload: string): WebPreferences {
  return { preload, contextIsolation: true, nodeIntegration: false, sandbox: true };
}

/**
 * Registers the collector and the handler of {@link FPH_CHANNEL}. Call it once, after `ready`.
 * Throws the collector's `CollectorError` for options it cannot use.
 */
export function registerFph(options: FphMainOptions): FphMain {
  const { ipcMain, screen, BrowserWindow, app, allowSender, ...rest } = options;
  if (!ELECTRON_METHODS.includes(rest.connectionMethod)) {
    throw new CollectorError(
      'UNSUPPORTED_METHOD',
      `connectionMethod: an Electron app is DESKTOP_APP_DIRECT or DESKTOP_APP_VIA_SERVER, got ${JSON.stringify(rest.connectionMethod)}`,
    );
  }
  const collectorOptions: CollectorOptions = {
    ...rest,
    display: electronDisplay({ screen, BrowserWindow }),
  };
  if (rest.deviceId === undefined && app) {
    collectorOptions.deviceId = { path: join(app.getPath('userData'), DEVICE_ID_FILE_NAME) };
  }
  const collector = createCollector(collectorOptions);
  void collector.ready();

  const handle = async (event: IpcMainInvokeEvent, ...args: unknown[]): Promise<BridgeResponse> => {
    const window = event?.sender ? BrowserWindow.fromWebContents(event.sender) : null;
    if (!window || window.isDestroyed?.()) {
      return {
        ok: false,
        code: 'SENDER_REFUSED',
        message: 'the call did not come from a window of this app',
      };
    }
    let allowed = true;
    try {
      allowed = allowSender ? allowSender(event) === true : true;
    } catch (error) {
      return {
        ok: false,
        code: 'SENDER_REFUSED',
        message: `allowSender failed (${error instanceof Error ? error.message : String(error)})`,
      };
    }
    if (!allowed) {
      return { ok: false, code: 'SENDER_REFUSED', message: 'allowSender turned this page away' };
    }
    const checked = checkRequest(args);
    if (!checked.ok) return checked;
    const wanted = checked.kind === 'payload';
    if (wanted !== collector.viaServer) {
      return {
        ok: false,
        code: 'WRONG_METHOD',
        message: wanted
          ? `payload() is for DESKTOP_APP_VIA_SERVER; this app is ${collector.connectionMethod}: use headers()`
          : `headers() is for DESKTOP_APP_DIRECT; this app is ${collector.connectionMethod}: use payload()`,
      };
    }
    const [width, height] = window.getContentSize();
    const perRequest = {
      ...checked.request,
      ...(width !== undefined && height !== undefined && width >= 1 && height >= 1
        ? { windowSize: { width: Math.round(width), height: Math.round(height) } }
        : {}),
    };
    try {
      if (wanted) {
        const payload = await collector.clientPayload(perRequest);
        return {
          ok: true,
          headers: { ...payload.headers },
          field: payload.field,
          json: payload.json,
        };
      }
      return { ok: true, headers: await collector.headers(perRequest) };
    } catch (error) {
      if (isCollectorError(error) && error.code === 'INVALID_ARGUMENT') {
        return { ok: false, code: 'INVALID_ARGUMENT', message: error.message };
      }
      return {
        ok: false,
        code: 'COLLECTOR_FAILED',
        message: error instanceof Error ? error.message : String(error),
      };
    }
  };
  ipcMain.handle(FPH_CHANNEL, handle);
  return { collector, dispose: () => ipcMain.removeHandler(FPH_CHANNEL) };
}
