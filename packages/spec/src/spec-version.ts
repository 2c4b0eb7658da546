/**
 * The edition of HMRC's fraud prevention specification this package encodes, and where it is
 * published. A module of its own so that `methods.ts` links into the spec without importing the
 * header catalogue, whose modules import `methods.ts`.
 */

export const SPEC_VERSION = '3.3';

/** Base address of the specification; `specUrl()` appends a connection method and anchor. */
export const SPEC_BASE_URL = 'https://developer.service.hmrc.gov.uk/guides/fraud-prevention';
