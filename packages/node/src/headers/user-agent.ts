import { formatUserAgent } from '@fph-kit/spec';
import type { Entry, Notify, Settled } from '../collector-types.js';
import type { OsInfo, SystemInfo } from '../source.js';
import { readUserAgent } from '../user-agent.js';

const KEY_OF: Readonly<Record<string, string>> = {
  osFamily: 'os-family',
  osVersion: 'os-version',
  deviceManufacturer: 'device-manufacturer',
  deviceModel: 'device-model',
};

/**
 * Gov-Client-User-Agent from systeminformation's `osInfo()` and `system()` (read once). A part
 * the machine does not report is sent empty, with a warning that says why.
 */
export function userAgentEntry(
  platform: string,
  os: Settled<OsInfo> | undefined,
  system: Settled<SystemInfo> | undefined,
  notify: Notify,
): Entry {
  const ua = readUserAgent(
    platform,
    os && 'ok' in os ? os.ok : undefined,
    system && 'ok' in system ? system.ok : undefined,
    {
      ...(os && 'error' in os ? { os: os.error } : {}),
      ...(system && 'error' in system ? { system: system.error } : {}),
    },
  );
  const missing = Object.entries(ua.fields).filter(([, f]) => f.missing);
  const entry: Entry = {
    value: formatUserAgent(ua.info),
    status: missing.length > 0 ? 'partial' : 'collected',
    source: Object.entries(ua.fields)
      .map(([k, f]) => `${KEY_OF[k]}: ${f.source}`)
      .join('; '),
  };
  for (const [k, f] of missing) {
    notify({
      code: 'USER_AGENT_INCOMPLETE',
      header: 'Gov-Client-User-Agent',
      message: `${KEY_OF[k]} is sent empty: ${f.source}`,
    });
  }
  return entry;
}
