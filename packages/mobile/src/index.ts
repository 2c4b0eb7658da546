// Spec types a mobile app's code needs beside the collector, so one import serves.
export type {
  ClientPayloadHeaders,
  CollectionNote,
  HeaderNote,
  KeyValueInput,
  MultiFactorEntry,
  Screen,
  UserAgentInfo,
  WindowSize,
} from '@fph-kit/spec';
export {
  createMobileCollector,
  MOBILE_METHODS,
  type MobileClientPayload,
  type MobileCollection,
  type MobileCollector,
  type MobileCollectorOptions,
  type MobileMethod,
  type MobilePerRequest,
} from './collector.js';
export {
  type DeviceInfoValues,
  type ExpoDeviceValues,
  fromDeviceInfo,
  fromExpoDevice,
  type MobileDevice,
} from './device.js';
export {
  DEVICE_ID_KEY,
  type DeviceIdOptions,
  type DeviceIdResult,
  type DeviceIdStorage,
  loadDeviceId,
} from './device-id.js';
export {
  type DisplayReading,
  type DisplayValues,
  readDisplay,
  type ScaledSizeLike,
} from './display.js';
export { isMobileError, MOBILE_ERROR_CODES, MobileError, type MobileErrorCode } from './errors.js';
export { type LocalIpsInput, type LocalIpsReading, readLocalIps } from './local-ips.js';
export { MOBILE_NOTE_CODES, type MobileNote, type MobileNoteCode } from './notes.js';
