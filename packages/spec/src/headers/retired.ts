import type { HeaderDefinition } from '../headers.js';
import { def } from './catalogue-entry.js';

/**
 * Headers the spec no longer requires of any connection method: catalogued so that they are
 * recognised by name, with no grammar of their own.
 */

/** Gov-Client-Browser-Plugins in the header catalogue. */
export const BROWSER_PLUGINS_HEADER: HeaderDefinition = /* @__PURE__ */ def(
  'Gov-Client-Browser-Plugins',
  'list',
  'client',
  'Retired in spec 3.1: browser plugins are no longer required for any connection method.',
  { status: 'retired' },
);

/** Gov-Client-Browser-Do-Not-Track in the header catalogue. */
export const BROWSER_DO_NOT_TRACK_HEADER: HeaderDefinition = /* @__PURE__ */ def(
  'Gov-Client-Browser-Do-Not-Track',
  'plain',
  'client',
  'Retired in spec 3.2: the Do Not Track setting is no longer required for any connection method.',
  { status: 'retired' },
);
