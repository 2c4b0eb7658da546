/// <reference lib="dom" preserve="true" />

// Contracts of @fph-kit/spec that type what `collect` gives.
export type { ClientPayloadHeaders, HeaderNote } from '@fph-kit/spec';
export {
  type AppHeaderName,
  type CollectNoteCode,
  type CollectOptions,
  type CollectResult,
  collect,
} from './collect.js';
export { BrowserError, type BrowserErrorCode, isBrowserError } from './errors.js';
export { attachToForm, fphFetch } from './transport.js';
