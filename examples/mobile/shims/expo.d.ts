// expo-device's constants, expo-network's getIpAddressAsync and expo-crypto's randomUUID, with
// their documented types.
declare module 'expo-device' {
  export const osName: string | null;
  export const osVersion: string | null;
  export const manufacturer: string | null;
  export const modelId: string | null;
  export const modelName: string | null;
}
declare module 'expo-network' {
  export function getIpAddressAsync(): Promise<string>;
}
declare module 'expo-crypto' {
  export function randomUUID(): string;
}
