import { HEADERS } from '@fph-kit/spec';

/**
 * The example values of HMRC's specification v3.3, per header. A request carrying one of them was
 * almost certainly copied from the documentation, which HMRC's manual review rejects. The
 * connection method and the timezone are left out: their examples are also everyday values.
 */
const EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  'gov-client-browser-js-user-agent': [
    'Mozilla/5.0 (iPad; U; CPU OS 3_2_1 like Mac OS X; en-us) AppleWebKit/531.21.10 (KHTML, like Gecko) Mobile/7B405',
  ],
  'gov-client-device-id': ['beec798b-b366-47fa-b1f8-92cede14a1ce'],
  'gov-client-local-ips': ['fc00%3A%3A,10.1.2.3', '10.1.2.3,10.3.4.2'],
  'gov-client-local-ips-timestamp': ['2020-09-21T14:30:05.123Z'],
  'gov-client-mac-addresses': ['ea%3A43%3A1a%3A5d%3A21%3A45,10%3A12%3Acc%3Afa%3Aaa%3A32'],
  'gov-client-multi-factor': [
    'type=AUTH_CODE&timestamp=2021-11-21T13%3A23Z&unique-reference=fc4b5fd6816f75a7c81fc8eaa9499d6a299bd803397166e8c4cf9280b801d62c,type=TOTP&timestamp=2021-11-21T13%3A20Z&unique-reference=0283da60063abfb3a87f1aed845d17fe2d9ba8c780b478dc4ae048f5ee97a6d5',
  ],
  'gov-client-public-ip': ['198.51.100.0', 'ABCD:EF01:2345:6789:ABCD:EF01:2345:6789'],
  'gov-client-public-ip-timestamp': ['2020-09-21T14:30:05.123Z'],
  'gov-client-public-port': ['12345'],
  'gov-client-screens': [
    'width=375&height=812&scaling-factor=2&colour-depth=32',
    'width=1920&height=1080&scaling-factor=1&colour-depth=16,width=3000&height=2000&scaling-factor=1.25&colour-depth=16',
  ],
  'gov-client-user-agent': [
    'os-family=iOS&os-version=13.3.1&device-manufacturer=Apple&device-model=iPhone12%2C3',
    'os-family=Windows&os-version=Server%202012&device-manufacturer=Dell%20Inc.&device-model=OptiPlex%20980',
  ],
  'gov-client-user-ids': [
    'os=domain%5Calice&my-application=alice123',
    'os=domain%5Calice&my-application=alice123&my-secondary-application=alice_secondary',
    'os=domain%5Calice',
    'my-application=alice123',
    'os=alice&my-application=alice123',
  ],
  'gov-client-window-size': ['width=375&height=812', 'width=1256&height=803'],
  'gov-vendor-forwarded': [
    'by=203.0.113.6&for=198.51.100.0',
    'by=2001%3A0db8%3A85a3%3A0000%3A0000%3A8a2e%3A0370%3A7334&for=198.51.100.0,by=203.0.113.6&for=2001%3A0db8%3A85a3%3A0000%3A0000%3A8a2e%3A0370%3A7334,by=176.30.57.118&for=203.0.113.6',
  ],
  'gov-vendor-license-ids': [
    'my-licensed-software=8D7963490527D33716835EE7C195516D5E562E03B224E9B359836466EE40CDE1',
  ],
  'gov-vendor-product-name': ['Product%20Name', 'Company%20Name'],
  'gov-vendor-public-ip': ['203.0.113.6'],
  'gov-vendor-version': [
    'my-application=1.6.0',
    'my-web-app=2.2.2',
    'my-mobile-app=2.2.2&my-serverside-code=v3.8',
    'my-desktop-app=2.2.2&my-serverside-code=v3.8',
    'my-frontend-app=2.2.2&my-serverside-code=v3.8',
  ],
};

/** The examples of each header by its index in the catalogue, read with no lookup by name. */
const BY_INDEX: readonly (readonly string[] | undefined)[] = HEADERS.map((h) => EXAMPLES[h.key]);

/** True when `value` is one of the specification's examples for the header at `index` in HEADERS. */
export function isSpecExample(index: number, value: string): boolean {
  const examples = BY_INDEX[index];
  if (!examples) return false;
  for (let i = 0; i < examples.length; i++) {
    const example = examples[i]!;
    if (example.length === value.length && example === value) return true;
  }
  return false;
}

/**
 * Placeholders the getting-it-right page forbids (`null`, `undefined`) and their relatives, raw or
 * percent-encoded, compared with a whole value or a whole item of a list or key-value structure.
 */
const PLACEHOLDERS: ReadonlySet<string> = new Set([
  'null',
  'undefined',
  'nil',
  'none',
  'unknown',
  'nan',
  'n/a',
  'n%2fa',
  '[object object]',
  '%5bobject%20object%5d',
  'placeholder',
  'todo',
  'tbd',
]);

/**
 * First and last characters of the placeholders, so most values (`TOTP`, `UTC+00:00`) are ruled
 * out by two lookups, without lower-casing them.
 */
const FIRST = new Uint8Array(128);
const LAST = new Uint8Array(128);
for (const word of PLACEHOLDERS) {
  for (const c of [word.charCodeAt(0), word.toUpperCase().charCodeAt(0)]) FIRST[c] = 1;
  const end = word.length - 1;
  for (const c of [word.charCodeAt(end), word.toUpperCase().charCodeAt(end)]) LAST[c] = 1;
}

/** True when `text` (a whole value or item) is a placeholder such as `null` or `undefined`. */
export function isPlaceholder(text: string): boolean {
  const n = text.length;
  if (n > 21) return false;
  const c = text.charCodeAt(0);
  const z = text.charCodeAt(n - 1);
  return (
    c < 128 && FIRST[c] === 1 && z < 128 && LAST[z] === 1 && PLACEHOLDERS.has(text.toLowerCase())
  );
}
