// react-native-device-info's functions this example uses, with their documented signatures.
declare module 'react-native-device-info' {
  const DeviceInfo: {
    getSystemName(): string;
    getSystemVersion(): string;
    getManufacturer(): Promise<string>;
    getDeviceId(): string;
    getModel(): string;
    getVersion(): string;
    getIpAddress(): Promise<string>;
  };
  export default DeviceInfo;
}
