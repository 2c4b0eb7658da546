import { createHash } from 'node:crypto';
import { requirementsFor } from '@fph-kit/spec';
import { ACME, BROWSER_VALUES } from '@fph-kit/test-support/assembler-fixtures';
import { validate } from '@fph-kit/validator';
import { describe, expect, it } from 'vitest';
import { createAssembler } from './assembler.js';
import { isAssemblerError } from './errors.js';
import type { AssemblerOptions, RequestFacts } from './options.js';

const BROWSER = BROWSER_VALUES;

const NOW = Date.parse('2026-11-23T10:00:00.000Z');

const OPTIONS: AssemblerOptions = ACME;

function facts(extra: Partial<RequestFacts> = {}): RequestFacts {
  return {
    remoteAddress: '81.2.69.160',
    remotePort: 53012,
    headers: {},
    receivedAt: NOW,
    ...extra,
  };
}

const lower = (set: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(set).map(([k, v]) => [k.toLowerCase(), v]));

const codes = (problems: readonly { code: string; header?: string }[]) =>
  problems.map((p) => `${p.code} ${p.header ?? ''}`.trim());

describe('createAssembler: a direct web client', () => {
  const assembler = createAssembler(OPTIONS);

  it('passes the client values on unaltered and adds the server headers, in the spec order', async () => {
    const { headers, problems, client } = await assembler.assemble(
      facts({ headers: lower(BROWSER) }),
    );
    const hash = createHash('sha256').update('ACME-2026-0042').digest('hex').toUpperCase();
    expect(headers).toEqual({
      'Gov-Client-Connection-Method': 'WEB_APP_VIA_SERVER',
      'Gov-Client-Browser-JS-User-Agent': BROWSER['Gov-Client-Browser-JS-User-Agent'],
      'Gov-Client-Device-ID': BROWSER['Gov-Client-Device-ID'],
      'Gov-Client-Multi-Factor': BROWSER['Gov-Client-Multi-Factor'],
      'Gov-Client-Public-IP': '81.2.69.160',
      'Gov-Client-Public-IP-Timestamp': '2026-11-23T10:00:00.000Z',
      'Gov-Client-Public-Port': '53012',
      'Gov-Client-Screens': BROWSER['Gov-Client-Screens'],
      'Gov-Client-Timezone': 'UTC+00:00',
      'Gov-Client-User-IDs': 'acme-tax=taxpayer-7f3a',
      'Gov-Client-Window-Size': 'width=1280&height=720',
      'Gov-Vendor-Forwarded': 'by=52.56.10.20&for=81.2.69.160',
      'Gov-Vendor-License-IDs': `acme-tax=${hash}`,
      'Gov-Vendor-Product-Name': 'Acme%20Tax',
      'Gov-Vendor-Public-IP': '52.56.10.20',
      'Gov-Vendor-Version': 'acme-web=2.4.1&acme-api=3.8.0',
    });
    expect(Object.keys(headers)).toEqual(requirementsFor('WEB_APP_VIA_SERVER').required);
    expect(problems).toEqual([]);
    expect(client).toEqual({
      source: 'socket',
      observedAddress: '81.2.69.160',
      publicIp: '81.2.69.160',
      publicPort: 53012,
    });
    const verdict = validate(headers, { now: NOW });
    expect(verdict.report.code).toBe('VALID_HEADERS');
    expect(verdict.advisories).toEqual([]);
  });

  it('reads the same set from the fph_client field, as JSON text or as an object', async () => {
    const fromHeaders = await assembler.assemble(facts({ headers: lower(BROWSER) }));
    const fromText = await assembler.assemble(
      facts({ body: { fph_client: JSON.stringify(BROWSER), amount: '100.00' } }),
    );
    const fromObject = await assembler.assemble(facts({ body: { fph_client: BROWSER } }));
    expect(fromText.headers).toEqual(fromHeaders.headers);
    expect(fromObject.headers).toEqual(fromHeaders.headers);
    expect(fromText.problems).toEqual([]);
  });

  it('takes the field over a differing request header, and says so', async () => {
    const r = await assembler.assemble(
      facts({
        headers: { 'gov-client-timezone': 'UTC+01:00' },
        body: { fph_client: { 'Gov-Client-Timezone': 'UTC+00:00' } },
      }),
    );
    expect(r.headers['Gov-Client-Timezone']).toBe('UTC+00:00');
    expect(codes(r.problems)).toContain('CLIENT_VALUE_CONFLICT Gov-Client-Timezone');
  });

  it('reports each required header the client did not send, and a missing licence', async () => {
    const { licenseKeys: _, ...unlicensed } = OPTIONS;
    const bare = createAssembler(unlicensed);
    const r = await bare.assemble(facts());
    expect(codes(r.problems)).toEqual([
      'HEADER_MISSING Gov-Client-Browser-JS-User-Agent',
      'HEADER_MISSING Gov-Client-Device-ID',
      'HEADER_MISSING Gov-Client-Multi-Factor',
      'HEADER_MISSING Gov-Client-Screens',
      'HEADER_MISSING Gov-Client-Timezone',
      'HEADER_MISSING Gov-Client-User-IDs',
      'HEADER_MISSING Gov-Client-Window-Size',
      'HEADER_MISSING Gov-Vendor-License-IDs',
    ]);
    expect(r.headers['Gov-Vendor-Version']).toBe('acme-api=3.8.0');
  });

  it('uses the arrival time for Gov-Client-Public-IP-Timestamp, from a Date too', async () => {
    const r = await assembler.assemble(facts({ receivedAt: new Date('2027-01-02T03:04:05.006Z') }));
    expect(r.headers['Gov-Client-Public-IP-Timestamp']).toBe('2027-01-02T03:04:05.006Z');
  });

  it('throws INVALID_ARGUMENT for facts without a usable arrival time', async () => {
    await expect(assembler.assemble(facts({ receivedAt: Number.NaN }))).rejects.toSatisfy(
      (e: unknown) => isAssemblerError(e) && e.code === 'INVALID_ARGUMENT',
    );
  });
});

describe('client values that are dropped', () => {
  const assembler = createAssembler(OPTIONS);
  const field = (payload: unknown) => assembler.assemble(facts({ body: { fph_client: payload } }));

  it('drops a value the validator finds invalid, with HMRC’s reason', async () => {
    const r = await field({ ...BROWSER, 'Gov-Client-Timezone': 'UTC+25:00' });
    expect(r.headers['Gov-Client-Timezone']).toBeUndefined();
    expect(r.problems).toEqual([
      {
        code: 'CLIENT_VALUE_INVALID',
        header: 'Gov-Client-Timezone',
        message:
          'Gov-Client-Timezone from the client is invalid (Value must be a recognised timezone in UTC format, submitted as UTC±<hh>:<mm>): dropped.',
        value: 'UTC+25:00',
      },
    ]);
  });

  it('passes on a value HMRC only warns about, unaltered', async () => {
    const r = await field({ ...BROWSER, 'Gov-Client-Device-ID': 'device-7f3a9c' });
    expect(r.headers['Gov-Client-Device-ID']).toBe('device-7f3a9c');
    expect(r.problems).toEqual([]);
  });

  it('passes on an empty value (the client could not collect it) unaltered', async () => {
    const r = await field({ ...BROWSER, 'Gov-Client-Screens': '' });
    expect(r.headers['Gov-Client-Screens']).toBe('');
  });

  it.each([
    ['a line feed', 'UTC+00:00\nX-Injected: 1', 'has a line feed (U+000A) at character 10'],
    ['a carriage return', 'UTC+00:00\r', 'has a carriage return (U+000D) at character 10'],
    ['a NUL', 'UTC\u0000', 'has a control character (U+0000) at character 4'],
    ['non-ASCII', 'UTC+00:00é', 'has a non-ASCII character (U+00E9) at character 10'],
    ['too long', 'U'.repeat(65), 'is 65 characters long, more than the 64 accepted'],
    ['not a string', 60, 'must be a string, not number'],
  ])('drops a value with %s', async (_what, value, reason) => {
    const r = await field({ ...BROWSER, 'Gov-Client-Timezone': value });
    expect(r.headers['Gov-Client-Timezone']).toBeUndefined();
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({
      code: 'CLIENT_VALUE_INVALID',
      header: 'Gov-Client-Timezone',
    });
    expect(r.problems[0]!.message).toContain(reason);
    expect(r.problems[0]!.value).not.toMatch(/[^\x20-\x7e]/);
  });

  it.each([
    ['Gov-Client-Public-IP', '8.8.8.8'],
    ['Gov-Client-Public-Port', '443'],
    ['Gov-Client-Public-IP-Timestamp', '2020-01-01T00:00:00.000Z'],
    ['Gov-Vendor-Public-IP', '8.8.4.4'],
    ['Gov-Vendor-Forwarded', 'by=8.8.4.4&for=8.8.8.8'],
    ['Gov-Vendor-License-IDs', 'x=1'],
    ['Gov-Vendor-Product-Name', 'Other'],
  ])('never lets the client supply %s', async (name, value) => {
    for (const r of [
      await assembler.assemble(facts({ headers: { [name.toLowerCase()]: value } })),
      await field({ [name]: value }),
    ]) {
      expect(r.headers[name]).not.toBe(value);
      expect(codes(r.problems)).toContain(`SERVER_HEADER_FROM_CLIENT ${name}`);
    }
  });

  it('accepts the same connection method silently and reports another', async () => {
    const same = await field({ ...BROWSER, 'Gov-Client-Connection-Method': 'WEB_APP_VIA_SERVER' });
    expect(same.problems).toEqual([]);
    const other = await field({ ...BROWSER, 'Gov-Client-Connection-Method': 'DESKTOP_APP_DIRECT' });
    expect(other.headers['Gov-Client-Connection-Method']).toBe('WEB_APP_VIA_SERVER');
    expect(codes(other.problems)).toEqual([
      'CONNECTION_METHOD_MISMATCH Gov-Client-Connection-Method',
    ]);
  });

  it('merges only allowed client versions, as the client encoded them', async () => {
    const spaced = createAssembler({ ...OPTIONS, clientVersions: ['acme web', 'acme-widget'] });
    const r = await spaced.assemble(
      facts({
        headers: {
          'gov-vendor-version': 'acme%20web=2.4.1&acme-api=9.9.9&intruder=1.0&acme-widget=0.3',
        },
      }),
    );
    expect(r.headers['Gov-Vendor-Version']).toBe('acme%20web=2.4.1&acme-widget=0.3&acme-api=3.8.0');
    expect(codes(r.problems).filter((c) => c.startsWith('VENDOR'))).toEqual([
      'VENDOR_VERSION_NOT_ALLOWED Gov-Vendor-Version',
      'VENDOR_VERSION_NOT_ALLOWED Gov-Vendor-Version',
    ]);
    expect(r.problems.map((p) => p.value).filter(Boolean)).toEqual(
      expect.arrayContaining(['acme-api=9.9.9', 'intruder=1.0']),
    );
  });

  it('drops a malformed client Gov-Vendor-Version whole', async () => {
    const r = await field({ 'Gov-Vendor-Version': 'acme-web=1&&acme-web=2' });
    expect(r.headers['Gov-Vendor-Version']).toBe('acme-api=3.8.0');
    expect(codes(r.problems)).toContain('CLIENT_VALUE_INVALID Gov-Vendor-Version');
  });

  it('drops names outside the spec, but leaves Gov-Test-Scenario and other headers alone', async () => {
    const r = await assembler.assemble(
      facts({
        headers: {
          ...lower(BROWSER),
          'gov-client-favourite-colour': 'blue',
          'gov-test-scenario': 'DEFAULT',
          'x-request-id': 'abc',
        },
      }),
    );
    expect(codes(r.problems)).toEqual(['UNKNOWN_HEADER_FROM_CLIENT gov-client-favourite-colour']);
    expect(r.headers).not.toHaveProperty('gov-client-favourite-colour');
    expect(r.headers).not.toHaveProperty('Gov-Test-Scenario');
    const inField = await field({ ...BROWSER, amount: '1', 'Gov-Test-Scenario': 'DEFAULT' });
    expect(codes(inField.problems)).toEqual([
      'UNKNOWN_HEADER_FROM_CLIENT amount',
      'UNKNOWN_HEADER_FROM_CLIENT Gov-Test-Scenario',
    ]);
  });

  it('drops names given twice in the field in different letter case', async () => {
    const r = await field({
      'Gov-Client-Timezone': 'UTC+00:00',
      'gov-client-timezone': 'UTC+01:00',
    });
    expect(r.headers['Gov-Client-Timezone']).toBeUndefined();
    expect(codes(r.problems)).toContain('CLIENT_VALUE_INVALID Gov-Client-Timezone');
  });

  it.each([
    ['not JSON', '{"Gov-Client-Timezone": ', 'is not valid JSON'],
    ['an array', '["UTC+00:00"]', 'not an array'],
    ['null', 'null', 'not null'],
    ['a number', 42, 'not number'],
    [
      'too many names',
      Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`n${i}`, 'x'])),
      '65 names',
    ],
    ['too long', JSON.stringify({ x: 'y'.repeat(70_000) }), 'more than the 65536 accepted'],
  ])('ignores a field that is %s, and says why', async (_what, payload, reason) => {
    const r = await field(payload);
    expect(r.problems[0]).toMatchObject({ code: 'CLIENT_PAYLOAD_INVALID' });
    expect(r.problems[0]!.message).toContain(reason);
    expect(Object.keys(r.headers)).not.toContain('Gov-Client-Timezone');
  });

  it('refuses more Gov-* request headers than a payload may hold', async () => {
    const many = Object.fromEntries(
      Array.from({ length: 70 }, (_, i) => [`gov-client-x${i}`, '1']),
    );
    const r = await assembler.assemble(facts({ headers: { ...many, ...lower(BROWSER) } }));
    expect(codes(r.problems)[0]).toBe('CLIENT_PAYLOAD_INVALID');
    expect(r.headers['Gov-Client-Screens']).toBeUndefined();
  });
});

describe('the vendor side', () => {
  it('waits for an async vendor IP resolver, giving it the request', async () => {
    const seen: RequestFacts[] = [];
    const assembler = createAssembler({
      ...OPTIONS,
      vendorPublicIp: async (request) => {
        seen.push(request);
        return '52.56.10.21';
      },
    });
    const request = facts();
    const r = await assembler.assemble(request);
    expect(r.headers['Gov-Vendor-Public-IP']).toBe('52.56.10.21');
    expect(r.headers['Gov-Vendor-Forwarded']).toBe('by=52.56.10.21&for=81.2.69.160');
    expect(seen).toEqual([request]);
  });

  it.each([
    [
      'throws',
      () => {
        throw new Error('metadata service down');
      },
      'threw: metadata service down',
    ],
    [
      'rejects',
      () => Promise.reject(new Error('timeout talking to DNS')),
      'failed: timeout talking to DNS',
    ],
    [
      'gives a private address',
      () => '10.0.0.8',
      'gave 10.0.0.8, a private-network address (RFC 1918, or IPv6 site-local), not a public address',
    ],
    [
      'gives no address',
      () => 'my-load-balancer',
      "gave 'my-load-balancer', which is not an IP address",
    ],
    ['never answers', () => new Promise<string>(() => {}), 'failed: gave no answer within 25 ms'],
  ])('leaves the vendor headers out when the resolver %s', async (_what, resolver, reason) => {
    const assembler = createAssembler({
      ...OPTIONS,
      vendorPublicIp: resolver as () => string,
      resolverTimeoutMs: 25,
    });
    const r = await assembler.assemble(facts({ headers: lower(BROWSER) }));
    expect(r.headers['Gov-Vendor-Public-IP']).toBeUndefined();
    expect(r.headers['Gov-Vendor-Forwarded']).toBeUndefined();
    expect(r.headers['Gov-Client-Public-IP']).toBe('81.2.69.160');
    expect(r.problems[0]).toMatchObject({ code: 'VENDOR_PUBLIC_IP_UNAVAILABLE' });
    expect(r.problems[0]!.message).toContain(reason);
  });

  it('is synchronous when everything is fixed and the licence hash is ready', async () => {
    const assembler = createAssembler(OPTIONS);
    const first = assembler.resolveVendor(facts());
    expect(first).toBeInstanceOf(Promise);
    await first;
    const second = assembler.resolveVendor(facts());
    expect(second).not.toBeInstanceOf(Promise);
    const result = assembler.assembleWith(facts(), second as Awaited<typeof first>);
    expect(result.headers['Gov-Vendor-License-IDs']).toMatch(/^acme-tax=[0-9A-F]{64}$/);
  });

  it('builds one hop per TLS-terminating service, each sender the previous hop by default', async () => {
    // HMRC's example 2: client -> WAF -> vendor server 1 -> vendor server 2.
    const assembler = createAssembler({
      ...OPTIONS,
      vendorPublicIp: '2a04:4e42::85',
      proxies: {
        trusted: ['10.0.0.0/8'],
        clientAddress: 'x-forwarded-for',
        tlsHops: [{ publicIp: '52.56.10.20' }, { publicIp: async () => '18.130.1.2' }],
      },
    });
    const r = await assembler.assemble(
      facts({ remoteAddress: '10.0.3.4', headers: { 'x-forwarded-for': '81.2.69.160:53012' } }),
    );
    expect(r.headers['Gov-Vendor-Forwarded']).toBe(
      'by=2a04%3A4e42%3A%3A85&for=81.2.69.160,by=52.56.10.20&for=2a04%3A4e42%3A%3A85,by=18.130.1.2&for=52.56.10.20',
    );
    expect(r.headers['Gov-Vendor-Public-IP']).toBe('2a04:4e42::85');
    expect(validate(r.headers, { now: NOW }).advisories.map((a) => a.rule)).not.toContain(
      'vendor-forwarded.chain-broken',
    );
  });

  it("reads a CDN's egress address from the chain for the next hop's sender", async () => {
    const assembler = createAssembler({
      ...OPTIONS,
      vendorPublicIp: '13.224.0.10',
      proxies: {
        trusted: ['10.0.0.0/8', '130.176.0.0/16'],
        clientAddress: 'x-forwarded-for',
        tlsHops: [{ publicIp: '52.56.10.20', sender: 'chain' }],
      },
    });
    const r = await assembler.assemble(
      facts({
        remoteAddress: '10.0.3.4',
        headers: { 'x-forwarded-for': '81.2.69.160:53012, 130.176.12.7' },
      }),
    );
    expect(r.headers['Gov-Vendor-Forwarded']).toBe(
      'by=13.224.0.10&for=81.2.69.160,by=52.56.10.20&for=130.176.12.7',
    );
    const direct = await assembler.assemble(facts({ remoteAddress: '81.2.69.170' }));
    expect(direct.headers['Gov-Vendor-Forwarded']).toBe('by=13.224.0.10&for=81.2.69.170');
    expect(codes(direct.problems)).toContain('VENDOR_FORWARDED_INCOMPLETE Gov-Vendor-Forwarded');
  });

  it('reports a vendor IP equal to the client IP', async () => {
    const r = await createAssembler(OPTIONS).assemble(facts({ remoteAddress: '52.56.10.20' }));
    expect(codes(r.problems)).toContain('VENDOR_IP_SAME_AS_CLIENT Gov-Vendor-Public-IP');
  });

  it('explains a private-network client and builds no Forwarded hop for it', async () => {
    const r = await createAssembler(OPTIONS).assemble(
      facts({ remoteAddress: '::ffff:192.168.1.20', headers: lower(BROWSER) }),
    );
    for (const name of ['Gov-Client-Public-IP', 'Gov-Client-Public-Port', 'Gov-Vendor-Forwarded']) {
      expect(r.headers[name]).toBeUndefined();
    }
    expect(codes(r.problems)).toEqual([
      'PUBLIC_IP_UNAVAILABLE Gov-Client-Public-IP',
      'PUBLIC_PORT_UNAVAILABLE Gov-Client-Public-Port',
      'HEADER_MISSING Gov-Client-Public-IP-Timestamp',
      'HEADER_MISSING Gov-Vendor-Forwarded',
    ]);
    expect(r.client).toEqual({ source: 'socket', observedAddress: '192.168.1.20' });
  });
});

describe('options', () => {
  const bad = (patch: Record<string, unknown>, message: string) => {
    let thrown: unknown;
    try {
      createAssembler({ ...OPTIONS, ...patch } as AssemblerOptions);
    } catch (error) {
      thrown = error;
    }
    expect(isAssemblerError(thrown) && thrown.code).toBe('INVALID_OPTIONS');
    expect((thrown as Error).message).toContain(message);
  };

  it.each([
    [
      { connectionMethod: 'DESKTOP_APP_DIRECT' },
      "connectionMethod 'DESKTOP_APP_DIRECT' is not a via-server method",
    ],
    [{ productName: '' }, 'productName: must be a non-empty string'],
    [{ versions: {} }, 'versions: needs at least one key=value pair'],
    [{ versions: 'acme=1' }, "versions must give the server's software versions"],
    [{ vendorPublicIp: '10.1.1.1' }, 'vendorPublicIp 10.1.1.1 is a private-network address'],
    [{ vendorPublicIp: 'lb.example.com' }, "vendorPublicIp 'lb.example.com' is not an IP address"],
    [{ vendorPublicIp: undefined }, 'vendorPublicIp must be an IP address or a function'],
    [{ licenseKeys: { 'acme-tax': '' } }, 'licenseKeys.acme-tax: the licence key is empty'],
    [{ licenseKeys: {} }, 'licenseKeys is empty'],
    [{ clientVersions: ['ok', ''] }, 'clientVersions must be a list of software names'],
    [{ resolverTimeoutMs: 0 }, 'resolverTimeoutMs must be a positive number'],
    [{ logger: console }, "unknown option 'logger'"],
    [{ proxies: { trusted: ['10.0.0.0/8', 'all'] } }, "proxies.trusted: 'all' is not a CIDR"],
    [{ proxies: { clientAddress: 'x-forwarded-for' } }, 'proxies.trusted lists no proxy'],
    [
      { proxies: { trusted: ['loopback'], clientAddress: 'x-real-ip' } },
      "proxies.clientAddress 'x-real-ip' is not one of",
    ],
    [
      {
        proxies: { trusted: ['loopback'], clientAddress: 'forwarded', clientPortHeader: 'x port' },
      },
      'is not a header name',
    ],
    [
      { proxies: { clientPortHeader: 'x-client-port' } },
      'needs a proxy header as proxies.clientAddress',
    ],
    [
      { proxies: { tlsHops: [{ publicIp: '192.168.1.1' }] } },
      'proxies.tlsHops[0].publicIp 192.168.1.1 is a private-network address',
    ],
    [{ proxies: { trust: [] } }, 'unknown option proxies.trust'],
  ])('refuses %j', (patch, message) => {
    bad(patch, message);
  });
});
