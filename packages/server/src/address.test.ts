import { describe, expect, it } from 'vitest';
import { createTrustList, parseAddress } from './address.js';

describe('parseAddress', () => {
  it.each([
    ['81.2.69.160', '81.2.69.160', 'public'],
    ['10.1.2.3', '10.1.2.3', 'private'],
    ['172.31.255.1', '172.31.255.1', 'private'],
    ['192.168.0.10', '192.168.0.10', 'private'],
    ['127.0.0.1', '127.0.0.1', 'loopback'],
    ['169.254.10.1', '169.254.10.1', 'link-local'],
    ['100.64.0.1', '100.64.0.1', 'shared'],
    ['198.51.100.7', '198.51.100.7', 'documentation'],
    ['0.0.0.0', '0.0.0.0', 'unspecified'],
    ['224.0.0.1', '224.0.0.1', 'multicast'],
    ['2a00:23c5:1234::1', '2a00:23c5:1234::1', 'public'],
    ['2A00:23C5:1234:0:0:0:0:1', '2a00:23c5:1234::1', 'public'],
    ['::1', '::1', 'loopback'],
    ['fd12:3456::1', 'fd12:3456::1', 'unique-local'],
    ['fe80::1%eth0', 'fe80::1', 'link-local'],
    ['2001:db8::7', '2001:db8::7', 'documentation'],
    ['::ffff:81.2.69.160', '81.2.69.160', 'public'],
    ['::ffff:10.0.0.1', '10.0.0.1', 'private'],
    ['::ffff:7f00:1', '127.0.0.1', 'loopback'],
  ])('%s is %s (%s)', (input, text, kind) => {
    expect(parseAddress(input)).toMatchObject({ text, kind });
  });

  it.each([
    '',
    'localhost',
    '1.2.3',
    '01.2.3.4',
    '1.2.3.4:80',
    '256.1.1.1',
    '[::1]',
    '::1::2',
    '0x7f.0.0.1',
    'x'.repeat(100),
  ])('refuses %j', (input) => {
    expect(parseAddress(input)).toBeUndefined();
  });
});

describe('createTrustList', () => {
  const has = (entries: string[], address: string): boolean =>
    createTrustList(entries).list.has(parseAddress(address)!);

  it('matches CIDRs, single addresses and keywords', () => {
    expect(has(['10.0.0.0/8'], '10.200.3.4')).toBe(true);
    expect(has(['10.0.0.0/8'], '11.0.0.1')).toBe(false);
    expect(has(['81.2.69.160'], '81.2.69.160')).toBe(true);
    expect(has(['81.2.69.160'], '81.2.69.161')).toBe(false);
    expect(has(['loopback'], '127.0.0.1')).toBe(true);
    expect(has(['loopback'], '::1')).toBe(true);
    expect(has(['private'], '172.20.0.1')).toBe(true);
    expect(has(['private'], 'fd00::5')).toBe(true);
    expect(has(['private'], '81.2.69.160')).toBe(false);
    expect(has(['linklocal'], 'fe80::9')).toBe(true);
    expect(has(['2600:9000::/28'], '2600:9000:1234::1')).toBe(true);
    expect(has(['2600:9000::/28'], '2600:9010::1')).toBe(false);
  });

  it('matches IPv4-mapped peers against IPv4 ranges, and mapped ranges against IPv4', () => {
    expect(has(['10.0.0.0/8'], '::ffff:10.0.0.5')).toBe(true);
    expect(has(['::ffff:10.0.0.0/104'], '10.9.9.9')).toBe(true);
    expect(has(['::ffff:10.0.0.0/104'], '11.0.0.1')).toBe(false);
  });

  it('does not let an IPv4 range match IPv6 addresses or the reverse', () => {
    expect(has(['0.0.0.0/0'], '2a00::1')).toBe(false);
    expect(has(['::/0'], '81.2.69.160')).toBe(false);
  });

  it('reports the entries it cannot read', () => {
    expect(
      createTrustList(['10.0.0.0/33', 'everyone', '1.2.3.4/x', 'fe80::1%eth0', '10.0.0.0/8'])
        .invalid,
    ).toEqual(['10.0.0.0/33', 'everyone', '1.2.3.4/x', 'fe80::1%eth0']);
  });
});
