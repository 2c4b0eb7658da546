import type { BuildOptions } from 'esbuild';

export type BundleFormat = 'esm' | 'iife';

export declare const OUTPUT_FILES: Readonly<Record<BundleFormat, string>>;

export declare function bundleOptions(format: BundleFormat): BuildOptions;

export declare function importingBundleOptions(names: readonly string[]): BuildOptions;

export declare function buildBundles(): Promise<void>;
