import type { HeaderName, HeaderNote, KeyValueInput } from '@fph-kit/spec';
import { createCollector } from './collector.js';
import type { DeviceIdOptions } from './collector-options.js';
import {
  COLLECTOR_WARNING_CODES,
  type CollectorWarningCode,
  type HeaderExplanation,
} from './collector-types.js';
import { CollectorError } from './errors.js';
import type { SystemSource } from './source.js';

/**
 * BATCH_PROCESS_DIRECT: a job no user initiates (an overnight VAT obligations check, a bulk
 * submission). The machine is read once per run; what the spec asks to collect immediately
 * before each request (local IPs and their timestamp, MACs) and what may change during a night
 * (the UTC offset) is read for every request; User-IDs take the identifiers of the account each
 * request acts for. A batch sends no Multi-Factor, Screens, Window-Size, Public-IP or
 * Vendor-Forwarded: the spec's batch list has none of them.
 */

/** Codes of a run's notes: the collector's, and licence keys that were not given. */
export type BatchNoteCode = CollectorWarningCode | 'NO_LICENSE_KEYS';
export const BATCH_NOTE_CODES: readonly BatchNoteCode[] = [
  ...COLLECTOR_WARNING_CODES,
  'NO_LICENSE_KEYS',
];

/** A run's note: what could not be collected and why (the one note shape of @fph-kit/spec). */
export type BatchNote = HeaderNote<BatchNoteCode>;

/** The headers read for every request of a run; every other header is the same for the run. */
export const BATCH_PER_REQUEST_HEADERS: readonly HeaderName[] = [
  'Gov-Client-Local-IPs',
  'Gov-Client-Local-IPs-Timestamp',
  'Gov-Client-MAC-Addresses',
  'Gov-Client-Timezone',
  'Gov-Client-User-IDs',
];

export interface BatchRunOptions {
  /** The product name marketed to users (Gov-Vendor-Product-Name). */
  productName: string;
  /** The job's software versions, e.g. `{ 'acme-vat-batch': '4.2.0' }` (Gov-Vendor-Version). */
  versions: KeyValueInput;
  /** Licence keys by software name; only their SHA-256 hashes are sent. Without: a note. */
  licenseKeys?: KeyValueInput;
  /** Identifiers for every request of the run (each request may add its own). */
  userIds?: KeyValueInput;
  /** Send the account the job runs under as `os` in User-IDs (the spec expects it). Default true. */
  osUser?: boolean;
  /**
   * The machine's device ID, or where it is kept. It must outlive the run: in a container, give
   * a path on a volume that persists (or keep the ID yourself and pass it as a string).
   */
  deviceId?: string | DeviceIdOptions;
  /** Replaces parts of the machine (tests; see {@link SystemSource}). */
  source?: Partial<SystemSource>;
  /** Called once for each distinct note of the run, e.g. to log it. */
  onNote?: (note: BatchNote) => void;
}

/** What changes from one request of a run to the next, besides what is read fresh. */
export interface BatchRequest {
  /** The identifiers of the account this request acts for, merged over the run's `userIds`. */
  userIds?: KeyValueInput;
}

export interface BatchCollection {
  headers: Record<string, string>;
  /** One entry per header of BATCH_PROCESS_DIRECT, in the spec's order. */
  explanations: HeaderExplanation[];
  /** The notes that apply to this request's headers. */
  notes: BatchNote[];
}

export interface BatchRun {
  readonly connectionMethod: 'BATCH_PROCESS_DIRECT';
  /** The headers collected once for the run: the same on every request. */
  readonly fixed: Readonly<Record<string, string>>;
  /** Every distinct note of the run so far. */
  readonly notes: readonly BatchNote[];
  /** The full header set for one request to HMRC, read just before it is sent. */
  headers(request?: BatchRequest): Promise<Record<string, string>>;
  /** The same, with an explanation of each header and the notes that apply. */
  collect(request?: BatchRequest): Promise<BatchCollection>;
}

const OPTION_KEYS = new Set([
  'productName',
  'versions',
  'licenseKeys',
  'userIds',
  'osUser',
  'deviceId',
  'source',
  'onNote',
]);

/** Values a batch must not send, with the reason given to whoever passes them. */
const NOT_FOR_BATCH: Readonly<Record<string, string>> = {
  connectionMethod:
    'a batch run is always BATCH_PROCESS_DIRECT (use createCollector for other methods)',
  multiFactor:
    'BATCH_PROCESS_DIRECT sends no Gov-Client-Multi-Factor: no user signs in to initiate a batch request',
  display:
    'BATCH_PROCESS_DIRECT sends no Gov-Client-Screens or Gov-Client-Window-Size: a batch process has no screen or window',
  windowSize: 'BATCH_PROCESS_DIRECT sends no Gov-Client-Window-Size: a batch process has no window',
};

function checkKeys(
  given: object,
  allowed: ReadonlySet<string>,
  code: 'INVALID_OPTIONS' | 'INVALID_ARGUMENT',
  what: string,
): void {
  for (const key of Object.keys(given)) {
    if (allowed.has(key)) continue;
    const why = NOT_FOR_BATCH[key];
    throw new CollectorError(
      code,
      why
        ? `${what}.${key}: ${why}`
        : `${what}.${key} is not an option of a batch run; it takes ${[...allowed].join(', ')}`,
    );
  }
}

function checkRequest(request: BatchRequest | undefined): BatchRequest | undefined {
  if (request === undefined) return undefined;
  if (typeof request !== 'object' || request === null) {
    throw new CollectorError(
      'INVALID_ARGUMENT',
      `request must be an object such as { userIds }, got ${request === null ? 'null' : typeof request}`,
    );
  }
  checkKeys(request, new Set(['userIds']), 'INVALID_ARGUMENT', 'request');
  return request;
}

function noLicenseNote(): BatchNote {
  return {
    code: 'NO_LICENSE_KEYS',
    header: 'Gov-Vendor-License-IDs',
    message:
      'no licence keys given (licenseKeys option), so Gov-Vendor-License-IDs is not sent; if the product has no licence keys, tell HMRC: its Test API warns about this header',
  };
}

/**
 * Starts one run of a batch job: checks the options (a bad one throws {@link CollectorError}),
 * reads the machine once, and resolves to the run, whose `headers()` gives each request's set.
 */
export async function startBatchRun(options: BatchRunOptions): Promise<BatchRun> {
  if (typeof options !== 'object' || options === null) {
    throw new CollectorError(
      'INVALID_OPTIONS',
      'options must be an object with at least productName and versions',
    );
  }
  checkKeys(options, OPTION_KEYS, 'INVALID_OPTIONS', 'options');
  for (const key of ['productName', 'versions'] as const) {
    if (options[key] === undefined) {
      throw new CollectorError(
        'INVALID_OPTIONS',
        `options.${key} is required: Gov-Vendor-${key === 'productName' ? 'Product-Name' : 'Version'} is a header every batch request sends, and only the vendor knows it`,
      );
    }
  }
  const notes: BatchNote[] = [];
  const record = (note: BatchNote): void => {
    notes.push(note);
    try {
      options.onNote?.(note);
    } catch (error) {
      // A failing logger must not stop the job; Node reports it instead.
      process.emitWarning(
        `@fph-kit/node: the onNote callback threw: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
  const collector = createCollector({
    connectionMethod: 'BATCH_PROCESS_DIRECT',
    productName: options.productName,
    versions: options.versions,
    ...(options.licenseKeys === undefined ? {} : { licenseKeys: options.licenseKeys }),
    ...(options.userIds === undefined ? {} : { userIds: options.userIds }),
    osUser: options.osUser ?? true,
    ...(options.deviceId === undefined ? {} : { deviceId: options.deviceId }),
    ...(options.source === undefined ? {} : { source: options.source }),
    onWarning: record,
  });
  const licenseNote = options.licenseKeys === undefined ? noLicenseNote() : undefined;
  if (licenseNote) record(licenseNote);

  // One collection at the start: the run's fixed values, and the machine's notes before any request.
  const first = await collector.headers();
  const fixed: Record<string, string> = {};
  for (const [name, value] of Object.entries(first)) {
    if (!BATCH_PER_REQUEST_HEADERS.includes(name as HeaderName)) fixed[name] = value;
  }
  Object.freeze(fixed);

  return {
    connectionMethod: 'BATCH_PROCESS_DIRECT',
    fixed,
    notes,
    async headers(request) {
      const checked = checkRequest(request);
      return collector.headers(checked?.userIds === undefined ? {} : { userIds: checked.userIds });
    },
    async collect(request) {
      const checked = checkRequest(request);
      const collection = await collector.collect(
        checked?.userIds === undefined ? {} : { userIds: checked.userIds },
      );
      const applying: BatchNote[] = collection.warnings;
      return {
        headers: collection.headers,
        explanations: collection.explanations,
        notes: licenseNote ? [...applying, licenseNote] : applying,
      };
    },
  };
}
