/// <reference lib="dom" preserve="true" />

export {
  type AppHeaderName,
  type CollectNote,
  type CollectNoteCode,
  type CollectOptions,
  type CollectResult,
  collect,
} from './collect.js';
export { BrowserError, type BrowserErrorCode, isBrowserError } from './errors.js';
export { attachToForm, fphFetch } from './transport.js';
