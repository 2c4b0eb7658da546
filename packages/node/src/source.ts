import { readdir, readFile } from 'node:fs/promises';
import { homedir, networkInterfaces, userInfo } from 'node:os';
import { join } from 'node:path';
import { utcOffsetMinutes } from '@fph-kit/spec';
import type { Systeminformation } from 'systeminformation';

/**
 * Where the collector reads the machine. The default, {@link nodeSystemSource}, is node:os and
 * systeminformation on the real machine; tests pass objects of the same documented shapes.
 */

/** One address of `os.networkInterfaces()` (the fields the collector uses). */
export interface InterfaceAddress {
  address: string;
  /** `'IPv4'` or `'IPv6'` (Node 18.0 to 18.3 reported 4 or 6). */
  family: string | number;
  mac: string;
  /** True for the loopback interface. */
  internal: boolean;
}

/** The shape of `os.networkInterfaces()`: interface name to its addresses. */
export type InterfaceTable = Readonly<Record<string, readonly InterfaceAddress[] | undefined>>;

/** `si.system()` fields the collector uses. */
export type SystemInfo = Pick<Systeminformation.SystemData, 'manufacturer' | 'model'>;

/** `si.osInfo()` fields the collector uses. */
export type OsInfo = Pick<Systeminformation.OsData, 'platform' | 'distro' | 'release' | 'kernel'>;

/** One entry of `si.graphics().displays` (the fields the collector uses). */
export type GraphicsDisplay = Pick<
  Systeminformation.GraphicsDisplayData,
  'resolutionX' | 'resolutionY' | 'currentResX' | 'currentResY' | 'pixelDepth'
>;

/** `si.graphics()` fields the collector uses. */
export interface GraphicsInfo {
  displays: readonly GraphicsDisplay[];
}

export interface SystemSource {
  /** `process.platform`. */
  platform: string;
  /** `process.env` (USERDOMAIN on Windows, XDG_DATA_HOME, LOCALAPPDATA). */
  env: Readonly<Record<string, string | undefined>>;
  /** `os.homedir()`. */
  homedir(): string;
  /** `os.networkInterfaces()`: read for every request. */
  networkInterfaces(): InterfaceTable;
  /** `os.userInfo()`; may throw when the user has no account entry (some containers). */
  userInfo(): { username: string };
  /** The current time. */
  now(): Date;
  /** Minutes east of UTC in effect at `at` (60 for UTC+01:00), DST included. */
  utcOffsetMinutes(at: Date): number;
  /** `si.system()`: slow (spawns processes), read once. */
  system(): Promise<SystemInfo>;
  /** `si.osInfo()`: slow, read once. */
  osInfo(): Promise<OsInfo>;
  /** `si.graphics()`: slow, read once, only when no display adapter is given. */
  graphics(): Promise<GraphicsInfo>;
  /**
   * MAC addresses of every network interface, including those without an IP address (which
   * `os.networkInterfaces()` leaves out). Read once. Linux: `/sys/class/net/<name>/address`;
   * elsewhere an empty list (the per-request interfaces then give the MACs).
   */
  linkMacs(): Promise<readonly string[]>;
}

type SystemInformation = typeof import('systeminformation');
let systemInformation: Promise<SystemInformation> | undefined;

/** systeminformation loads on first use, so collectors that never need it never pay for it. */
function si(): Promise<SystemInformation> {
  systemInformation ??= import('systeminformation').then(
    (mod) => (mod as { default?: SystemInformation }).default ?? mod,
  );
  return systemInformation;
}

async function readLinuxLinkMacs(): Promise<readonly string[]> {
  if (process.platform !== 'linux') return [];
  const base = '/sys/class/net';
  let names: string[];
  try {
    names = await readdir(base);
  } catch {
    return [];
  }
  const macs = await Promise.all(
    names.map(async (name) => {
      try {
        return (await readFile(join(base, name, 'address'), 'latin1')).trim();
      } catch {
        return '';
      }
    }),
  );
  return macs.filter((mac) => mac !== '');
}

/** The real machine: node:os for what is fresh per request, systeminformation for the rest. */
export function nodeSystemSource(): SystemSource {
  return {
    platform: process.platform,
    env: process.env,
    homedir,
    networkInterfaces,
    userInfo: () => userInfo(),
    now: () => new Date(),
    utcOffsetMinutes,
    system: async () => (await si()).system(),
    osInfo: async () => (await si()).osInfo(),
    graphics: async () => (await si()).graphics(),
    linkMacs: readLinuxLinkMacs,
  };
}
