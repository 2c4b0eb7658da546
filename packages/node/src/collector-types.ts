import type {
  ClientPayloadHeaders,
  ConnectionMethod,
  HeaderName,
  HeaderNote,
  KeyValueInput,
  MultiFactorEntry,
  WindowSize,
} from '@fph-kit/spec';

/** Values that belong to one request. */
export interface PerRequest {
  /** Merged over `options.userIds`; a key given here wins. */
  userIds?: KeyValueInput;
  /** Replaces `options.multiFactor` for this request. */
  multiFactor?: readonly MultiFactorEntry[];
  /** The window size, when the app measures it itself (replaces the adapter's). */
  windowSize?: WindowSize;
}

/** Codes of the collector's warnings: what the machine could not give, and device ID events. */
export const COLLECTOR_WARNING_CODES = [
  'DEVICE_ID_CREATED',
  'DEVICE_ID_CORRUPT',
  'DEVICE_ID_NOT_PERSISTED',
  'LOCAL_IPS_LOOPBACK_ONLY',
  'NO_LOCAL_IPS',
  'NO_MAC_ADDRESSES',
  'OS_USER_UNKNOWN',
  'USER_AGENT_INCOMPLETE',
  'NO_SCREENS',
  'SCREENS_WITHOUT_SCALING',
  'NO_WINDOW',
] as const;
export type CollectorWarningCode = (typeof COLLECTOR_WARNING_CODES)[number];

export interface HeaderExplanation {
  header: HeaderName;
  /** `partial`: sent, but a part could not be collected (e.g. an empty device-manufacturer). */
  status: 'collected' | 'partial' | 'missing';
  /** The value sent (absent when missing). */
  value?: string;
  /** Where the value came from, or why it is missing. */
  source: string;
}

export interface Collection {
  /** Canonical header name to encoded value. */
  headers: Record<string, string>;
  /** One entry per header the connection method asks of this client, in the spec's order. */
  explanations: HeaderExplanation[];
  /** The warnings that apply to this collection. */
  warnings: HeaderNote<CollectorWarningCode>[];
}

/** What a via-server client sends to its vendor's server. */
export interface ClientPayload {
  /** Set each as an HTTP header of the request to the vendor's server. */
  headers: ClientPayloadHeaders;
  /** The field name for the JSON form: `fph_client`. */
  field: string;
  /** JSON of `headers`, for the `fph_client` form field or JSON body property. */
  json: string;
}

export interface Collector {
  readonly connectionMethod: ConnectionMethod;
  /** True for the via-server methods: `headers()` is then the client payload. */
  readonly viaServer: boolean;
  /** Reads the slow sources (systeminformation, the device ID file). Never rejects. */
  ready(): Promise<void>;
  /** Reads the slow sources again (after a display or hardware change). */
  refresh(): Promise<void>;
  /**
   * The headers for one request: every header of a direct method that the client knows, or for a
   * via-server method the client payload (Gov-Client-* values plus the client's Gov-Vendor-Version).
   */
  headers(perRequest?: PerRequest): Promise<Record<string, string>>;
  /** The headers with an explanation of each and the warnings that apply. */
  collect(perRequest?: PerRequest): Promise<Collection>;
  /** Via-server methods: the payload for the vendor's server, as HTTP headers and as JSON. */
  clientPayload(perRequest?: PerRequest): Promise<ClientPayload>;
  /** Every distinct warning so far. */
  readonly warnings: readonly HeaderNote<CollectorWarningCode>[];
}

// Internal shapes shared by the collector's modules (not exported from the package).

/** A warning of this collector (the one note shape of @fph-kit/spec, with this package's codes). */
export type Warning = HeaderNote<CollectorWarningCode>;

/** One header's value, or why there is none, and where it came from. */
export interface Entry {
  value?: string;
  status: HeaderExplanation['status'];
  source: string;
}

/** Records a warning for the collection being built (and once for the collector's list). */
export type Notify = (warning: Warning) => void;

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The outcome of one slow read: its answer, or the error's message. */
export type Settled<T> = { ok: T } | { error: string };
