import {
  CONNECTION_METHODS,
  type ConnectionMethod,
  decodeKeyValueList,
  percentDecode,
  percentEncode,
  requirementsFor,
} from '@fph-kit/spec';
import {
  type Finding,
  type IssueCode,
  type Severity,
  type ValidationReport,
  validate,
} from '@fph-kit/validator';
import { describe, expect, it } from 'vitest';
import { examplesByMethod, specMethodFolders } from './spec-source.ts';

/**
 * Every example of spec v3.3, assembled into complete header sets for each connection method whose
 * page shows it, is VALID_HEADERS. Then every header of each method's set is broken, one fault at
 * a time, in at least five ways generated from its example value; each fault must be caught by the
 * expected rule with the expected report code and severity, and by nothing on other headers.
 */

const EXAMPLES = examplesByMethod();
type HeaderSet = Record<string, string>;

const CLIENT_IP = 'Gov-Client-Public-IP';
const VENDOR_IP = 'Gov-Vendor-Public-IP';
const FORWARDED = 'Gov-Vendor-Forwarded';

/** The first example of every header of a method: its base set. */
function baseSet(method: ConnectionMethod): HeaderSet {
  return Object.fromEntries([...EXAMPLES.get(method)!].map(([name, values]) => [name, values[0]!]));
}

/**
 * Puts one example into the base set and keeps the set consistent the way the spec describes:
 * the first Forwarded hop carries Gov-Vendor-Public-IP (by) and Gov-Client-Public-IP (for).
 */
function withExample(base: HeaderSet, header: string, example: string): HeaderSet {
  const set = { ...base, [header]: example };
  if (FORWARDED in set) {
    if (header === FORWARDED) {
      const firstHop = new Map(decodeKeyValueList(example).value[0]);
      set[VENDOR_IP] = firstHop.get('by')!;
      set[CLIENT_IP] = firstHop.get('for')!;
    } else if (header === CLIENT_IP || header === VENDOR_IP) {
      set[FORWARDED] = `by=${percentEncode(set[VENDOR_IP]!)}&for=${percentEncode(set[CLIENT_IP]!)}`;
    }
  }
  return set;
}

/** The report's errors and warnings, together. */
function issues(report: ValidationReport) {
  return [...(report.errors ?? []), ...(report.warnings ?? [])];
}

describe('spec v3.3 examples', () => {
  it('every connection method of the spec has its page rendered', () => {
    expect(specMethodFolders().sort()).toEqual(
      CONNECTION_METHODS.map((m) => m.toLowerCase().replaceAll('_', '-')).sort(),
    );
  });

  for (const method of CONNECTION_METHODS) {
    const examples = EXAMPLES.get(method)!;

    it(`${method}: its page has an example for every header it requires`, () => {
      const required = requirementsFor(method).required;
      expect([...examples.keys()].sort()).toEqual([...required].sort());
    });

    for (const [header, values] of examples) {
      for (const example of values) {
        it(`${method}: ${header} example ${example.slice(0, 40)} in a complete set is VALID_HEADERS`, () => {
          const set = withExample(baseSet(method), header, example);
          const { report } = validate(set);
          expect(issues(report)).toEqual([]);
          expect(report.code).toBe('VALID_HEADERS');
        });
      }
    }
  }
});

// --- Single-fault mutations -----------------------------------------------------------------------

interface Expected {
  rule: string;
  severity: Severity;
  code: IssueCode;
}

interface Fault {
  name: string;
  mutate(value: string, method: ConnectionMethod): string | undefined;
  expect: Expected;
}

const error = (rule: string, code: IssueCode = 'INVALID_HEADER'): Expected => ({
  rule,
  severity: 'error',
  code,
});
const warning = (rule: string, code: IssueCode = 'POTENTIALLY_INVALID_HEADER'): Expected => ({
  rule,
  severity: 'warning',
  code,
});

/** Appends a raw non-ASCII character to the first value of a list or key-value structure. */
function rawNonAscii(value: string): string {
  const cut = value.search(/[,&]/);
  return cut < 0 ? `${value}é` : `${value.slice(0, cut)}é${value.slice(cut)}`;
}
const colonsForEquals = (value: string): string => value.replaceAll('=', ':');
const encodeCommas = (value: string): string =>
  (value.includes(',') ? value : `${value},${value}`).replaceAll(',', '%2C');
/** Replaces the value of `key` in the first structure it appears in. */
function setKey(value: string, key: string, to: string): string {
  return value.replace(new RegExp(`(^|[&,])${key}=[^&,]*`), `$1${key}=${to}`);
}
function dropKey(value: string, key: string): string {
  const structures = value.split(',');
  structures[0] = structures[0]!
    .split('&')
    .filter((pair) => !pair.startsWith(`${key}=`))
    .join('&');
  return structures.join(',');
}
const firstItem = (value: string): string => value.split(',')[0]!;
const replaceFirstItem = (value: string, to: string): string =>
  [to, ...value.split(',').slice(1)].join(',');

const keyValueFaults = (rule: string): Fault[] => [
  {
    name: 'raw non-ASCII character',
    mutate: rawNonAscii,
    expect: error(`${rule}.not-percent-encoded`),
  },
  {
    name: 'separators not = and &',
    mutate: colonsForEquals,
    expect: error(`${rule}.not-key-value`),
  },
];

const timestampFaults = (rule: string): Fault[] => [
  {
    name: 'colons percent-encoded',
    mutate: (v) => v.replaceAll(':', '%3A'),
    expect: error(`${rule}.invalid`),
  },
  {
    name: 'space instead of T',
    mutate: (v) => v.replace('T', ' '),
    expect: error(`${rule}.invalid`),
  },
  {
    name: 'month 13',
    mutate: (v) => `${v.slice(0, 5)}13${v.slice(7)}`,
    expect: error(`${rule}.invalid`),
  },
  {
    name: 'two digits of milliseconds',
    mutate: (v) => v.replace(/(\.\d\d)\dZ$/, '$1Z'),
    expect: warning(`${rule}.no-milliseconds`),
  },
];

const publicIpFaults = (rule: string): Fault[] => [
  {
    name: 'percent-encoded separators',
    mutate: (v) => v.replaceAll('.', '%2E').replaceAll(':', '%3A'),
    expect: error(`${rule}.not-ip`),
  },
  { name: 'with a port', mutate: (v) => `${v}:443`, expect: error(`${rule}.not-ip`) },
  { name: 'private address', mutate: () => '10.0.0.1', expect: error(`${rule}.not-public`) },
  { name: 'loopback address', mutate: () => '127.0.0.1', expect: error(`${rule}.not-public`) },
  {
    name: 'IPv4-mapped private address',
    mutate: () => '::ffff:192.168.1.10',
    expect: error(`${rule}.not-public`),
  },
  { name: 'link-local IPv6', mutate: () => 'fe80::1', expect: error(`${rule}.not-public`) },
];

const FAULTS: Record<string, Fault[]> = {
  'Gov-Client-Connection-Method': [
    {
      name: 'underscore percent-encoded',
      mutate: (v) => v.replaceAll('_', '%5F'),
      expect: error('client-connection-method.invalid'),
    },
    {
      name: 'lower case',
      mutate: (v) => v.toLowerCase(),
      expect: error('client-connection-method.invalid'),
    },
    {
      name: 'unknown method',
      mutate: (v) => `${v}_V2`,
      expect: error('client-connection-method.invalid'),
    },
  ],
  'Gov-Client-Browser-JS-User-Agent': [
    {
      name: 'percent-encoded',
      mutate: (v) => percentEncode(v),
      expect: warning('client-browser-js-user-agent.percent-encoded'),
    },
    {
      name: 'line break inside',
      mutate: (v) => v.replace(' ', '\r\n'),
      expect: error('client-browser-js-user-agent.not-ascii'),
    },
    {
      name: 'raw non-ASCII character',
      mutate: (v) => v.replace(' ', ' é '),
      expect: error('client-browser-js-user-agent.not-ascii'),
    },
  ],
  'Gov-Client-Device-ID': [
    {
      name: 'dashes percent-encoded',
      mutate: (v) => v.replaceAll('-', '%2D'),
      expect: warning('client-device-id.not-uuid'),
    },
    {
      name: 'no dashes',
      mutate: (v) => v.replaceAll('-', ''),
      expect: warning('client-device-id.not-uuid'),
    },
    {
      name: 'first group only',
      mutate: (v) => v.slice(0, 8),
      expect: warning('client-device-id.too-short'),
    },
    {
      name: 'an email address',
      mutate: (v) => `${v.slice(0, 8)}@example.com`,
      expect: warning('client-device-id.email'),
    },
  ],
  'Gov-Client-Local-IPs': [
    {
      name: 'raw non-ASCII character',
      mutate: rawNonAscii,
      expect: error('client-local-ips.not-percent-encoded'),
    },
    {
      name: 'IPv6 not percent-encoded',
      mutate: (v) => replaceFirstItem(v, 'fe80::1'),
      expect: error('client-local-ips.not-percent-encoded'),
    },
    {
      name: 'commas encoded',
      mutate: encodeCommas,
      expect: error('client-local-ips.encoded-separator'),
    },
    {
      name: 'doubled comma',
      mutate: (v) => `${firstItem(v)},,${firstItem(v)}`,
      expect: error('client-local-ips.empty-item'),
    },
    {
      name: 'a host name',
      mutate: (v) => replaceFirstItem(v, 'localhost'),
      expect: error('client-local-ips.not-ip'),
    },
    {
      name: 'a public IPv4 address',
      mutate: (v) => replaceFirstItem(v, '81.2.69.142'),
      expect: warning('client-local-ips.not-local'),
    },
  ],
  'Gov-Client-Local-IPs-Timestamp': timestampFaults('client-local-ips-timestamp'),
  'Gov-Client-MAC-Addresses': [
    {
      name: 'raw non-ASCII character',
      mutate: rawNonAscii,
      expect: error('client-mac-addresses.not-percent-encoded'),
    },
    {
      name: 'colons not percent-encoded',
      mutate: (v) => percentDecode(v).value,
      expect: error('client-mac-addresses.not-percent-encoded'),
    },
    {
      name: 'commas encoded',
      mutate: encodeCommas,
      expect: error('client-mac-addresses.encoded-separator'),
    },
    {
      name: 'three octets',
      mutate: (v) => replaceFirstItem(v, firstItem(v).split('%3A').slice(0, 3).join('%3A')),
      expect: error('client-mac-addresses.not-mac'),
    },
  ],
  'Gov-Client-Multi-Factor': [
    ...keyValueFaults('client-multi-factor'),
    {
      name: 'timestamp colons not percent-encoded',
      mutate: (v) => v.replaceAll('%3A', ':'),
      expect: error('client-multi-factor.not-percent-encoded'),
    },
    {
      name: 'unknown type',
      mutate: (v) => setKey(v, 'type', 'SMS'),
      expect: error('client-multi-factor.type-invalid'),
    },
    {
      name: 'no unique-reference',
      mutate: (v) => dropKey(v, 'unique-reference'),
      expect: error('client-multi-factor.unique-reference-missing'),
    },
    {
      name: 'timestamp without T',
      mutate: (v) => setKey(v, 'timestamp', '2021-11-21%2013%3A23Z'),
      expect: error('client-multi-factor.timestamp-invalid'),
    },
  ],
  'Gov-Client-Public-IP': publicIpFaults('client-public-ip'),
  'Gov-Client-Public-IP-Timestamp': timestampFaults('client-public-ip-timestamp'),
  'Gov-Client-Public-Port': [
    {
      name: 'digits percent-encoded',
      mutate: (v) => `%3${v[0]}${v.slice(1)}`,
      expect: error('client-public-port.invalid'),
    },
    { name: 'a list', mutate: (v) => `${v},${v}`, expect: error('client-public-port.invalid') },
    { name: 'zero', mutate: () => '0', expect: error('client-public-port.invalid') },
    { name: 'above 65535', mutate: () => '65536', expect: error('client-public-port.invalid') },
    {
      name: 'the HTTPS server port',
      mutate: () => '443',
      expect: error('client-public-port.server-port'),
    },
  ],
  'Gov-Client-Screens': [
    ...keyValueFaults('client-screens'),
    {
      name: 'width 0',
      mutate: (v) => setKey(v, 'width', '0'),
      expect: error('client-screens.width-invalid'),
    },
    {
      name: 'negative colour depth',
      mutate: (v) => setKey(v, 'colour-depth', '-24'),
      expect: error('client-screens.colour-depth-invalid'),
    },
    {
      name: 'no scaling factor',
      mutate: (v) => dropKey(v, 'scaling-factor'),
      expect: error('client-screens.scaling-factor-missing'),
    },
  ],
  'Gov-Client-Timezone': [
    {
      name: 'sign percent-encoded',
      mutate: (v) => v.replace('+', '%2B').replace('-', '%2D'),
      expect: error('client-timezone.invalid'),
    },
    {
      name: 'no colon',
      mutate: (v) => v.replace(':', ''),
      expect: error('client-timezone.invalid'),
    },
    {
      name: 'hour 25',
      mutate: (v) => `${v.slice(0, 4)}25${v.slice(6)}`,
      expect: error('client-timezone.invalid'),
    },
    {
      name: 'an IANA name',
      mutate: () => 'Europe/London',
      expect: error('client-timezone.invalid'),
    },
  ],
  'Gov-Client-User-Agent': [
    ...keyValueFaults('client-user-agent'),
    {
      name: 'no os-family',
      mutate: (v) => dropKey(v, 'os-family'),
      expect: error('client-user-agent.os-family-missing'),
    },
    {
      name: 'empty device-model',
      mutate: (v) => setKey(v, 'device-model', ''),
      expect: warning('client-user-agent.device-model-missing'),
    },
  ],
  'Gov-Client-User-IDs': [
    ...keyValueFaults('client-user-ids'),
    {
      name: 'every value empty',
      mutate: (v) => v.replace(/=[^&]*/g, '='),
      expect: error('client-user-ids.no-value'),
    },
    {
      name: 'os user ID on a web app',
      mutate: (v, method) => (method === 'WEB_APP_VIA_SERVER' ? `os=alice&${v}` : undefined),
      expect: warning('client-user-ids.os-not-expected'),
    },
    {
      name: 'no os user ID where the method expects one',
      mutate: (v, method) =>
        requirementsFor(method).userIdsOs === 'expected'
          ? dropKey(v, 'os') || 'my-application=alice123'
          : undefined,
      expect: warning('client-user-ids.os-missing'),
    },
  ],
  'Gov-Client-Window-Size': [
    ...keyValueFaults('client-window-size'),
    {
      name: 'width 0',
      mutate: (v) => setKey(v, 'width', '0'),
      expect: error('client-window-size.width-invalid'),
    },
    {
      name: 'fractional height',
      mutate: (v) => setKey(v, 'height', '803.5'),
      expect: error('client-window-size.height-invalid'),
    },
  ],
  'Gov-Vendor-Forwarded': [
    ...keyValueFaults('vendor-forwarded'),
    {
      name: "private 'by'",
      mutate: (v) => setKey(v, 'by', '10.0.0.1'),
      expect: error('vendor-forwarded.not-public'),
    },
    {
      name: "no 'for'",
      mutate: (v) => dropKey(v, 'for'),
      expect: error('vendor-forwarded.for-missing'),
    },
    {
      name: "'for' is not an address",
      mutate: (v) => setKey(v, 'for', 'client.example'),
      expect: error('vendor-forwarded.not-ip'),
    },
  ],
  'Gov-Vendor-License-IDs': [
    ...keyValueFaults('vendor-license-ids'),
    {
      name: 'empty licence value',
      mutate: (v) => v.replace(/=[^&]*/, '='),
      expect: warning('vendor-license-ids.value-missing'),
    },
  ],
  'Gov-Vendor-Product-Name': [
    {
      name: 'space not percent-encoded',
      mutate: (v) => percentDecode(v).value,
      expect: error('vendor-product-name.not-percent-encoded'),
    },
    {
      name: 'bad percent escape',
      mutate: (v) => `${v}%G1`,
      expect: error('vendor-product-name.not-percent-encoded'),
    },
    {
      name: 'raw non-ASCII character',
      mutate: (v) => `${v}é`,
      expect: error('vendor-product-name.not-percent-encoded'),
    },
  ],
  'Gov-Vendor-Public-IP': publicIpFaults('vendor-public-ip'),
  'Gov-Vendor-Version': [
    ...keyValueFaults('vendor-version'),
    {
      name: 'empty version',
      mutate: (v) => v.replace(/=[^&]*/, '='),
      expect: error('vendor-version.version-missing'),
    },
    {
      name: 'encoded ampersand between pairs',
      mutate: (v) => (v.includes('&') ? v.replace('&', '%26') : `${v}%26my-server%3Dv1`),
      expect: error('vendor-version.encoded-separator'),
    },
  ],
};

/** Missing and empty: MISSING_HEADER / EMPTY_HEADER, warnings only for these two headers. */
const WARN_WHEN_ABSENT = new Set(['Gov-Client-Multi-Factor', 'Gov-Vendor-License-IDs']);

function ruleId(header: string, problem: string): string {
  return `${header.toLowerCase().slice(4)}.${problem}`;
}

function presenceFaults(header: string): Fault[] {
  const severity: Severity = WARN_WHEN_ABSENT.has(header) ? 'warning' : 'error';
  return [
    {
      name: 'missing',
      mutate: () => undefined,
      expect: { rule: ruleId(header, 'missing'), severity, code: 'MISSING_HEADER' },
    },
    {
      name: 'empty',
      mutate: () => '',
      expect: { rule: ruleId(header, 'empty'), severity, code: 'EMPTY_HEADER' },
    },
  ];
}

const CROSS = new Set(['gov-vendor-forwarded', 'gov-vendor-public-ip', 'gov-client-public-ip']);

function check(set: HeaderSet, header: string, fault: Fault): void {
  const result = validate(set);
  const key = header.toLowerCase();
  const label = `${header} ${fault.name}`;
  const found = result.findings.find((f: Finding) => f.rule === fault.expect.rule);
  expect(found, `${label}: expected rule ${fault.expect.rule}`).toBeDefined();
  expect({ severity: found!.severity, code: found!.code, header: found!.header }, label).toEqual({
    severity: fault.expect.severity,
    code: fault.expect.code,
    header: key,
  });
  const list = fault.expect.severity === 'error' ? result.report.errors : result.report.warnings;
  expect(list, label).toContainEqual({
    code: fault.expect.code,
    message: found!.message,
    headers: [key],
  });
  // A single fault is reported on its own header only (and the IP cross-check it may break).
  for (const issue of [...(result.report.errors ?? []), ...(result.report.warnings ?? [])]) {
    const own = issue.headers.length === 1 && issue.headers[0] === key;
    const cross = issue.code === 'INVALID_HEADERS' && CROSS.has(key);
    expect(own || cross, `${label}: unexpected ${JSON.stringify(issue)}`).toBe(true);
  }
  const worst = fault.expect.severity === 'error' ? 'INVALID_HEADERS' : undefined;
  if (worst) expect(result.report.code, label).toBe(worst);
  else expect(result.report.code, label).not.toBe('VALID_HEADERS');
}

describe('single-fault mutations of each header, every connection method', () => {
  for (const method of CONNECTION_METHODS) {
    const base = baseSet(method);
    for (const header of Object.keys(base)) {
      const faults = [...presenceFaults(header), ...(FAULTS[header] ?? [])];
      it(`${method}: ${header} (${faults.length} faults)`, () => {
        expect(validate(base).report.code).toBe('VALID_HEADERS');
        let applied = 0;
        for (const fault of faults) {
          const value = fault.mutate(base[header]!, method);
          if (value === base[header]) throw new Error(`${header} ${fault.name} changed nothing`);
          const set = { ...base };
          if (value === undefined) {
            if (fault.name !== 'missing') continue; // not applicable to this method
            delete set[header];
          } else {
            set[header] = value;
          }
          check(set, header, fault);
          applied++;
        }
        expect(applied).toBeGreaterThanOrEqual(5);
      });
    }
  }
});

describe('faults that only apply to some methods', () => {
  it('client-server methods with one Gov-Vendor-Version pair get the HMRC warning', () => {
    for (const method of CONNECTION_METHODS) {
      const base = baseSet(method);
      const set = {
        ...base,
        'Gov-Vendor-Version': firstItem(base['Gov-Vendor-Version']!).split('&')[0]!,
      };
      const warned = issues(validate(set).report).some(
        (i) => i.headers[0] === 'gov-vendor-version',
      );
      expect(warned, method).toBe(requirementsFor(method).minVendorVersionPairs === 2);
    }
  });
});
