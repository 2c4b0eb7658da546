import {
  type Assembler,
  type AssemblerOptions,
  type ClientAddressSource,
  createAssembler,
  type RequestFacts,
  type VendorValues,
} from '@fph-kit/server';
import { HEADER_NAMES, isHeaderName } from '@fph-kit/spec';
import { ACME } from '@fph-kit/test-support/assembler-fixtures';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * Header injection (issue 8): whatever a request holds (any Unicode, CR, LF, NUL, broken
 * encodings, forged forwarding chains, JSON of any shape in fph_client), every header the
 * assembler emits is a spec header name with a printable US-ASCII value, and no problem message
 * carries a control character into a log. The assembler never throws on request input.
 */

const PRINTABLE = /^[\x20-\x7e]*$/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

const fragment = fc.constantFrom(
  '\r\n',
  '\n',
  '\r',
  '\u0000',
  '%0D%0A',
  'é',
  '\ud800',
  '\u2028',
  '[',
  ']',
  ':',
  ',',
  ';',
  '"',
  '=',
  '&',
  'for=',
  'unknown',
  '_hidden',
  '::ffff:',
  '65536',
);
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc
    .array(fc.oneof(fragment, fc.string({ maxLength: 6 })), { maxLength: 8 })
    .map((p) => p.join('')),
);
const address = fc.oneof(
  fc.ipV4(),
  fc.ipV6(),
  fc.ipV4().map((ip) => `::ffff:${ip}`),
  fc.constantFrom('127.0.0.1', '::1', '10.0.0.5', '81.2.69.160', '2a00:23c5::7', 'fe80::1%eth0'),
  text,
);
const hostPort = fc.oneof(
  address,
  fc.tuple(address, fc.integer({ min: -5, max: 70_000 })).map(([a, p]) => `${a}:${p}`),
  fc.tuple(address, fc.integer({ min: -5, max: 70_000 })).map(([a, p]) => `[${a}]:${p}`),
);
const forwardingValue = fc.oneof(
  fc.array(hostPort, { maxLength: 5 }).map((hops) => hops.join(', ')),
  fc.array(hostPort, { maxLength: 4 }).map((hops) => hops.map((h) => `for="${h}"`).join(', ')),
  text,
);
const headerName = fc.oneof(
  fc.constantFrom(...HEADER_NAMES),
  fc.constantFrom(...HEADER_NAMES).map((n) => n.toLowerCase()),
  fc.constantFrom('Gov-Test-Scenario', 'Gov-Client-Colour', 'gov-', 'Gov-Vendor-Secret'),
  fc.string({ minLength: 1, maxLength: 20 }),
);
const forwardingHeaders = fc.record(
  {
    'x-forwarded-for': forwardingValue,
    forwarded: forwardingValue,
    'cloudfront-viewer-address': hostPort,
    'cf-connecting-ip': address,
    'x-client-port': text,
  },
  { requiredKeys: [] },
);
const govHeaders = fc.dictionary(
  headerName.map((n) => n.toLowerCase()),
  fc.oneof(text, fc.array(text, { maxLength: 2 })),
  { maxKeys: 12 },
);
const payload = fc.dictionary(headerName, fc.oneof(text, fc.jsonValue({ maxDepth: 2 })), {
  maxKeys: 12,
});
const body = fc.oneof(
  fc.constant(undefined),
  payload.map((p) => ({ fph_client: JSON.stringify(p) })),
  payload.map((p) => ({ fph_client: p })),
  fc.jsonValue({ maxDepth: 3 }).map((v) => ({ fph_client: v })),
  text.map((t) => ({ fph_client: t })),
  fc.anything({ maxDepth: 2 }),
);
const facts = fc.record({
  remoteAddress: fc.option(address, { nil: undefined }),
  remotePort: fc.option(fc.integer({ min: -5, max: 70_000 }), { nil: undefined }),
  headers: fc.tuple(govHeaders, forwardingHeaders).map(([gov, fwd]) => ({ ...gov, ...fwd })),
  receivedAt: fc.integer({ min: 0, max: 253_402_300_799_999 }),
  body,
});

/** Acme's options, with a product name outside US-ASCII (it is percent-encoded). */
const BASE: AssemblerOptions = { ...ACME, productName: 'Acme Tax ±' };

const SOURCES: ClientAddressSource[] = [
  'x-forwarded-for',
  'forwarded',
  'cloudfront-viewer-address',
  'cf-connecting-ip',
];

interface Setup {
  name: string;
  assembler: Assembler;
  vendor: VendorValues;
}
const setups: Setup[] = [];

beforeAll(async () => {
  const configs: [string, AssemblerOptions][] = [
    ['socket', BASE],
    ...SOURCES.map((source): [string, AssemblerOptions] => [
      source,
      {
        ...BASE,
        connectionMethod: source === 'forwarded' ? 'DESKTOP_APP_VIA_SERVER' : 'WEB_APP_VIA_SERVER',
        proxies: {
          // Every peer trusted: every forwarding header is parsed, whatever it holds.
          trusted: ['0.0.0.0/0', '::/0'],
          clientAddress: source,
          ...(source === 'cf-connecting-ip' ? { clientPortHeader: 'x-client-port' } : {}),
          tlsHops: [{ publicIp: '18.130.1.2', sender: 'chain' }],
        },
      },
    ]),
  ];
  for (const [name, options] of configs) {
    const assembler = createAssembler(options);
    const probe: RequestFacts = {
      remoteAddress: '81.2.69.160',
      remotePort: 1,
      headers: {},
      receivedAt: 0,
    };
    setups.push({ name, assembler, vendor: await assembler.resolveVendor(probe) });
  }
});

describe('header injection', () => {
  it('emits only spec header names with printable US-ASCII values, whatever the request', () => {
    fc.assert(
      fc.property(fc.nat(setups.length * 1000), facts, (pick, request) => {
        const setup = setups[pick % setups.length]!;
        const result = setup.assembler.assembleWith(request as RequestFacts, setup.vendor);
        for (const [name, value] of Object.entries(result.headers)) {
          expect(isHeaderName(name), name).toBe(true);
          expect(value, `${setup.name}: ${name}`).toMatch(PRINTABLE);
        }
        for (const p of result.problems) {
          expect(CONTROL.test(p.message), p.message).toBe(false);
          if (p.value !== undefined) expect(p.value).toMatch(PRINTABLE);
          if (p.header !== undefined) expect(p.header).toMatch(PRINTABLE);
        }
      }),
      { numRuns: 4000, seed: 20_261_123 },
    );
  });

  it('takes the client address and port from the connection alone when no proxy is trusted', () => {
    const socket = setups[0]!;
    fc.assert(
      fc.property(facts, (request) => {
        const result = socket.assembler.assembleWith(request as RequestFacts, socket.vendor);
        // The same connection with no headers and no body: what the client sent changes nothing.
        const bare = socket.assembler.assembleWith(
          { ...(request as RequestFacts), headers: {}, body: undefined },
          socket.vendor,
        );
        expect(result.client).toEqual(bare.client);
        for (const name of ['Gov-Client-Public-IP', 'Gov-Client-Public-Port']) {
          expect(result.headers[name]).toBe(bare.headers[name]);
        }
      }),
      { numRuns: 1500, seed: 7 },
    );
  });
});
