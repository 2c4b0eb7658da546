// The part of react-native's types this example uses (Dimensions, PixelRatio, Platform), as its
// documentation describes them, so the example type-checks without React Native installed.
declare module 'react-native' {
  export interface ScaledSize {
    width: number;
    height: number;
    scale: number;
    fontScale: number;
  }
  export const Dimensions: {
    get(dim: 'window' | 'screen'): ScaledSize;
  };
  export const PixelRatio: {
    get(): number;
  };
  export const Platform: {
    OS: 'ios' | 'android' | 'windows' | 'macos' | 'web';
  };
}
