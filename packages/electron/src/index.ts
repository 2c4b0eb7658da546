// The main-process entry. The preload half is `@fph-kit/electron/preload`.
export {
  BRIDGE_REFUSAL_CODES,
  type BridgeMultiFactor,
  type BridgePayload,
  type BridgeRefusalCode,
  type BridgeRequest,
  type BridgeResponse,
  FPH_BRIDGE_KEY,
  FPH_CHANNEL,
  type FphBridge,
} from './bridge.js';
export {
  type BrowserWindowStatics,
  ELECTRON_METHODS,
  type ElectronMethod,
  type FphMain,
  type FphMainOptions,
  fphWebPreferences,
  registerFph,
} from './main.js';
