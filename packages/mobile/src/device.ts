import type { UserAgentInfo } from '@fph-kit/spec';
import { type MobileNote, note } from './notes.js';

/**
 * Gov-Client-User-Agent from what a React Native or Expo app can read. Both libraries report
 * "unknown" (react-native-device-info) or `null` (expo-device) when the platform does not give a
 * value: such a field is sent with an empty value and noted, never guessed.
 */

/**
 * Values read with react-native-device-info, as it documents them:
 * `getSystemName()`, `getSystemVersion()`, `await getManufacturer()`, `getDeviceId()`, `getModel()`.
 */
export interface DeviceInfoValues {
  /** `getSystemName()`: `iOS`, `iPadOS` or `Android`. */
  systemName: string;
  /** `getSystemVersion()`, e.g. `17.5.1` or `14`. */
  systemVersion: string;
  /** `await getManufacturer()`, e.g. `Apple` or `Google`. */
  manufacturer: string;
  /** `getDeviceId()`: on iOS the machine identifier (`iPhone12,3`), on Android the board name. */
  deviceId: string;
  /** `getModel()`: `iPhone 11 Pro`, `Pixel 7`. */
  model: string;
}

/**
 * Values of expo-device's constants, as it documents them: `Device.osName`, `Device.osVersion`,
 * `Device.manufacturer`, `Device.modelId` (iOS machine identifier; `null` on Android) and
 * `Device.modelName`.
 */
export interface ExpoDeviceValues {
  osName: string | null;
  osVersion: string | null;
  manufacturer: string | null;
  modelId: string | null;
  modelName: string | null;
}

/** The user agent of this device and the notes on what it could not give. */
export interface MobileDevice {
  userAgent: Required<UserAgentInfo>;
  /** Where the values came from, for explanations. */
  source: string;
  notes: MobileNote[];
}

const UNKNOWN = new Set(['', 'unknown', 'null', 'undefined', 'n/a']);

function known(value: unknown): value is string {
  return typeof value === 'string' && !UNKNOWN.has(value.trim().toLowerCase());
}

const FIELD_KEYS: Readonly<Record<keyof UserAgentInfo, string>> = {
  osFamily: 'os-family',
  osVersion: 'os-version',
  deviceManufacturer: 'device-manufacturer',
  deviceModel: 'device-model',
};

function reading(
  source: string,
  fields: Record<keyof UserAgentInfo, { value: unknown; from: string }>,
): MobileDevice {
  const notes: MobileNote[] = [];
  const info = {} as Required<UserAgentInfo>;
  for (const field of Object.keys(FIELD_KEYS) as (keyof UserAgentInfo)[]) {
    const { value, from } = fields[field];
    if (known(value)) {
      info[field] = value.trim();
    } else {
      info[field] = '';
      notes.push(
        note(
          'USER_AGENT_INCOMPLETE',
          'Gov-Client-User-Agent',
          `${from} reports no ${FIELD_KEYS[field]} on this device (${value === null ? 'null' : JSON.stringify(value)}): the key is sent with an empty value.`,
          value === null ? 'null' : value,
        ),
      );
    }
  }
  return { userAgent: info, source, notes };
}

function isApple(osName: unknown): boolean {
  return typeof osName === 'string' && /^(ios|ipados)$/i.test(osName.trim());
}

/**
 * The user agent from react-native-device-info's values. The device model is the machine
 * identifier on iOS (`iPhone12,3`, as in the spec's mobile example) and the model on Android.
 */
export function fromDeviceInfo(values: DeviceInfoValues): MobileDevice {
  const apple = isApple(values?.systemName);
  return reading('react-native-device-info', {
    osFamily: { value: values?.systemName, from: 'getSystemName()' },
    osVersion: { value: values?.systemVersion, from: 'getSystemVersion()' },
    deviceManufacturer: { value: values?.manufacturer, from: 'getManufacturer()' },
    deviceModel: apple
      ? { value: values?.deviceId, from: 'getDeviceId()' }
      : { value: values?.model, from: 'getModel()' },
  });
}

/**
 * The user agent from expo-device's constants. The device model is `modelId` where the platform
 * gives one (iOS), else `modelName` (Android).
 */
export function fromExpoDevice(values: ExpoDeviceValues): MobileDevice {
  const modelId = known(values?.modelId);
  return reading('expo-device', {
    osFamily: { value: values?.osName, from: 'Device.osName' },
    osVersion: { value: values?.osVersion, from: 'Device.osVersion' },
    deviceManufacturer: { value: values?.manufacturer, from: 'Device.manufacturer' },
    deviceModel: modelId
      ? { value: values?.modelId, from: 'Device.modelId' }
      : { value: values?.modelName, from: 'Device.modelName' },
  });
}
