import { isIP } from '@fph-kit/spec';
import { type MobileNote, note } from './notes.js';

/**
 * Gov-Client-Local-IPs on a phone. React Native has no API of its own for it; expo-network's
 * `getIpAddressAsync()` and react-native-device-info's `getIpAddress()` give the address of the
 * active interface (one address), and answer `0.0.0.0` or `unknown` when there is none.
 */

/** One address, a list, or nothing, as the app's library gives them. */
export type LocalIpsInput = string | readonly (string | null | undefined)[] | null | undefined;

export interface LocalIpsReading {
  addresses: string[];
  /** When they were read (the header's timestamp). */
  readAt?: Date;
  notes: MobileNote[];
}

/** The "no address" answers of the platform libraries, which are not the device's addresses. */
const NOT_AVAILABLE = new Set(['0.0.0.0', '::', 'unknown', '']);

function loopback(ip: string): boolean {
  return ip.startsWith('127.') || ip === '::1';
}

export async function readLocalIps(
  read: (() => LocalIpsInput | Promise<LocalIpsInput>) | undefined,
  now: () => Date = () => new Date(),
): Promise<LocalIpsReading> {
  const header = 'Gov-Client-Local-IPs';
  if (!read) {
    return {
      addresses: [],
      notes: [
        note(
          'NO_LOCAL_IPS',
          header,
          'React Native has no API for local IP addresses and no localIps reader was given (expo-network or react-native-device-info): Gov-Client-Local-IPs is left out.',
        ),
      ],
    };
  }
  let given: LocalIpsInput;
  try {
    given = await read();
  } catch (error) {
    return {
      addresses: [],
      notes: [
        note(
          'NO_LOCAL_IPS',
          header,
          `Reading the local IP addresses failed (${error instanceof Error ? error.message : String(error)}): Gov-Client-Local-IPs is left out.`,
        ),
      ],
    };
  }
  const readAt = now();
  const list = typeof given === 'string' ? [given] : Array.isArray(given) ? given : [];
  const addresses = [
    ...new Set(
      list
        .filter((ip): ip is string => typeof ip === 'string')
        .map((ip) => ip.trim().replace(/^\[|\]$/g, ''))
        .filter((ip) => !NOT_AVAILABLE.has(ip.toLowerCase()) && isIP(ip, true)),
    ),
  ];
  if (addresses.length === 0) {
    return {
      addresses,
      notes: [
        note(
          'NO_LOCAL_IPS',
          header,
          'The platform reports no local IP address (no active network interface, or its "not available" answer): Gov-Client-Local-IPs is left out.',
          given ?? undefined,
        ),
      ],
    };
  }
  const notes: MobileNote[] = [];
  if (addresses.every(loopback)) {
    notes.push(
      note(
        'LOCAL_IPS_LOOPBACK_ONLY',
        header,
        'The only local address the platform reports is loopback (the device is offline or the library cannot see its interfaces): sent as reported.',
        addresses.join(','),
      ),
    );
  }
  return { addresses, readAt, notes };
}
