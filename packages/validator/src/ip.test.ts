import { describe, expect, it } from 'vitest';
import { isNotPublic, parseIp } from './ip.js';

describe('parseIp', () => {
  it.each([
    ['81.2.69.142', 'public'],
    ['198.51.100.0', 'documentation'],
    ['192.0.2.1', 'documentation'],
    ['203.0.113.6', 'documentation'],
    ['2001:db8::1', 'documentation'],
    ['10.1.2.3', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.0.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fc00::', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['100.64.0.1', 'shared'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['ABCD:EF01:2345:6789:ABCD:EF01:2345:6789', 'public'],
    ['2a00:1450:4009:81d::200e', 'public'],
  ])('%s is %s', (text, cls) => {
    expect(parseIp(text)?.cls).toBe(cls);
  });

  it('judges an IPv4-mapped IPv6 address by its IPv4 address', () => {
    expect(parseIp('::ffff:192.168.1.10')).toEqual({
      family: 4,
      cls: 'private',
      canonical: '192.168.1.10',
    });
    expect(parseIp('::ffff:81.2.69.142')?.canonical).toBe('81.2.69.142');
  });

  it('normalises IPv6 so equal addresses compare equal', () => {
    expect(parseIp('2001:0db8:85a3:0000:0000:8a2e:0370:7334')?.canonical).toBe(
      parseIp('2001:db8:85a3::8a2e:370:7334')?.canonical,
    );
  });

  it('refuses what is not an address, and zones unless allowed', () => {
    for (const text of [
      '',
      '1.2.3',
      '1.2.3.4.5',
      '01.2.3.4',
      '256.1.1.1',
      '1.2.3.4:80',
      'x::1',
      '[::1]',
    ]) {
      expect(parseIp(text), text).toBeUndefined();
    }
    expect(parseIp('fe80::1%eth0')).toBeUndefined();
    expect(parseIp('fe80::1%eth0', true)?.cls).toBe('link-local');
  });

  it('rejects as not public exactly the kinds HMRC rejects', () => {
    const rejected = ['private', 'loopback', 'link-local', 'unique-local', 'unspecified'];
    for (const cls of ['public', 'documentation', 'shared', 'multicast', 'broadcast', 'reserved']) {
      expect(isNotPublic(cls as never), cls).toBe(false);
    }
    for (const cls of rejected) expect(isNotPublic(cls as never), cls).toBe(true);
  });
});
