export {
  type AddressInfo,
  type AddressKind,
  addressKind,
  describeAddressKind,
  ipv4Number,
  isIP,
  isIPv4,
  isIPv6,
  isLocalKind,
  isMacAddress,
  isNotPublic,
  isNotRoutable,
  isPublicKind,
  parseAddress,
} from './address.js';
export {
  type CodecProblem,
  type CodecProblemCode,
  type Decoded,
  decodeKeyValue,
  decodeKeyValueList,
  decodeList,
  encodeKeyValue,
  encodeKeyValueList,
  encodeList,
  isAsciiEscape,
  isPrintableAscii,
  isUnreserved,
  type KeyValuePair,
  percentDecode,
  percentEncode,
} from './codec.js';
export {
  CLIENT_HEADER_NAMES,
  CLIENT_PAYLOAD_SCHEMA,
  CLIENT_VALUE_LIMITS,
  type ClientHeaderName,
  type ClientPayloadHeaders,
  MAX_CLIENT_JSON_LENGTH,
  MAX_CLIENT_NAMES,
} from './contracts/client-payload.js';
export type { CollectionNote, HeaderNote } from './contracts/collection-note.js';
export {
  CROSS_VALIDATION_CODES,
  type CrossValidationCode,
  ERROR_ISSUE_CODES,
  type ErrorIssueCode,
  FEEDBACK_HEADER_CODES,
  FEEDBACK_REQUEST_CODES,
  type FeedbackCrossValidation,
  type FeedbackHeader,
  type FeedbackHeaderCode,
  type FeedbackRequest,
  type FeedbackRequestCode,
  type FeedbackResponse,
  type IssueCode,
  REPORT_CODES,
  type ReceivedCrossValidation,
  type ReceivedFeedbackHeader,
  type ReceivedFeedbackRequest,
  type ReceivedFeedbackResponse,
  type ReportCode,
  type ReportIssue,
  type ValidationReport,
  WARNING_ISSUE_CODES,
  type WarningIssueCode,
} from './contracts/hmrc-response.js';
export { isSpecError, SPEC_ERROR_CODES, SpecError, type SpecErrorCode } from './errors.js';
export { FphError, type FphErrorOptions, isFphError } from './fph-error.js';
export { hashLicenseIds, hashUniqueReference, sha256Hex } from './hash.js';
export { type HeaderEntry, type HeaderInput, toHeaderMap } from './header-map.js';
// One module per header (or family of headers): its grammar, formatter and parser.
export {
  type ForwardedHop,
  formatLocalIps,
  formatMacAddresses,
  formatPublicIp,
  formatVendorForwarded,
  parseLocalIps,
  parseMacAddresses,
  parsePublicIp,
  parseVendorForwarded,
} from './headers/addresses.js';
export { formatDeviceId, isUuid, parseDeviceId } from './headers/device-id.js';
export {
  formatLicenseIds,
  formatUserAgent,
  formatUserIds,
  formatVendorVersion,
  parseLicenseIds,
  parseUserAgent,
  parseUserIds,
  parseVendorVersion,
  USER_AGENT_KEYS,
  type UserAgentInfo,
} from './headers/key-value.js';
export {
  formatMultiFactor,
  isMultiFactorType,
  MULTI_FACTOR_TIMESTAMP,
  MULTI_FACTOR_TYPES,
  type MultiFactorEntry,
  type MultiFactorType,
  parseMultiFactor,
  readMultiFactorTime,
} from './headers/multi-factor.js';
export { formatPort, parsePort, readPort } from './headers/public-port.js';
export {
  formatScreens,
  isSizeNumber,
  parseScreens,
  SCREEN_KEYS,
  type Screen,
  sizeNumber,
  type WindowSize,
} from './headers/screens.js';
export {
  isPositiveDecimal,
  isWholeNumber,
  type KeyValueInput,
  type ParseProblem,
  type ParseResult,
  pairValue,
  type ValueProblemCode,
} from './headers/shared.js';
export {
  formatBrowserJsUserAgent,
  formatConnectionMethod,
  formatProductName,
  parseBrowserJsUserAgent,
  parseConnectionMethod,
  parseProductName,
} from './headers/text.js';
export {
  formatTimestamp,
  parseTimestamp,
  readUtcTime,
  type UtcTime,
  utcMillis,
} from './headers/timestamp.js';
export {
  formatTimezone,
  parseTimezone,
  readTimezone,
  type TimezoneParts,
  utcOffsetMinutes,
} from './headers/timezone.js';
export { formatWindowSize, parseWindowSize } from './headers/window-size.js';
export {
  CLIENT_PAYLOAD_FIELD,
  findHeader,
  HEADER_NAMES,
  HEADERS,
  type HeaderDefinition,
  type HeaderName,
  isGovHeaderName,
  isHeaderName,
  SPEC_BASE_URL,
  SPEC_VERSION,
  type Supplier,
  TEST_SCENARIO_HEADER,
  type ValueKind,
} from './headers.js';
export {
  CONNECTION_METHODS,
  type ConnectionMethod,
  isConnectionMethod,
  isRequired,
  type MethodRequirements,
  requirementsFor,
  specUrl,
} from './methods.js';
