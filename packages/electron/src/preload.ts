import type { ContextBridge, IpcRenderer } from 'electron';
import {
  type BridgeCall,
  type BridgePayload,
  type BridgeRequest,
  type BridgeResponse,
  FPH_BRIDGE_KEY,
  FPH_CHANNEL,
  type FphBridge,
  refusalMessage,
} from './bridge.js';

/**
 * The preload half: exposes `window.fph` (two functions, nothing else) through `contextBridge`.
 * The renderer never sees `ipcRenderer`, Node or any channel but {@link FPH_CHANNEL}. This module
 * imports only the bridge contract, so it bundles into a sandboxed preload on its own.
 */

export interface ExposeFphOptions {
  /** `contextBridge` from `electron`. */
  contextBridge: Pick<ContextBridge, 'exposeInMainWorld'>;
  /** `ipcRenderer` from `electron`. */
  ipcRenderer: Pick<IpcRenderer, 'invoke'>;
  /**
   * Electron's `process.contextIsolated` in the preload. Default: the global `process`'s. The
   * bridge is not exposed in a window without context isolation, where the page could reach the
   * preload's own objects.
   */
  contextIsolated?: boolean;
}

function plain(request: BridgeRequest | undefined): BridgeRequest {
  return request === undefined ? {} : request;
}

async function call(
  ipcRenderer: Pick<IpcRenderer, 'invoke'>,
  kind: BridgeCall,
  request: BridgeRequest | undefined,
): Promise<BridgeResponse & { ok: true }> {
  const answer = (await ipcRenderer.invoke(FPH_CHANNEL, kind, plain(request))) as BridgeResponse;
  if (!answer || typeof answer !== 'object' || answer.ok !== true) {
    const refused = answer as { code?: string; message?: string } | undefined;
    throw new Error(
      refusalMessage(
        refused?.code ?? 'REQUEST_REFUSED',
        refused?.message ?? 'no answer from the main process',
      ),
    );
  }
  return answer;
}

/** The bridge object itself (what `exposeFph` exposes), for tests and custom keys. */
export function createFphBridge(ipcRenderer: Pick<IpcRenderer, 'invoke'>): FphBridge {
  return Object.freeze({
    headers: async (request?: BridgeRequest): Promise<Record<string, string>> =>
      (await call(ipcRenderer, 'headers', request)).headers,
    payload: async (request?: BridgeRequest): Promise<BridgePayload> => {
      const answer = await call(ipcRenderer, 'payload', request);
      return {
        headers: answer.headers,
        field: answer.field ?? 'fph_client',
        json: answer.json ?? JSON.stringify(answer.headers),
      };
    },
  });
}

/**
 * Exposes `window.fph`. Call it from the preload script:
 * `exposeFph({ contextBridge, ipcRenderer })`. Throws when the window has no context isolation.
 */
export function exposeFph(options: ExposeFphOptions): void {
  const isolated =
    options.contextIsolated ??
    (globalThis as { process?: { contextIsolated?: boolean } }).process?.contextIsolated;
  if (isolated !== true) {
    throw new Error(
      refusalMessage(
        'INSECURE_WINDOW',
        'window.fph is only exposed with contextIsolation on (webPreferences.contextIsolation: true)',
      ),
    );
  }
  options.contextBridge.exposeInMainWorld(FPH_BRIDGE_KEY, createFphBridge(options.ipcRenderer));
}

export {
  BRIDGE_REFUSAL_CODES,
  type BridgeMultiFactor,
  type BridgePayload,
  type BridgeRefusalCode,
  type BridgeRequest,
  FPH_BRIDGE_KEY,
  FPH_CHANNEL,
  type FphBridge,
} from './bridge.js';
