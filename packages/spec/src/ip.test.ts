import { describe, expect, it } from 'vitest';
import { isIPv4, isIPv6, isMacAddress, isUuid } from './ip.js';

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
