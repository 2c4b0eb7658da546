// Fraud prevention headers in a React Native app (react-native-device-info) and an Expo app
// (expo-device, expo-network, expo-crypto). Import `collector` where the app calls its API.

import {
  createMobileCollector,
  type DisplayReading,
  fromDeviceInfo,
  fromExpoDevice,
  type MobileCollector,
  type MobileDevice,
} from '@fph-kit/mobile';
import AsyncStorage from '@react-native-async-storage/async-storage';
import * as Crypto from 'expo-crypto';
import * as Device from 'expo-device';
import * as Network from 'expo-network';
import { Dimensions, PixelRatio } from 'react-native';
import DeviceInfo from 'react-native-device-info';

/** React Native CLI app: the device as react-native-device-info reports it. */
export async function deviceFromDeviceInfo(): Promise<MobileDevice> {
  return fromDeviceInfo({
    systemName: DeviceInfo.getSystemName(),
    systemVersion: DeviceInfo.getSystemVersion(),
    manufacturer: await DeviceInfo.getManufacturer(),
    deviceId: DeviceInfo.getDeviceId(),
    model: DeviceInfo.getModel(),
  });
}

/** Expo app: the device as expo-device reports it. */
export function deviceFromExpo(): MobileDevice {
  return fromExpoDevice({
    osName: Device.osName,
    osVersion: Device.osVersion,
    manufacturer: Device.manufacturer,
    modelId: Device.modelId,
    modelName: Device.modelName,
  });
}

/**
 * Screens and window, read for every request (rotation and split screen change them). React
 * Native reports no colour depth: pass the one your app reads (here from a WebView's
 * `screen.colorDepth`, stored at start-up), or leave it out and Gov-Client-Screens is omitted
 * with a note.
 */
let colourDepth: number | undefined;
export function rememberColourDepth(depth: number): void {
  colourDepth = depth;
}
function display(): DisplayReading {
  return {
    screen: Dimensions.get('screen'),
    window: Dimensions.get('window'),
    pixelRatio: PixelRatio.get(),
    ...(colourDepth === undefined ? {} : { colourDepth }),
  };
}

/** An Expo app whose API calls go through the vendor's server (MOBILE_APP_VIA_SERVER). */
export function expoCollector(): MobileCollector {
  return createMobileCollector({
    connectionMethod: 'MOBILE_APP_VIA_SERVER',
    device: deviceFromExpo(),
    deviceId: { storage: AsyncStorage, randomUUID: Crypto.randomUUID },
    display,
    localIps: () => Network.getIpAddressAsync(),
    versions: { 'acme-tax-mobile': '4.2.0' },
  });
}

/** A React Native app that calls HMRC itself (MOBILE_APP_DIRECT). */
export async function directCollector(): Promise<MobileCollector> {
  return createMobileCollector({
    connectionMethod: 'MOBILE_APP_DIRECT',
    device: await deviceFromDeviceInfo(),
    deviceId: { storage: AsyncStorage, randomUUID: Crypto.randomUUID },
    display,
    localIps: () => DeviceInfo.getIpAddress(),
    productName: 'Acme Tax',
    versions: { 'acme-tax-mobile': DeviceInfo.getVersion() },
    licenseKeys: { 'acme-tax-mobile': 'ACME-MOBILE-0001' },
  });
}

/** A call to the vendor's server with the client payload as request headers. */
export async function submitReturn(collector: MobileCollector, body: unknown): Promise<Response> {
  const { headers, notes } = await collector.collect({ userIds: { 'acme-tax': 'alice123' } });
  for (const note of notes) console.warn(`fph ${note.code}: ${note.message}`);
  return fetch('https://api.acme-tax.example/vat/returns', {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}
