import { describe, expect, it } from 'vitest';
import { parseAddress } from './address.js';

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
