import type { UserAgentInfo } from '@fph-kit/spec';
import type { OsInfo, SystemInfo } from './source.js';

/**
 * Gov-Client-User-Agent from what the machine reports. Values the firmware or systeminformation
 * put in place of a real answer ("To Be Filled By O.E.M.", si's "Computer" or "Docker
 * Container") are not a device's manufacturer or model: they are sent as empty values and
 * explained, never passed on and never replaced by a guess.
 */

export interface UserAgentField {
  /** The value sent; `''` when the machine does not report one. */
  value: string;
  /** Where it came from, or why it is empty. */
  source: string;
  /** True when the value is empty because nothing real was reported. */
  missing: boolean;
}

export interface UserAgentReading {
  info: Required<UserAgentInfo>;
  fields: Record<keyof UserAgentInfo, UserAgentField>;
}

const OS_FAMILIES: Readonly<Record<string, string>> = {
  win32: 'Windows',
  darwin: 'MacOS',
  linux: 'Linux',
  freebsd: 'FreeBSD',
  openbsd: 'OpenBSD',
  netbsd: 'NetBSD',
  sunos: 'SunOS',
  aix: 'AIX',
  android: 'Android',
};

/** Firmware and library stand-ins for "no value" (compared case-insensitively, trimmed). */
const PLACEHOLDERS = new Set([
  '',
  '-',
  '0',
  'x.x',
  'n/a',
  'na',
  'none',
  'null',
  'undefined',
  'unknown',
  'invalid',
  'oem',
  'o.e.m.',
  'to be filled by o.e.m.',
  'default string',
  'not applicable',
  'not specified',
  'not available',
  'system manufacturer',
  'system product name',
  'system version',
  'chassis manufacturer',
  'type1productconfigid',
]);

/**
 * Models systeminformation invents when the firmware reports none (exact spelling: Hyper-V's real
 * product name "Virtual Machine" differs in case from si's "Virtual machine").
 */
const SI_STAND_INS = new Set(['Computer', 'Virtual machine', 'Docker Container']);

function isPlaceholder(value: string): boolean {
  return PLACEHOLDERS.has(value.trim().toLowerCase());
}

/**
 * A string the machine reported, with any lone UTF-16 surrogate (which has no UTF-8 form, so no
 * percent-encoding) replaced by U+FFFD, the replacement character: better one unreadable
 * character in a header than a collector that fails on a badly decoded firmware or account name.
 */
export function wellFormed(value: string): string {
  return value.replace(/[\ud800-\udfff]/gu, '\ufffd');
}

function known(value: string | undefined): string | undefined {
  if (typeof value !== 'string' || isPlaceholder(value)) return undefined;
  return wellFormed(value.trim());
}

/** `os-family` from the platform (always known) and `os-version` from si.osInfo(). */
function osFields(
  platform: string,
  os: OsInfo | undefined,
  osError: string | undefined,
): Pick<UserAgentReading['fields'], 'osFamily' | 'osVersion'> {
  const family = OS_FAMILIES[platform] ?? platform;
  const osFamily: UserAgentField = {
    value: family,
    source: `process.platform '${platform}'`,
    missing: false,
  };
  if (!os) {
    return {
      osFamily,
      osVersion: {
        value: '',
        source: `not available: systeminformation osInfo() failed (${osError ?? 'no answer'})`,
        missing: true,
      },
    };
  }
  const distro = known(os.distro);
  const release = known(os.release);
  const kernel = known(os.kernel);
  let value: string | undefined;
  let source: string;
  if (platform === 'win32') {
    const edition = distro?.replace(/^Microsoft\s+Windows\s*/i, '').trim();
    value = edition || release;
    source = edition
      ? `systeminformation osInfo().distro '${distro}' (edition after "Microsoft Windows")`
      : 'systeminformation osInfo().release';
  } else if (platform === 'darwin') {
    value = release ?? kernel;
    source = release ? 'systeminformation osInfo().release' : 'systeminformation osInfo().kernel';
  } else if (distro) {
    value = release ? `${distro} ${release}` : distro;
    source = 'systeminformation osInfo().distro and .release';
  } else {
    value = kernel;
    source = 'systeminformation osInfo().kernel (no distribution reported)';
  }
  return {
    osFamily,
    osVersion: value
      ? { value, source, missing: false }
      : {
          value: '',
          source: 'not reported: systeminformation osInfo() has no version',
          missing: true,
        },
  };
}

function deviceField(
  raw: string | undefined,
  what: 'manufacturer' | 'model',
  systemError: string | undefined,
): UserAgentField {
  if (raw === undefined) {
    return {
      value: '',
      source: `not available: systeminformation system() failed (${systemError ?? 'no answer'})`,
      missing: true,
    };
  }
  if (what === 'model' && SI_STAND_INS.has(raw.trim())) {
    return {
      value: '',
      source: `not reported by the machine: systeminformation system().model says '${raw.trim()}', its own stand-in when the firmware names no model (a container or virtual machine has none)`,
      missing: true,
    };
  }
  const value = known(raw);
  if (value === undefined) {
    return {
      value: '',
      source:
        raw.trim() === ''
          ? `not reported by the machine: systeminformation system().${what} is empty (no firmware (DMI) ${what}, as in containers and many virtual machines)`
          : `not reported by the machine: systeminformation system().${what} is the firmware placeholder '${raw.trim()}'`,
      missing: true,
    };
  }
  return { value, source: `systeminformation system().${what}`, missing: false };
}

/** Builds the four user-agent fields from si.osInfo() and si.system() (either may have failed). */
export function readUserAgent(
  platform: string,
  os: OsInfo | undefined,
  system: SystemInfo | undefined,
  errors: { os?: string; system?: string } = {},
): UserAgentReading {
  const fields = {
    ...osFields(platform, os, errors.os),
    deviceManufacturer: deviceField(system?.manufacturer, 'manufacturer', errors.system),
    deviceModel: deviceField(system?.model, 'model', errors.system),
  };
  return {
    fields,
    info: {
      osFamily: fields.osFamily.value,
      osVersion: fields.osVersion.value,
      deviceManufacturer: fields.deviceManufacturer.value,
      deviceModel: fields.deviceModel.value,
    },
  };
}
