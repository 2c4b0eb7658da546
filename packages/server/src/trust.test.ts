import { describe, expect, it } from 'vitest';
import { compileTrusted, trustHops } from './trust.js';

describe('compileTrusted', () => {
  const has = (entries: string[], address: string): boolean =>
    compileTrusted(entries).trust(address, 0);

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

  it('reads a prefix length of 0 as every address of the family', () => {
    expect(has(['0.0.0.0/0'], '81.2.69.160')).toBe(true);
    expect(has(['0.0.0.0/0'], '::ffff:81.2.69.160')).toBe(true);
    expect(has(['0.0.0.0/0'], '2a00::1')).toBe(false);
    expect(has(['::/0'], '2a00::1')).toBe(true);
    expect(has(['::/0', '10.0.0.0/8'], '10.1.2.3')).toBe(true);
  });

  it('reports the entries it cannot read', () => {
    expect(
      compileTrusted(['10.0.0.0/33', 'everyone', '1.2.3.4/x', 'fe80::1%eth0', '10.0.0.0/8'])
        .invalid,
    ).toEqual(['10.0.0.0/33', 'everyone', '1.2.3.4/x', 'fe80::1%eth0']);
  });
});

describe('trustHops', () => {
  it('trusts the first n hops, as a hop count in Express does', () => {
    const trust = trustHops(2);
    expect([0, 1, 2, 3].map((hop) => trust('81.2.69.160', hop))).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});
