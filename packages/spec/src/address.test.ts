import { describe, expect, it } from 'vitest';
import {
  addressKind,
  describeAddressKind,
  isIPv4,
  isIPv6,
  isLocalKind,
  isMacAddress,
  isNotPublic,
  isPublicKind,
  parseAddress,
} from './address.js';
import { isUuid } from './headers/device-id.js';

describe('address syntax', () => {
  it.each(['0.0.0.0', '198.51.100.0', '255.255.255.255', '10.1.2.3'])('IPv4 %s is valid', (ip) => {
    expect(isIPv4(ip)).toBe(true);
  });

  it.each(['256.1.1.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.', '', 'a.b.c.d', '1.2.3.4 '])(
    'IPv4 %j is invalid',
    (ip) => {
      expect(isIPv4(ip)).toBe(false);
    },
  );

  it.each([
    '::',
    '::1',
    'fc00::',
    'fe80::1',
    '2001:db8::8a2e:370:7334',
    '2001:0db8:85a3:0000:0000:8a2e:0370:7334',
    'ABCD:EF01:2345:6789:ABCD:EF01:2345:6789',
    '::ffff:198.51.100.7',
    '64:ff9b::192.0.2.33',
    '1:2:3:4:5:6:7::',
    '1::2:3:4:5:6:7',
  ])('IPv6 %s is valid', (ip) => {
    expect(isIPv6(ip)).toBe(true);
  });

  it.each([
    ':::',
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    '12345::',
    ':1::',
    '1::2:',
    'fe80::1%eth0',
    '::ffff:300.1.1.1',
    '1:2:3:4:5:6:7:1.2.3.4',
    'g::1',
  ])('IPv6 %j is invalid', (ip) => {
    expect(isIPv6(ip)).toBe(false);
  });

  it('accepts a zone index only when asked', () => {
    expect(isIPv6('fe80::1%eth0', true)).toBe(true);
    expect(isIPv6('fe80::1%', true)).toBe(false);
  });

  it('checks MAC addresses and UUIDs', () => {
    expect(isMacAddress('ea:43:1a:5d:21:45')).toBe(true);
    expect(isMacAddress('EA-43-1A-5D-21-45')).toBe(true);
    expect(isMacAddress('ea:43-1a:5d:21:45')).toBe(false);
    expect(isMacAddress('ea:43:1a:5d:21')).toBe(false);
    expect(isUuid('beec798b-b366-47fa-b1f8-92cede14a1ce')).toBe(true);
    expect(isUuid('beec798bb36647fab1f892cede14a1ce')).toBe(false);
  });
});

describe('parseAddress', () => {
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
  ])('%s is %s', (text, kind) => {
    expect(parseAddress(text)?.kind).toBe(kind);
  });

  it('judges an IPv4-mapped IPv6 address by its IPv4 address', () => {
    expect(parseAddress('::ffff:192.168.1.10')).toEqual({
      family: 4,
      kind: 'private',
      canonical: '192.168.1.10',
    });
    expect(parseAddress('::ffff:81.2.69.142')?.canonical).toBe('81.2.69.142');
  });

  it('normalises IPv6 so equal addresses compare equal', () => {
    expect(parseAddress('2001:0db8:85a3:0000:0000:8a2e:0370:7334')?.canonical).toBe(
      parseAddress('2001:db8:85a3::8a2e:370:7334')?.canonical,
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
      expect(parseAddress(text), text).toBeUndefined();
    }
    expect(parseAddress('fe80::1%eth0')).toBeUndefined();
    expect(parseAddress('fe80::1%eth0', true)?.kind).toBe('link-local');
  });

  it('rejects as not public exactly the kinds HMRC rejects', () => {
    const rejected = ['private', 'loopback', 'link-local', 'unique-local', 'unspecified'];
    for (const cls of ['public', 'documentation', 'shared', 'multicast', 'broadcast', 'reserved']) {
      expect(isNotPublic(cls as never), cls).toBe(false);
    }
    for (const cls of rejected) expect(isNotPublic(cls as never), cls).toBe(true);
  });
});

describe('address kinds', () => {
  it('reads the deprecated IPv4-compatible form and other IPv6 ranges as the validator always has', () => {
    expect(parseAddress('::192.168.1.10')).toEqual({
      family: 4,
      kind: 'private',
      canonical: '192.168.1.10',
    });
    expect(addressKind('::ffff:0:1.2.3.4')).toBe('reserved');
    expect(addressKind('fec0::1')).toBe('private');
    expect(addressKind('2001:2::1')).toBe('reserved');
    expect(addressKind('2001::1')).toBe('public');
    expect(addressKind('2001:1ff::1')).toBe('reserved');
    expect(addressKind('3fff:fff::1')).toBe('documentation');
    expect(addressKind('::102:304')).toBe('reserved');
    expect(addressKind('5f00::1')).toBe('reserved');
    expect(addressKind('64:ff9b::1.2.3.4')).toBe('public');
  });

  it('keeps a zone of letters and digits in the canonical form, and refuses other zones', () => {
    expect(parseAddress('FE80::A%Eth0', true)?.canonical).toBe('fe80:0:0:0:0:0:0:a%Eth0');
    expect(parseAddress('fe80::1%en-0', true)).toBeUndefined();
    expect(isIPv6('fe80::1%en-0', true)).toBe(true);
  });

  it('tells local, public and documentation networks apart, with a description', () => {
    for (const ip of ['10.0.0.1', '100.64.1.1', '169.254.3.4', 'fe80::1', 'fd00::2', '::1']) {
      expect(isLocalKind(addressKind(ip)!), ip).toBe(true);
    }
    expect(isPublicKind(addressKind('8.8.8.8')!)).toBe(true);
    expect(isPublicKind(addressKind('192.0.2.1')!)).toBe(true);
    expect(isPublicKind(addressKind('224.0.0.1')!)).toBe(false);
    expect(describeAddressKind('shared')).toMatch(/carrier-grade NAT/);
  });
});
