/**
 * Types of the script-tag build (`dist/fph-kit.iife.js`), which defines one global, `FphKit`, with
 * the module's functions. A page script written in TypeScript declares that global with
 * `/// <reference types="@fph-kit/browser/iife" />`. Checked where it is used: the packaging
 * tests type-check a consumer of the installed package (it needs the build's declarations).
 */
import type * as FphKitModule from './dist/index.js';

declare global {
  var FphKit: typeof FphKitModule;
}
