import { describe, expect, it } from 'vitest';
import {
  type ClientAddressSource,
  parseForwarded,
  parseHostPort,
  parseXForwardedFor,
  resolveClient,
} from './forwarding.js';
import { compileTrusted } from './trust.js';

const addressOf = (entry: { address?: { text: string }; port?: number; error?: string }) =>
  entry.error ?? `${entry.address?.text}${entry.port === undefined ? '' : ` port ${entry.port}`}`;

describe('parseHostPort', () => {
  it.each([
    ['81.2.69.160', false, '81.2.69.160'],
    ['81.2.69.160:53012', false, '81.2.69.160 port 53012'],
    [' 81.2.69.160 ', false, '81.2.69.160'],
    ['[2a00:23c5::7]:53012', false, '2a00:23c5::7 port 53012'],
    ['[2a00:23c5::7]', false, '2a00:23c5::7'],
    ['2a00:23c5::7', false, '2a00:23c5::7'],
    // CloudFront-Viewer-Address writes IPv6 without brackets, the port after the last colon.
    ['2a00:23c5::8a2e:370:7334:46532', true, '2a00:23c5::8a2e:370:7334 port 46532'],
    ['2a00:23c5:0:0:8a2e:370:7334:1:46532', true, '2a00:23c5::8a2e:370:7334:1 port 46532'],
    ['::ffff:81.2.69.160', false, '81.2.69.160'],
  ])('%j (last colon is port: %s) is %s', (input, lastColonIsPort, expected) => {
    expect(addressOf(parseHostPort(input, lastColonIsPort))).toBe(expected);
  });

  it('keeps the address but not an unusable port', () => {
    expect(parseHostPort('81.2.69.160:0')).toMatchObject({
      address: { text: '81.2.69.160' },
      portError: "'0' is not a port from 1 to 65535",
    });
    expect(parseHostPort('81.2.69.160:_hidden').portError).toBe("the port '_hidden' is obfuscated");
    expect(parseHostPort('[2a00::1]:99999').port).toBeUndefined();
  });

  it.each([
    ['', 'the entry is empty'],
    ['unknown', 'the proxy wrote unknown: it did not know the sender'],
    ['_gazonk', "'_gazonk' is an obfuscated identifier, not an address"],
    ['example.com', "'example.com' is not an IP address"],
    ['[2a00::1', "'[2a00::1' is not an IP address"],
    ['[2a00::1]x', "'[2a00::1]x' is not an IP address"],
  ])('refuses %j: %s', (input, error) => {
    expect(parseHostPort(input).error).toBe(error);
  });
});

describe('parseXForwardedFor', () => {
  it('reads every hop, left to right', () => {
    const entries = parseXForwardedFor('81.2.69.160:53012, 2a00:23c5::7,10.0.0.2');
    expect(Array.isArray(entries) && entries.map(addressOf)).toEqual([
      '81.2.69.160 port 53012',
      '2a00:23c5::7',
      '10.0.0.2',
    ]);
  });

  it('refuses oversized headers and chains', () => {
    expect(parseXForwardedFor(`${'1.1.1.1,'.repeat(64)}1.1.1.1`)).toBe(
      'it lists more than 64 hops',
    );
    expect(parseXForwardedFor('1'.repeat(9000))).toBe('it is longer than 8192 characters');
  });
});

describe('parseForwarded (RFC 7239)', () => {
  it('reads for= nodes of every element, quoted or not, with ports and IPv6 in brackets', () => {
    const entries = parseForwarded(
      'for=81.2.69.160;proto=https;by=203.0.113.43, for="[2a00:23c5::7]:4711", For="81.2.69.161:53012";host=example.com',
    );
    expect(Array.isArray(entries) && entries.map(addressOf)).toEqual([
      '81.2.69.160',
      '2a00:23c5::7 port 4711',
      '81.2.69.161 port 53012',
    ]);
  });

  it('keeps unknown and obfuscated nodes as entries that name no address', () => {
    const entries = parseForwarded('for=unknown, for=_hidden, for="_abc:_port", by=10.0.0.1');
    expect(Array.isArray(entries) && entries.map(addressOf)).toEqual([
      'for=unknown: the proxy did not know the sender',
      "for='_hidden' is an obfuscated identifier, not an address",
      "for='_abc:_port' is an obfuscated identifier, not an address",
      'an element has no for= parameter',
    ]);
  });

  it('understands escapes in quoted strings and empty list elements', () => {
    const entries = parseForwarded(' , for="81.2.\\69.160" ,, ');
    expect(Array.isArray(entries) && entries.map(addressOf)).toEqual(['81.2.69.160']);
  });

  it.each([
    ['for', 'character 4 is not where a parameter name=value was expected'],
    ['for="81.2.69.160', 'a quoted value is not closed'],
    ['for=1.2.3.4;for=5.6.7.8', 'the parameter for= appears twice in one element'],
    ['for=1.2.3.4 by=5.6.7.8', "character 13 is not ';' or ',' after a parameter"],
    ['=1.2.3.4', 'character 1 is not where a parameter name=value was expected'],
  ])('refuses %j: %s', (input, error) => {
    expect(parseForwarded(input)).toBe(error);
  });
});

describe('resolveClient', () => {
  const trusted = compileTrusted(['10.0.0.0/8', 'loopback']).trust;
  const run = (
    source: ClientAddressSource,
    peer: string,
    headers: Record<string, string>,
    portHeader?: string,
  ) =>
    resolveClient(
      { source, trusted, follow: false, ...(portHeader ? { portHeader } : {}) },
      peer,
      40123,
      {
        get: (name) => headers[name],
      },
    );

  it('takes an untrusted peer as the client, with its port, and ignores its forwarding headers', () => {
    const r = run('x-forwarded-for', '81.2.69.160', { 'x-forwarded-for': '8.8.8.8:999' });
    expect(r).toMatchObject({ source: 'socket', address: { text: '81.2.69.160' }, port: 40123 });
    expect(r.problems.map((p) => [p.code, p.header])).toEqual([
      ['FORWARDING_HEADER_IGNORED', 'X-Forwarded-For'],
    ]);
    expect(r.problems[0]!.message).toContain('81.2.69.160, which is not a trusted proxy');
  });

  it('walks X-Forwarded-For from the right, skipping trusted hops only', () => {
    const r = run('x-forwarded-for', '10.0.0.5', {
      'x-forwarded-for': '6.6.6.6, 81.2.69.160:53012, 10.0.0.9, 10.1.1.1',
    });
    expect(r).toMatchObject({ source: 'x-forwarded-for', address: { text: '81.2.69.160' } });
    expect(r.port).toBe(53012);
    expect(r.after.map((e) => e.raw)).toEqual(['10.0.0.9', '10.1.1.1']);
    expect(r.problems).toEqual([]);
  });

  it('never takes X-Forwarded-Port as the client port', () => {
    const r = run('x-forwarded-for', '10.0.0.5', {
      'x-forwarded-for': '81.2.69.160',
      'x-forwarded-port': '443',
    });
    expect(r.address?.text).toBe('81.2.69.160');
    expect(r.port).toBeUndefined();
    expect(r.problems.map((p) => p.code)).toEqual(['PUBLIC_PORT_UNAVAILABLE']);
    expect(r.problems[0]!.message).toContain(
      'X-Forwarded-Port is the port the load balancer listens on',
    );
  });

  it('stops at an unusable entry instead of skipping past it', () => {
    const r = run('forwarded', '10.0.0.5', { forwarded: 'for=81.2.69.160, for=unknown' });
    expect(r.address).toBeUndefined();
    expect(r.problems.map((p) => p.code)).toEqual(['FORWARDING_HEADER_INVALID']);
  });

  it('reports a trusted peer that sent no forwarding header', () => {
    const r = run('forwarded', '127.0.0.1', {});
    expect(r.address).toBeUndefined();
    expect(r.problems[0]!.message).toContain(
      'Forwarded from the trusted proxy 127.0.0.1 is missing',
    );
  });

  it('explains a private-network client, with no placeholder', () => {
    const r = run('x-forwarded-for', '10.0.0.5', { 'x-forwarded-for': '192.168.1.20:51000' });
    expect(r.address).toBeUndefined();
    expect(r.observed?.text).toBe('192.168.1.20');
    expect(r.problems.map((p) => p.code)).toEqual([
      'PUBLIC_IP_UNAVAILABLE',
      'PUBLIC_PORT_UNAVAILABLE',
    ]);
    expect(r.problems[0]!.message).toContain('private-network address');
  });

  it('reads CloudFront-Viewer-Address, refusing a repeated header', () => {
    expect(
      run('cloudfront-viewer-address', '10.0.0.5', {
        'cloudfront-viewer-address': '2a00:23c5::8a2e:46532',
      }),
    ).toMatchObject({ address: { text: '2a00:23c5::8a2e' }, port: 46532 });
    const repeated = run('cloudfront-viewer-address', '10.0.0.5', {
      'cloudfront-viewer-address': '81.2.69.160:1000, 81.2.69.161:2000',
    });
    expect(repeated.address).toBeUndefined();
    expect(repeated.problems[0]!.message).toContain('holds more than one value');
  });

  it('reads CF-Connecting-IP and the client port only from the configured header', () => {
    const noPort = run('cf-connecting-ip', '10.0.0.5', { 'cf-connecting-ip': '81.2.69.160' });
    expect(noPort.port).toBeUndefined();
    expect(noPort.problems[0]!.message).toContain('cf.edge.client_port');
    const withPort = run(
      'cf-connecting-ip',
      '10.0.0.5',
      { 'cf-connecting-ip': '81.2.69.160', 'x-client-port': '53012' },
      'x-client-port',
    );
    expect(withPort).toMatchObject({ address: { text: '81.2.69.160' }, port: 53012 });
    const badPort = run(
      'cf-connecting-ip',
      '10.0.0.5',
      { 'cf-connecting-ip': '81.2.69.160', 'x-client-port': '80x' },
      'x-client-port',
    );
    expect(badPort.port).toBeUndefined();
    expect(badPort.problems.map((p) => p.code)).toEqual([
      'FORWARDING_HEADER_INVALID',
      'PUBLIC_PORT_UNAVAILABLE',
    ]);
  });

  it('reports a connection without a readable remote address', () => {
    const r = run('socket', undefined as unknown as string, {});
    expect(r.problems.map((p) => p.code)).toEqual(['PUBLIC_IP_UNAVAILABLE']);
  });
});
