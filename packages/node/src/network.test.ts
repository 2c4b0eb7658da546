import { execFileSync } from 'node:child_process';
import { isMacAddress, parseLocalIps, parseMacAddresses } from '@fph-kit/spec';
import { describe, expect, it } from 'vitest';
import { createCollector } from './collector.js';
import { addressKind, interfaceAddressNote, MacSet, readAddresses } from './network.js';
import type { InterfaceAddress } from './source.js';

const v4 = (address: string, mac = '02:00:00:00:00:01', internal = false): InterfaceAddress => ({
  address,
  family: 'IPv4',
  mac,
  internal,
});
const v6 = (address: string, mac = '02:00:00:00:00:01', internal = false): InterfaceAddress => ({
  address,
  family: 'IPv6',
  mac,
  internal,
});
const loopback = [v4('127.0.0.1', '00:00:00:00:00:00', true), v6('::1', '00:00:00:00:00:00', true)];

describe('readAddresses', () => {
  it('keeps every address of the real interfaces, link-local included, and leaves loopback out', () => {
    const result = readAddresses({
      lo: loopback,
      eth0: [v4('192.168.1.20'), v6('fe80::1c2a:3bff:fe4d:5e6f'), v6('2001:db8::20')],
      wlan0: [v4('169.254.10.2', '02:00:00:00:00:02')],
    });
    expect(result.ips).toEqual([
      '192.168.1.20',
      'fe80::1c2a:3bff:fe4d:5e6f',
      '2001:db8::20',
      '169.254.10.2',
    ]);
    expect(result.loopbackLeftOut).toEqual(['127.0.0.1', '::1']);
    expect(result.loopbackOnly).toBe(false);
    expect(result.macs).toEqual(['02:00:00:00:00:01', '02:00:00:00:00:02']);
  });

  it('sends loopback when it is all the machine has, and says so', () => {
    const result = readAddresses({ lo: loopback });
    expect(result).toEqual({
      ips: ['127.0.0.1', '::1'],
      loopbackOnly: true,
      loopbackLeftOut: [],
      macs: [],
    });
  });

  it('works on an IPv6-only machine', () => {
    const result = readAddresses({
      lo: [v6('::1', '00:00:00:00:00:00', true)],
      eth0: [v6('2001:db8::5'), v6('fe80::5')],
    });
    expect(result.ips).toEqual(['2001:db8::5', 'fe80::5']);
  });

  it('lists an address once even when two interfaces carry it', () => {
    expect(
      readAddresses({ a: [v4('10.0.0.1')], b: [v4('10.0.0.1', '02:00:00:00:00:09')] }).ips,
    ).toEqual(['10.0.0.1']);
  });

  it('gives nothing for a machine without interfaces', () => {
    expect(readAddresses({})).toEqual({
      ips: [],
      loopbackOnly: false,
      loopbackLeftOut: [],
      macs: [],
    });
  });
});

describe('MacSet', () => {
  it('leaves out all-zero, broadcast, malformed and repeated addresses; writes lower case with colons', () => {
    const set = new MacSet().addAll([
      '00:00:00:00:00:00',
      'FF:FF:FF:FF:FF:FF',
      'EA-43-1A-5D-21-45',
      'ea:43:1a:5d:21:45',
      'not-a-mac',
      '',
      '10:12:cc:fa:aa:32',
    ]);
    expect(set.list).toEqual(['ea:43:1a:5d:21:45', '10:12:cc:fa:aa:32']);
  });
});

interface IpAddrLink {
  ifname: string;
  link_type?: string;
  address?: string;
  addr_info: { family: string; local: string; scope: string }[];
}

function ipAddr(): IpAddrLink[] | undefined {
  try {
    return JSON.parse(execFileSync('ip', ['-j', 'addr'], { encoding: 'utf8' })) as IpAddrLink[];
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    throw error;
  }
}

const links = ipAddr();

describe('on this machine', () => {
  it.skipIf(links === undefined)(
    'local IPs and MACs equal what `ip -j addr` reports (skipped only when iproute2 `ip` is not installed)',
    async () => {
      const all = links!;
      const addresses = all.flatMap((link) => link.addr_info);
      const nonHost = addresses.filter((a) => a.scope !== 'host').map((a) => a.local);
      const expectedIps = nonHost.length > 0 ? nonHost : addresses.map((a) => a.local);
      const expectedMacs = [
        ...new Set(
          all
            .map((link) => link.address ?? '')
            .filter(
              (mac) => isMacAddress(mac) && !/^00(:00){5}$/.test(mac) && !/^ff(:ff){5}$/i.test(mac),
            )
            .map((mac) => mac.toLowerCase()),
        ),
      ];

      const collector = createCollector({
        connectionMethod: 'BATCH_PROCESS_DIRECT',
        deviceId: '3f1e2d4c-5b6a-4789-8abc-def012345678',
      });
      const headers = await collector.headers();
      const ips = parseLocalIps(headers['Gov-Client-Local-IPs'] ?? '');
      const macs = parseMacAddresses(headers['Gov-Client-MAC-Addresses'] ?? '');
      expect(ips.ok && [...ips.value].sort()).toEqual([...expectedIps].sort());
      expect(macs.ok && [...macs.value].sort()).toEqual([...expectedMacs].sort());
    },
  );
});

describe('addressKind', () => {
  it('tells private, shared, link-local, documentation and public addresses apart', () => {
    const kinds = Object.fromEntries(
      [
        '10.1.2.3',
        '172.31.255.255',
        '172.32.0.1',
        '192.168.0.9',
        '100.64.1.1',
        '169.254.3.4',
        '192.0.2.2',
        '203.0.113.7',
        '8.8.8.8',
        'fd00::2',
        'fc00::',
        'fe80::1',
        '2001:db8::5',
        '2a00:1450::1',
      ].map((ip) => [ip, addressKind(ip)]),
    );
    expect(kinds).toEqual({
      '10.1.2.3': 'private',
      '172.31.255.255': 'private',
      '172.32.0.1': 'public',
      '192.168.0.9': 'private',
      '100.64.1.1': 'shared',
      '169.254.3.4': 'link-local',
      '192.0.2.2': 'documentation',
      '203.0.113.7': 'documentation',
      '8.8.8.8': 'public',
      'fd00::2': 'unique-local',
      'fc00::': 'unique-local',
      'fe80::1': 'link-local',
      '2001:db8::5': 'documentation',
      '2a00:1450::1': 'public',
    });
  });
});

describe('interfaceAddressNote', () => {
  it('says nothing of local addresses and explains the others', () => {
    for (const ip of ['10.1.2.3', '100.64.1.1', '169.254.3.4', 'fd00::2', 'fe80::1', '127.0.0.1']) {
      expect(interfaceAddressNote(ip), ip).toBeUndefined();
    }
    expect(interfaceAddressNote('192.0.2.2')).toMatch(/documentation range/);
    expect(interfaceAddressNote('8.8.8.8')).toMatch(/directly on the internet/);
    expect(interfaceAddressNote('240.0.0.1')).toBe(
      '240.0.0.1 is a reserved address, yet the interface holds it, so it is sent as it is',
    );
  });
});
