// Spec types and helpers a collector's caller needs, so one import serves.
export {
  type ClientPayloadHeaders,
  type CollectionNote,
  type ConnectionMethod,
  type HeaderNote,
  hashUniqueReference,
  type KeyValueInput,
  type MultiFactorEntry,
  type Screen,
  type WindowSize,
} from '@fph-kit/spec';
export {
  BATCH_NOTE_CODES,
  BATCH_PER_REQUEST_HEADERS,
  type BatchCollection,
  type BatchNote,
  type BatchNoteCode,
  type BatchRequest,
  type BatchRun,
  type BatchRunOptions,
  startBatchRun,
} from './batch.js';
export { createCollector } from './collector.js';
export {
  COLLECTOR_METHODS,
  type CollectorOptions,
  type DeviceIdOptions,
} from './collector-options.js';
export {
  type ClientPayload,
  COLLECTOR_WARNING_CODES,
  type Collection,
  type Collector,
  type CollectorWarningCode,
  type HeaderExplanation,
  type PerRequest,
} from './collector-types.js';
export {
  appDataFolder,
  DEVICE_ID_FILE_NAME,
  type DeviceIdLocation,
  type DeviceIdOutcome,
  type DeviceIdResult,
  defaultDeviceIdPath,
  loadDeviceId,
} from './device-id.js';
export {
  type BrowserWindowClassLike,
  type DisplayAdapter,
  type DisplayLike,
  type ElectronDisplayOptions,
  electronDisplay,
  type ScreenLike,
  type WindowLike,
} from './display.js';
export {
  COLLECTOR_ERROR_CODES,
  CollectorError,
  type CollectorErrorCode,
  isCollectorError,
} from './errors.js';
export {
  type GraphicsDisplay,
  type GraphicsInfo,
  type InterfaceAddress,
  type InterfaceTable,
  nodeSystemSource,
  type OsInfo,
  type SystemInfo,
  type SystemSource,
} from './source.js';
