export type BundleFormat = 'esm' | 'iife';
export type BundleMode = 'production' | 'development';

export declare const OUTPUT_FILES: Readonly<
  Record<BundleMode, Readonly<Record<BundleFormat, string>>>
>;

/** One bundle in memory: its code (without the source map comment) and its source map as JSON. */
export declare function bundle(
  format: BundleFormat,
  mode?: BundleMode,
  names?: readonly string[],
): Promise<{ code: string; map: string }>;

export declare function buildBundles(): Promise<void>;
