import { CONNECTION_METHODS } from '@fph-kit/spec';
import fc from 'fast-check';

/**
 * The mutation generator: faults people and software really make to a header set, applied to a
 * valid set one or several at a time. A mutation is data (`[operation, a, b]`, two random numbers
 * choosing the header, position and variant), so fast-check can shrink a failing list of faults to
 * the one that matters and print it.
 */

export type Pairs = [string, string][];

/** Characters RFC 3986 reserves, which the spec's values must carry percent-encoded. */
const RESERVED = [...":/?#[]@!$&'()*+,;=", ' ', '"', '<', '>', '\\', '^', '`', '{', '|', '}', '%'];
/** Characters outside US-ASCII: accented, CJK, emoji, no-break space, BOM, lone surrogates. */
const NON_ASCII = [
  'é',
  'ß',
  '中',
  '😀',
  '\u00a0',
  '\ufeff',
  '\u2028',
  '\ud800',
  '\udc00',
  '\u0130',
];
/** Control characters, header-splitting CR/LF among them. */
const CONTROL = [
  '\u0000',
  '\r',
  '\n',
  '\r\n',
  '\t',
  '\u001b',
  '\u007f',
  '\u0008',
  '\r\nX-Injected: 1',
];
/** Addresses HMRC rejects or questions where a public one belongs, and things that are not IPs. */
const SPECIAL_IPS = [
  '10.0.0.1',
  '192.168.1.1',
  '172.16.5.4',
  '127.0.0.1',
  '0.0.0.0',
  '169.254.0.1',
  '100.64.0.1',
  '192.0.2.1',
  '198.51.100.7',
  '255.255.255.255',
  '224.0.0.1',
  '::1',
  '::',
  'fe80::1',
  'fe80::1%eth0',
  'fc00::1',
  'fd12:3456::1',
  '2001:db8::1',
  '::ffff:10.1.2.3',
  '::ffff:127.0.0.1',
  '::ffff:81.2.69.142',
  '::ffff:a01:203',
  '64:ff9b::a00:1',
  '01.2.3.4',
  '256.1.1.1',
  '1.2.3',
  '1.2.3.4.5',
  '1:2:3:4:5:6:7:8:9',
];
const PLACEHOLDERS = ['null', 'undefined', 'N/A', 'n%2Fa', '[object Object]', 'NaN', 'unknown'];
const UNKNOWN_HEADERS = [
  'Gov-Client-Colour',
  'Gov-Test-Scenario',
  'Gov-Vendor-Build',
  'gov-',
  'Gov-Client-Screen',
  'X-Gov-Client-Device-ID',
  'Authorization',
];

const IP_PATTERN =
  /(?:\d{1,3}\.){3}\d{1,3}|(?:[0-9A-Fa-f]{0,4}(?::|%3[Aa])){2,7}[0-9A-Fa-f]{0,4}(?:\.\d{1,3}){0,3}/g;
const TIME_PATTERN = /\d{4}-\d\d-\d\dT\d\d(?::|%3[Aa])\d\d(?:(?::|%3[Aa])\d\d(?:\.\d+)?)?Z/g;

function pick<T>(list: readonly T[], n: number): T {
  return list[n % list.length]!;
}

function insertAt(value: string, at: number, text: string): string {
  const i = at % (value.length + 1);
  return value.slice(0, i) + text + value.slice(i);
}

/** Replaces the `n`th match of `pattern` (or all matches when `all`) using `replace`. */
function replaceMatch(
  value: string,
  pattern: RegExp,
  n: number,
  all: boolean,
  replace: (match: string) => string,
): string {
  const matches = [...value.matchAll(pattern)].filter((m) => m[0].length > 2);
  if (matches.length === 0) return value;
  if (all) return value.replace(pattern, (m) => (m.length > 2 ? replace(m) : m));
  const m = pick(matches, n);
  return value.slice(0, m.index) + replace(m[0]) + value.slice(m.index + m[0].length);
}

function changeCase(name: string, n: number): string {
  switch (n % 4) {
    case 0:
      return name.toLowerCase();
    case 1:
      return name.toUpperCase();
    case 2:
      return [...name].map((c, i) => (i % 2 ? c.toUpperCase() : c.toLowerCase())).join('');
    default:
      return name.replace(/-(\w)/g, (_, c: string) => `-${c.toLowerCase()}`);
  }
}

function shiftTime(stamp: string, n: number): string {
  const colon = stamp.includes('%3') ? stamp.slice(13, 16) : ':';
  const plain = stamp.replace(/%3[Aa]/g, ':');
  const millis = Date.parse(plain);
  const shifts = [
    60_000,
    -60_000,
    3_600_000 * 2,
    -86_400_000 * 45,
    86_400_000 * 365 * 50,
    -86_400_000 * 365 * 60,
  ];
  let out: string;
  switch (n % 12) {
    case 0:
    case 1:
    case 2:
    case 3:
    case 4:
    case 5: {
      const shifted = new Date(millis + shifts[n % 6]!);
      out = Number.isNaN(shifted.getTime()) ? plain : shifted.toISOString();
      break;
    }
    case 6:
      out = plain.replace(/\.\d+Z$/, 'Z'); // no milliseconds
      break;
    case 7:
      out = plain.replace(/(\.\d\d)\dZ$/, '$1Z'); // two digits of milliseconds
      break;
    case 8:
      out = plain.replace(/-\d\d-\d\dT/, '-02-30T'); // no such day
      break;
    case 9:
      out = plain.replace(/T\d\d/, 'T24'); // no such hour
      break;
    case 10:
      out = plain.replace(/Z$/, '+01:00'); // an offset instead of UTC
      break;
    default:
      out = plain.replace('T', ' ').replace(/Z$/, 'z');
  }
  return colon === ':' ? out : out.replaceAll(':', colon);
}

/** Percent-decodes escapes one at a time, leaving any that do not decode alone. */
function decodeEscapes(value: string, all: boolean, n: number): string {
  let count = 0;
  return value.replace(/(%[0-9A-Fa-f]{2})+/g, (run) => {
    if (!all && count++ !== n % 3) return run;
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

type Mutate = (pairs: Pairs, a: number, b: number) => void;

/** Applies `change` to the value of one header. */
const onValue =
  (change: (value: string, b: number, name: string) => string): Mutate =>
  (pairs, a, b) => {
    if (pairs.length === 0) return;
    const i = a % pairs.length;
    const [name, value] = pairs[i]!;
    pairs[i] = [name, change(value, b, name)];
  };

export const MUTATIONS = {
  drop: (pairs, a) => {
    if (pairs.length > 0) pairs.splice(a % pairs.length, 1);
  },
  empty: onValue((_, b) => pick(['', ' ', '\t', '  '], b)),
  duplicateOtherCase: (pairs, a, b) => {
    if (pairs.length === 0) return;
    const [name, value] = pairs[a % pairs.length]!;
    pairs.splice(b % (pairs.length + 1), 0, [
      changeCase(name, b),
      b % 3 === 0 ? `${value}x` : value,
    ]);
  },
  truncate: onValue((value, b) => value.slice(0, b % (value.length + 1))),
  encodeSeparators: onValue((value, b) => {
    const sep = pick(['&', '=', ',', '&=,'], b);
    const codes: Record<string, string> = { '&': '%26', '=': '%3D', ',': '%2C' };
    let seen = 0;
    return value.replace(/[&=,]/g, (c) =>
      sep.includes(c) && (b % 2 === 0 || seen++ === 0) ? codes[c]! : c,
    );
  }),
  decodeValue: onValue((value, b) => decodeEscapes(value, b % 2 === 0, b)),
  swapKeys: (pairs, a, b) => {
    if (pairs.length < 2) return;
    const i = a % pairs.length;
    const j = (i + 1 + (b % (pairs.length - 1))) % pairs.length;
    const name = pairs[i]![0];
    pairs[i] = [pairs[j]![0], pairs[i]![1]];
    pairs[j] = [name, pairs[j]![1]];
  },
  flipDigit: onValue((value, b) => {
    const digits = [...value.matchAll(/\d/g)];
    if (digits.length === 0) return value;
    const at = pick(digits, b).index;
    const d = (Number(value[at]) + 1 + (b % 9)) % 10;
    return value.slice(0, at) + d + value.slice(at + 1);
  }),
  insertReserved: onValue((value, b) => insertAt(value, b >>> 5, pick(RESERVED, b))),
  insertNonAscii: onValue((value, b) => insertAt(value, b >>> 4, pick(NON_ASCII, b))),
  insertControl: onValue((value, b) => insertAt(value, b >>> 4, pick(CONTROL, b))),
  replaceIp: onValue((value, b) =>
    replaceMatch(value, IP_PATTERN, b >>> 6, b % 7 === 0, (m) => {
      const ip = pick(SPECIAL_IPS, b >>> 1);
      return m.includes('%3') || b % 5 === 0 ? ip.replaceAll(':', '%3A') : ip;
    }),
  ),
  shiftTimestamp: onValue((value, b) =>
    replaceMatch(value, TIME_PATTERN, b >>> 5, b % 4 === 0, (m) => shiftTime(m, b)),
  ),
  changeMethod: (pairs, a, b) => {
    const i = pairs.findIndex(([n]) => n.toLowerCase() === 'gov-client-connection-method');
    const method = pick(CONNECTION_METHODS, a);
    const value = pick(
      [method, method.toLowerCase(), `${method} `, 'WEB_APP', 'DESKTOP_APP_DIRECT,OTHER_DIRECT'],
      b,
    );
    if (i >= 0) pairs[i] = [pairs[i]![0], value];
    else pairs.push(['Gov-Client-Connection-Method', value]);
  },
  addHeader: (pairs, a, b) => {
    pairs.splice(b % (pairs.length + 1), 0, [pick(UNKNOWN_HEADERS, a), pick(PLACEHOLDERS, b)]);
  },
  placeholder: onValue((value, b) => {
    const word = pick(PLACEHOLDERS, b);
    if (b % 3 === 0) return word;
    // Replace one item of a list or one value of a key-value structure.
    return value.replace(/(^|[=,])[^=&,]*/, (_, start: string) => `${start}${word}`);
  }),
  huge: onValue((value, b) => {
    // Up to 16 KiB, the most a Node.js server accepts for all headers together: beyond any real
    // header, small enough to run often. Megabyte values have their own tests in the validator.
    const times = 2 + (b % 300);
    const grown =
      b % 3 === 0
        ? Array.from({ length: times }, () => value).join(b % 2 ? ',' : '&')
        : value + 'a'.repeat(times * 200);
    return grown.slice(0, 16_384);
  }),
  changeValueCase: onValue((value, b) => (b % 2 ? value.toUpperCase() : value.toLowerCase())),
  swapSeparators: onValue((value, b) => {
    if (b % 3 === 0) return value.replace(/=/g, '');
    const [from, to] = b % 3 === 1 ? ['&', ','] : [',', '&'];
    return value.split(from).join(to);
  }),
  renameHeader: (pairs, a, b) => {
    if (pairs.length === 0) return;
    const i = a % pairs.length;
    const name = pairs[i]![0];
    const renamed = pick(
      [
        name.replaceAll('-', '_'),
        `${name} `,
        ` ${name}`,
        name.slice(0, -1),
        `${name}s`,
        name.replace('Gov-', 'Gov-X-'),
        insertAt(name, b >>> 3, pick(['\u0000', '\r\n', 'é', ':'], b)),
      ],
      b,
    );
    pairs[i] = [renamed, pairs[i]![1]];
  },
  repeatHeader: (pairs, a) => {
    if (pairs.length === 0) return;
    const pair = pairs[a % pairs.length]!;
    pairs.push([pair[0], pair[1]]);
  },
  nonAsciiValue: onValue((value, b) =>
    // Raw Unicode where the formatter would have percent-encoded it.
    decodeEscapes(value, true, b).replace(/[a-z]/, pick(NON_ASCII, b)),
  ),
} satisfies Record<string, Mutate>;

export type MutationName = keyof typeof MUTATIONS;
export type Mutation = [MutationName, number, number];

const NAMES = Object.keys(MUTATIONS) as MutationName[];

/** One fault, or several: the list fast-check shrinks when a property fails. */
export const mutations: fc.Arbitrary<Mutation[]> = fc.array(
  fc.tuple(fc.constantFrom(...NAMES), fc.nat(), fc.nat()),
  { minLength: 1, maxLength: 5 },
);

/** The set with every mutation applied, in order (the original is left as it was). */
export function applyMutations(pairs: Pairs, list: readonly Mutation[]): Pairs {
  const out: Pairs = pairs.map(([n, v]) => [n, v]);
  for (const [name, a, b] of list) MUTATIONS[name](out, a, b);
  return out;
}
