import {
  type AddressInfo,
  isMacAddress,
  isNotPublic,
  isNotRoutable,
  isUuid,
  MULTI_FACTOR_TYPES,
  parseAddress,
  percentDecode,
  requirementsFor,
} from '@fph-kit/spec';
import UAParser from 'ua-parser-js';
import { isPlaceholder } from './examples.js';
import { headerRule, rule } from './rules.js';
import type { Hop, Run } from './run.js';
import { asciiEscape, get, isUnreserved, readKeyValue, readList } from './structure.js';
import { readUtcTime } from './time.js';
import { isTimezoneOffsetInUse } from './timezones.js';
import { tuning } from './tuning.js';

/**
 * The format rules of each header. A check receives a non-empty value and records what it finds
 * on the run: report issues, per-value advisories, and the facts cross-header checks use.
 */
export type Check = (value: string, run: Run, key: string) => void;

const HOUR = 3_600_000;
const DAY: number = 24 * HOUR;
/** Clock skew tolerated before a timestamp counts as in the future. */
const FUTURE_SKEW = 5 * 60_000;

/**
 * Runs a sticky regex over a comma-separated list of structures, calling `each` per match; false
 * when a structure does not match, `each` refuses one, or the list ends with a comma.
 */
function everyStructure(re: RegExp, value: string, each: (m: RegExpExecArray) => boolean): boolean {
  re.lastIndex = 0;
  while (re.lastIndex < value.length) {
    const m = re.exec(value);
    if (!m || !each(m)) return false;
  }
  return value.charCodeAt(value.length - 1) !== 0x2c;
}

// --- Gov-Client-Browser-JS-User-Agent -----------------------------------------------------------

const BUA = 'gov-client-browser-js-user-agent';
const BUA_NOT_ASCII = rule('client-browser-js-user-agent.not-ascii');
const BUA_ENCODED = rule('client-browser-js-user-agent.percent-encoded');
const BUA_HEADLESS = rule('client-browser-js-user-agent.headless');
const BUA_NOT_BROWSER = rule('client-browser-js-user-agent.not-a-browser');
const PRINTABLE = /^[\x20-\x7e]+$/;
const ESCAPE = /%[0-9A-Fa-f]{2}/;
const HEADLESS = /HeadlessChrome|PhantomJS|SlimerJS|HtmlUnit|jsdom\//;
const BROWSER_SHAPE = /^Mozilla\/5\.0 \([^)]+\)/;

const browserJsUserAgent: Check = (value, run) => {
  if (!PRINTABLE.test(value)) {
    run.hit(BUA_NOT_ASCII, BUA, value, firstBadCharacter(value));
  } else if (!value.includes(' ') && ESCAPE.test(value)) {
    run.hit(BUA_ENCODED, BUA, value);
  }
  if (HEADLESS.test(value)) {
    run.hit(BUA_HEADLESS, BUA, value);
  } else if (!BROWSER_SHAPE.test(value)) {
    // Only unusual values pay for the full parser.
    const parsed = new UAParser(value).getResult();
    if (!parsed.browser.name) run.hit(BUA_NOT_BROWSER, BUA, value);
    else if (/headless/i.test(parsed.browser.name))
      run.hit(BUA_HEADLESS, BUA, value, parsed.browser.name);
  }
};

function firstBadCharacter(value: string): string {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) {
      const code = `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
      return `character ${i + 1} (${code}) is not printable US-ASCII`;
    }
  }
  return '';
}

// --- Gov-Client-Device-ID -------------------------------------------------------------------------

const DID = 'gov-client-device-id';
const DID_NOT_UUID = rule('client-device-id.not-uuid');
const DID_SHORT = rule('client-device-id.too-short');
const DID_EMAIL = rule('client-device-id.email');
const DID_NIL = rule('client-device-id.nil-uuid');
const SPACE = /\s/;

/**
 * Whether `value` contains something shaped like an email address (`local@domain.tld`, no white
 * space or second `@` in it). A scan from each `@` rather than a regular expression: the obvious
 * pattern backtracks quadratically, which took seconds on a long value without an `@`.
 */
function containsEmail(value: string): boolean {
  const stop = (c: string | undefined): boolean => c === undefined || c === '@' || SPACE.test(c);
  for (let at = value.indexOf('@'); at >= 0; at = value.indexOf('@', at + 1)) {
    if (stop(value[at - 1])) continue;
    // The domain runs to the next white space or '@'; it needs a '.' with text on both sides.
    let dot = -1;
    let end = at + 1;
    for (; !stop(value[end]); end++) if (dot < 0 && end > at + 1 && value[end] === '.') dot = end;
    if (dot >= 0 && dot < end - 1) return true;
  }
  return false;
}
const CONSTANT_UUID = /^([0-9a-f])\1{7}-\1{4}-\1{4}-\1{4}-\1{12}$/i;

const deviceId: Check = (value, run) => {
  if (isUuid(value)) {
    if (CONSTANT_UUID.test(value)) run.hit(DID_NIL, DID, value);
    return;
  }
  run.hit(DID_NOT_UUID, DID, value);
  let hexDigits = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66))
      hexDigits++;
  }
  if (hexDigits < 32) run.hit(DID_SHORT, DID, value, `${hexDigits} hexadecimal digits`);
  if (containsEmail(value)) run.hit(DID_EMAIL, DID, value);
};

// --- Public IP addresses --------------------------------------------------------------------------

function ipAdvisories(
  info: AddressInfo,
  key: string,
  value: string,
  run: Run,
  what?: string,
): void {
  if (info.kind === 'documentation') {
    run.hit(headerRule(key, 'documentation-address'), key, value, what);
  } else if (isNotRoutable(info.kind)) {
    run.hit(headerRule(key, 'not-routable'), key, value, `${what ?? info.canonical}: ${info.kind}`);
  }
}

function publicIp(which: 'clientIp' | 'vendorIp'): Check {
  return (value, run, key) => {
    const info = parseAddress(value);
    if (!info) {
      const decoded = value.includes('%') ? percentDecode(value).value : value;
      const encodedV6 = decoded !== value && parseAddress(decoded) !== undefined;
      run.hit(
        headerRule(key, 'not-ip'),
        key,
        value,
        encodedV6 ? 'an IPv6 address here is sent without percent-encoding' : undefined,
      );
      return;
    }
    if (isNotPublic(info.kind)) {
      run.hit(headerRule(key, 'not-public'), key, value, `${info.canonical} is ${info.kind}`);
      return;
    }
    ipAdvisories(info, key, value, run);
    run[which] = info;
  };
}

// --- Timestamps -----------------------------------------------------------------------------------

function timestamp(value: string, run: Run, key: string): void {
  const time = readUtcTime(value);
  if (!time) {
    run.hit(headerRule(key, 'invalid'), key, value);
    return;
  }
  if (time.fraction !== 3) {
    run.hit(
      headerRule(key, 'no-milliseconds'),
      key,
      value,
      time.fraction < 1 ? 'no milliseconds' : `${time.fraction} digits of milliseconds`,
    );
  }
  timeAdvisories(time.millis, key, value, run, HOUR);
}

function timeAdvisories(millis: number, key: string, value: string, run: Run, stale: number): void {
  if (millis - run.now > FUTURE_SKEW) {
    run.hit(headerRule(key, 'future'), key, value, `${describeAge(millis - run.now)} ahead`);
  } else if (run.now - millis > stale) {
    run.hit(headerRule(key, 'stale'), key, value, `${describeAge(run.now - millis)} old`);
  }
}

/** A duration in the largest whole unit, e.g. `3 days`. */
export function describeAge(ms: number): string {
  const units: [number, string][] = [
    [365 * DAY, 'year'],
    [DAY, 'day'],
    [HOUR, 'hour'],
    [60_000, 'minute'],
  ];
  for (const [size, name] of units) {
    const n = Math.floor(ms / size);
    if (n >= 1) return `${n} ${name}${n === 1 ? '' : 's'}`;
  }
  return 'less than a minute';
}

// --- Gov-Client-Public-Port -----------------------------------------------------------------------

const PORT = 'gov-client-public-port';
const PORT_INVALID = rule('client-public-port.invalid');
const PORT_SERVER = rule('client-public-port.server-port');
const PORT_WELL_KNOWN = rule('client-public-port.well-known');
const PORT_DIGITS = /^[1-9]\d{0,4}$/;

const publicPort: Check = (value, run) => {
  const port = PORT_DIGITS.test(value) ? Number(value) : 0;
  if (port < 1 || port > 65535) {
    run.hit(PORT_INVALID, PORT, value);
  } else if (port === 80 || port === 443) {
    run.hit(PORT_SERVER, PORT, value);
  } else if (port < 1024) {
    run.hit(PORT_WELL_KNOWN, PORT, value);
  }
};

// --- Gov-Client-Timezone --------------------------------------------------------------------------

const TZ = 'gov-client-timezone';
const TZ_INVALID = rule('client-timezone.invalid');
const TZ_UNUSED = rule('client-timezone.unused-offset');
const TZ_MINUS_ZERO = rule('client-timezone.minus-zero');
const TIMEZONE = /^UTC([+-])(\d{2}):(\d{2})$/;

const timezone: Check = (value, run) => {
  const m = TIMEZONE.exec(value);
  const hours = m ? Number(m[2]) : 99;
  const minutes = m ? Number(m[3]) : 99;
  if (!m || hours > 14 || minutes > 59 || (hours === 14 && minutes > 0)) {
    run.hit(TZ_INVALID, TZ, value);
    return;
  }
  const offset = (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
  if (offset === 0 && m[1] === '-') run.hit(TZ_MINUS_ZERO, TZ, value);
  else if (!isTimezoneOffsetInUse(offset)) run.hit(TZ_UNUSED, TZ, value);
};

// --- Gov-Vendor-Product-Name ----------------------------------------------------------------------

const PN = 'gov-vendor-product-name';
const PN_NOT_ENCODED = rule('vendor-product-name.not-percent-encoded');
const NOT_UTF8 = rule('any.not-utf8');

const productName: Check = (value, run) => {
  let plain = value.length > 0;
  for (let i = 0; i < value.length && plain; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x25) {
      plain = asciiEscape(value, i);
      i += 2;
    } else {
      plain = isUnreserved(c);
    }
  }
  if (plain && tuning.fastPaths) return;
  for (const p of percentDecode(value).problems) {
    if (p.code === 'INVALID_UTF8') run.hit(NOT_UTF8, PN, value, p.message);
    else run.hit(PN_NOT_ENCODED, PN, value, p.message);
  }
};

// --- Gov-Client-Local-IPs -------------------------------------------------------------------------

const LIP = 'gov-client-local-ips';
const LIP_NOT_IP = rule('client-local-ips.not-ip');
const LIP_NOT_LOCAL = rule('client-local-ips.not-local');
const LIP_LOOPBACK = rule('client-local-ips.loopback-only');
const LIP_NOT_INTERFACE = rule('client-local-ips.not-interface-address');

const localIps: Check = (value, run) => {
  const items = readList(value, LIP, run);
  if (!items) return;
  let loopbackOnly = items.length > 0;
  for (const item of items) {
    const info = parseAddress(item, true);
    if (!info) {
      run.hit(LIP_NOT_IP, LIP, value, `'${item}'`);
      loopbackOnly = false;
      continue;
    }
    if (info.kind !== 'loopback' && info.kind !== 'link-local') loopbackOnly = false;
    if (info.family === 4 && (info.kind === 'public' || info.kind === 'documentation')) {
      run.hit(LIP_NOT_LOCAL, LIP, value, `${item} is a public address`);
    }
    if (info.kind === 'unspecified' || info.kind === 'multicast' || info.kind === 'broadcast') {
      run.hit(LIP_NOT_INTERFACE, LIP, value, `${item} is ${info.kind}`);
    }
  }
  if (loopbackOnly) run.hit(LIP_LOOPBACK, LIP, value);
};

// --- Gov-Client-MAC-Addresses ---------------------------------------------------------------------

const MAC = 'gov-client-mac-addresses';
const MAC_NOT_MAC = rule('client-mac-addresses.not-mac');
const MAC_ZERO = rule('client-mac-addresses.zero');
const ZERO_MAC = /^(00[:-]){5}00$|^(ff[:-]){5}ff$/i;

const macAddresses: Check = (value, run) => {
  const items = readList(value, MAC, run);
  if (!items) return;
  for (const item of items) {
    if (!isMacAddress(item)) run.hit(MAC_NOT_MAC, MAC, value, `'${item}'`);
    else if (ZERO_MAC.test(item)) run.hit(MAC_ZERO, MAC, value, item);
  }
};

// --- Gov-Client-Multi-Factor ----------------------------------------------------------------------

const MFA = 'gov-client-multi-factor';
const MFA_MISSING = {
  type: rule('client-multi-factor.type-missing'),
  timestamp: rule('client-multi-factor.timestamp-missing'),
  'unique-reference': rule('client-multi-factor.unique-reference-missing'),
};
const MFA_TYPE = rule('client-multi-factor.type-invalid');
const MFA_TIMESTAMP = rule('client-multi-factor.timestamp-invalid');
const MFA_FUTURE = rule('client-multi-factor.timestamp-future');
const MFA_UNHASHED = rule('client-multi-factor.unhashed-reference');
const PHONE_OR_EMAIL = /^\+?[\d ()-]{7,}$|@/;

/** One canonical factor, as the spec's formatter writes it. */
const MFA_FAST =
  /type=(?:TOTP|AUTH_CODE|OTHER)&timestamp=(\d{4}-\d\d-\d\dT\d\d%3[Aa]\d\d(?:%3[Aa]\d\d(?:\.\d{1,3})?)?Z)&unique-reference=([A-Za-z0-9._~-]+)(?:,|$)/y;

/** Recognises a canonical value with nothing to report; false sends it to the full check. */
function multiFactorFast(value: string, run: Run): boolean {
  if (!tuning.fastPaths) return false;
  const times: number[] = [];
  const ok = everyStructure(MFA_FAST, value, (m) => {
    const time = readUtcTime(m[1]!.replace(/%3a/gi, ':'));
    const reference = m[2]!;
    if (!time || time.millis - run.now > FUTURE_SKEW) return false;
    if (PHONE_OR_EMAIL.test(reference) || isPlaceholder(reference)) return false;
    times.push(time.millis);
    return true;
  });
  if (ok) run.mfaTimes = times;
  return ok;
}

const multiFactor: Check = (value, run) => {
  if (multiFactorFast(value, run)) return;
  const structures = readKeyValue(value, MFA, true, run);
  if (!structures) return;
  const times: number[] = [];
  for (let i = 0; i < structures.length; i++) {
    const pairs = structures[i]!;
    const type = get(pairs, 'type');
    const stamp = get(pairs, 'timestamp');
    const reference = get(pairs, 'unique-reference');
    if (!type) run.hit(MFA_MISSING.type, MFA, value, `factor ${i + 1}`);
    if (!stamp) run.hit(MFA_MISSING.timestamp, MFA, value, `factor ${i + 1}`);
    if (!reference) run.hit(MFA_MISSING['unique-reference'], MFA, value, `factor ${i + 1}`);
    if (type && !(MULTI_FACTOR_TYPES as readonly string[]).includes(type)) {
      run.hit(MFA_TYPE, MFA, value, `factor ${i + 1} has type '${type}'`);
    }
    if (stamp) {
      const time = readUtcTime(stamp);
      if (!time || time.fraction > 3) {
        run.hit(MFA_TIMESTAMP, MFA, value, `factor ${i + 1} has timestamp '${stamp}'`);
      } else {
        times.push(time.millis);
        if (time.millis - run.now > FUTURE_SKEW) {
          run.hit(MFA_FUTURE, MFA, value, `factor ${i + 1}: ${stamp}`);
        }
      }
    }
    if (reference && PHONE_OR_EMAIL.test(reference)) {
      run.hit(MFA_UNHASHED, MFA, value, `factor ${i + 1}`);
    }
  }
  run.mfaTimes = times;
};

// --- Gov-Client-Screens and Gov-Client-Window-Size ------------------------------------------------

const WHOLE = /^[1-9]\d*$/;
const DECIMAL = /^(0|[1-9]\d*)(\.\d+)?$/;
const SCR = 'gov-client-screens';
const SCREEN_KEYS = ['width', 'height', 'scaling-factor', 'colour-depth'] as const;
const SCREEN_RULES = SCREEN_KEYS.map(
  (k) => [k, rule(`client-screens.${k}-missing`), rule(`client-screens.${k}-invalid`)] as const,
);
const SCREEN_IMPLAUSIBLE = rule('client-screens.implausible');

function positive(raw: string, decimal: boolean): boolean {
  return decimal ? DECIMAL.test(raw) && Number(raw) > 0 : WHOLE.test(raw);
}

const SCREEN_FAST =
  /width=([1-9]\d{0,3})&height=([1-9]\d{0,3})&scaling-factor=([1-8](?:\.\d{1,4})?|0\.\d{1,4})&colour-depth=([1-9]\d?)(?:,|$)/y;

function screensFast(value: string, run: Run): boolean {
  if (!tuning.fastPaths) return false;
  const sizes: [number, number][] = [];
  const ok = everyStructure(SCREEN_FAST, value, (m) => {
    const width = Number(m[1]);
    const height = Number(m[2]);
    // The same bounds as the full check's implausible-screen advisory (8.5 matches the pattern).
    const scaling = Number(m[3]);
    if (width > 16384 || height > 16384 || !(scaling > 0 && scaling <= 8) || Number(m[4]) > 64) {
      return false;
    }
    sizes.push([width, height]);
    return true;
  });
  if (ok) run.screens = sizes;
  return ok;
}

const screens: Check = (value, run) => {
  if (screensFast(value, run)) return;
  const structures = readKeyValue(value, SCR, true, run);
  if (!structures) return;
  const sizes: [number, number][] = [];
  for (let i = 0; i < structures.length; i++) {
    const pairs = structures[i]!;
    let ok = true;
    for (const [key, missing, invalid] of SCREEN_RULES) {
      const raw = get(pairs, key);
      if (!raw) {
        run.hit(missing, SCR, value, `screen ${i + 1}`);
        ok = false;
      } else if (!positive(raw, key === 'scaling-factor')) {
        run.hit(invalid, SCR, value, `screen ${i + 1} has ${key}=${raw}`);
        ok = false;
      }
    }
    if (!ok) continue;
    const width = Number(get(pairs, 'width'));
    const height = Number(get(pairs, 'height'));
    const scaling = Number(get(pairs, 'scaling-factor'));
    const depth = Number(get(pairs, 'colour-depth'));
    if (width > 16384 || height > 16384 || scaling > 8 || depth > 64) {
      run.hit(SCREEN_IMPLAUSIBLE, SCR, value, `screen ${i + 1}`);
    }
    sizes.push([width, height]);
  }
  run.screens = sizes;
};

const WIN = 'gov-client-window-size';
const WINDOW_RULES = (['width', 'height'] as const).map(
  (k) =>
    [k, rule(`client-window-size.${k}-missing`), rule(`client-window-size.${k}-invalid`)] as const,
);

const WINDOW_FAST = /^width=([1-9]\d{0,5})&height=([1-9]\d{0,5})$/;

const windowSize: Check = (value, run) => {
  const fast = tuning.fastPaths ? WINDOW_FAST.exec(value) : null;
  if (fast) {
    run.window = [Number(fast[1]), Number(fast[2])];
    return;
  }
  const structures = readKeyValue(value, WIN, false, run);
  if (!structures) return;
  const pairs = structures[0]!;
  let ok = true;
  for (const [key, missing, invalid] of WINDOW_RULES) {
    const raw = get(pairs, key);
    if (!raw) {
      run.hit(missing, WIN, value);
      ok = false;
    } else if (!WHOLE.test(raw)) {
      run.hit(invalid, WIN, value, `${key}=${raw}`);
      ok = false;
    }
  }
  if (ok) run.window = [Number(get(pairs, 'width')), Number(get(pairs, 'height'))];
};

// --- Gov-Client-User-Agent ------------------------------------------------------------------------

const UA = 'gov-client-user-agent';
const UA_RULES = (['os-family', 'os-version', 'device-manufacturer', 'device-model'] as const).map(
  (k) => [k, rule(`client-user-agent.${k}-missing`)] as const,
);

const userAgent: Check = (value, run) => {
  const structures = readKeyValue(value, UA, false, run);
  if (!structures) return;
  const pairs = structures[0]!;
  for (const [key, missing] of UA_RULES) if (!get(pairs, key)) run.hit(missing, UA, value);
};

// --- Gov-Client-User-IDs --------------------------------------------------------------------------

const UID = 'gov-client-user-ids';
const UID_OS_UNEXPECTED = rule('client-user-ids.os-not-expected');
const UID_OS_MISSING = rule('client-user-ids.os-missing');
const UID_NO_VALUE = rule('client-user-ids.no-value');

const userIds: Check = (value, run) => {
  const structures = readKeyValue(value, UID, false, run);
  if (!structures) return;
  const pairs = structures[0]!;
  if (!pairs.some(([, v]) => v !== '')) run.hit(UID_NO_VALUE, UID, value);
  if (!run.method) return;
  const os = get(pairs, 'os');
  if (run.method === 'WEB_APP_VIA_SERVER') {
    if (os !== undefined) run.hit(UID_OS_UNEXPECTED, UID, value);
  } else if (requirementsFor(run.method).userIdsOs === 'expected' && !os) {
    run.hit(UID_OS_MISSING, UID, value);
  }
};

// --- Gov-Vendor-Forwarded -------------------------------------------------------------------------

const FWD = 'gov-vendor-forwarded';
const FWD_BY = rule('vendor-forwarded.by-missing');
const FWD_FOR = rule('vendor-forwarded.for-missing');
const FWD_NOT_IP = rule('vendor-forwarded.not-ip');
const FWD_NOT_PUBLIC = rule('vendor-forwarded.not-public');

/** One hop between two IPv4 addresses, as the formatter writes it. */
const HOP_FAST = /by=([\d.]{7,15})&for=([\d.]{7,15})(?:,|$)/y;

function plainPublic(text: string): AddressInfo | undefined {
  const info = parseAddress(text);
  return info && info.kind === 'public' ? info : undefined;
}

function forwardedFast(value: string, run: Run): boolean {
  if (!tuning.fastPaths) return false;
  const hops: Hop[] = [];
  const ok = everyStructure(HOP_FAST, value, (m) => {
    const by = plainPublic(m[1]!);
    const sender = plainPublic(m[2]!);
    if (by && sender) hops.push({ by, for: sender });
    return by !== undefined && sender !== undefined;
  });
  if (ok) run.hops = hops;
  return ok;
}

const forwarded: Check = (value, run) => {
  if (forwardedFast(value, run)) return;
  const structures = readKeyValue(value, FWD, true, run);
  if (!structures) return;
  const hops: Hop[] = [];
  for (let i = 0; i < structures.length; i++) {
    const pairs = structures[i]!;
    const hop: Hop = {};
    for (const key of ['by', 'for'] as const) {
      const raw = get(pairs, key);
      if (!raw) {
        run.hit(key === 'by' ? FWD_BY : FWD_FOR, FWD, value, `hop ${i + 1}`);
        continue;
      }
      const info = parseAddress(raw);
      if (!info) {
        run.hit(FWD_NOT_IP, FWD, value, `hop ${i + 1} ${key}=${raw}`);
      } else if (isNotPublic(info.kind)) {
        run.hit(FWD_NOT_PUBLIC, FWD, value, `hop ${i + 1} ${key}=${raw} is ${info.kind}`);
      } else {
        ipAdvisories(info, FWD, value, run, `hop ${i + 1} ${key}=${raw}`);
        hop[key] = info;
      }
    }
    hops.push(hop);
  }
  run.hops = hops;
};

// --- Gov-Vendor-License-IDs and Gov-Vendor-Version ------------------------------------------------

const LIC = 'gov-vendor-license-ids';
const LIC_VALUE = rule('vendor-license-ids.value-missing');
const LIC_UNHASHED = rule('vendor-license-ids.not-hashed');
const HASHED = /^[0-9A-Fa-f]{32,}$|^[A-Za-z0-9+/_-]{22,}={0,2}$/;

const licenseIds: Check = (value, run) => {
  const structures = readKeyValue(value, LIC, false, run);
  if (!structures) return;
  for (const [software, id] of structures[0]!) {
    if (id === '') run.hit(LIC_VALUE, LIC, value, `'${software}' has no value`);
    else if (!HASHED.test(id)) run.hit(LIC_UNHASHED, LIC, value, `'${software}'`);
  }
};

const VV = 'gov-vendor-version';
const VV_MISSING = rule('vendor-version.version-missing');
const VV_TOO_FEW = rule('vendor-version.too-few-versions');

const vendorVersion: Check = (value, run) => {
  const structures = readKeyValue(value, VV, false, run);
  if (!structures) return;
  const pairs = structures[0]!;
  for (const [software, version] of pairs) {
    // No version string holds '=' or '&': one decoded from %3D/%26 is a separator sent encoded.
    if (/[=&]/.test(version)) {
      run.hit(
        headerRule(VV, 'encoded-separator'),
        VV,
        value,
        `'${software}=${version}' holds an encoded separator`,
      );
      return;
    }
    if (version === '') run.hit(VV_MISSING, VV, value, `'${software}' has no version`);
  }
  if (run.method && pairs.length < requirementsFor(run.method).minVendorVersionPairs) {
    run.hit(VV_TOO_FEW, VV, value, `${pairs.length} pair for ${run.method}`);
  }
};

// --- The table ------------------------------------------------------------------------------------

/** The check of each header, by lower-case name (the connection method is judged by `validate`). */
export const CHECKS: Readonly<Record<string, Check>> = {
  'gov-client-browser-js-user-agent': browserJsUserAgent,
  'gov-client-device-id': deviceId,
  'gov-client-local-ips': localIps,
  'gov-client-local-ips-timestamp': timestamp,
  'gov-client-mac-addresses': macAddresses,
  'gov-client-multi-factor': multiFactor,
  'gov-client-public-ip': publicIp('clientIp'),
  'gov-client-public-ip-timestamp': timestamp,
  'gov-client-public-port': publicPort,
  'gov-client-screens': screens,
  'gov-client-timezone': timezone,
  'gov-client-user-agent': userAgent,
  'gov-client-user-ids': userIds,
  'gov-client-window-size': windowSize,
  'gov-vendor-forwarded': forwarded,
  'gov-vendor-license-ids': licenseIds,
  'gov-vendor-product-name': productName,
  'gov-vendor-public-ip': publicIp('vendorIp'),
  'gov-vendor-version': vendorVersion,
};

export { DAY };
