import { HEADERS } from '../headers.js';

/**
 * The client payload: the map of canonical header name to encoded value that a browser, desktop or
 * mobile client sends to its vendor's server (as request headers, or as JSON in the `fph_client`
 * field) for a via-server connection method. The browser and Node collectors produce it
 * ({@link ClientPayloadHeaders}); the server checks it against {@link CLIENT_PAYLOAD_SCHEMA}.
 * Only the headers a client knows are allowed, plus Gov-Vendor-Version for the client
 * application's own `software=version` pairs; every value is printable US-ASCII and bounded in
 * length, as a header value must be.
 */

/** The longest value accepted per header, in characters: its keys are the headers a client may send. */
export const CLIENT_VALUE_LIMITS = {
  'Gov-Client-Browser-JS-User-Agent': 1024,
  'Gov-Client-Device-ID': 256,
  'Gov-Client-Local-IPs': 4096,
  'Gov-Client-Local-IPs-Timestamp': 64,
  'Gov-Client-MAC-Addresses': 4096,
  'Gov-Client-Multi-Factor': 4096,
  'Gov-Client-Screens': 2048,
  'Gov-Client-Timezone': 64,
  'Gov-Client-User-Agent': 1024,
  'Gov-Client-User-IDs': 2048,
  'Gov-Client-Window-Size': 256,
  'Gov-Client-Browser-Plugins': 4096,
  'Gov-Client-Browser-Do-Not-Track': 64,
  'Gov-Vendor-Version': 1024,
} as const;

/** A header a client may send its vendor's server. */
export type ClientHeaderName = keyof typeof CLIENT_VALUE_LIMITS;

/**
 * What a collector gives for its vendor's server: canonical header name to the value exactly as it
 * would be sent to HMRC. A header the client could not collect is left out.
 */
export type ClientPayloadHeaders = { [Name in ClientHeaderName]?: string };

/** At most this many names in one client payload (known or not). */
export const MAX_CLIENT_NAMES = 64;

/** The longest `fph_client` JSON text read, in characters. */
export const MAX_CLIENT_JSON_LENGTH = 65_536;

/**
 * Header names a client may send, in the catalogue's order: every client-supplied header of the
 * spec, and Gov-Vendor-Version.
 */
export const CLIENT_HEADER_NAMES: readonly ClientHeaderName[] = [
  ...HEADERS.filter((h) => h.supplier === 'client').map((h) => h.name as ClientHeaderName),
  'Gov-Vendor-Version',
];

/** Printable US-ASCII (space to tilde): no control characters, no CR or LF, nothing else. */
const PRINTABLE_ASCII = '^[\\x20-\\x7E]*$';

/** The JSON Schema (draft-07) of the client payload, as a JSON-serialisable object. */
export const CLIENT_PAYLOAD_SCHEMA: Readonly<Record<string, unknown>> = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'fph-kit client payload',
  description:
    "A client's fraud prevention values: canonical header name to the encoded header value, exactly as it would be sent to HMRC.",
  type: 'object',
  maxProperties: MAX_CLIENT_NAMES,
  properties: Object.fromEntries(
    CLIENT_HEADER_NAMES.map((name) => [
      name,
      { type: 'string', maxLength: CLIENT_VALUE_LIMITS[name], pattern: PRINTABLE_ASCII },
    ]),
  ),
  additionalProperties: false,
};
