import type { Entry, Notify } from '../collector-types.js';
import type { DeviceIdResult } from '../device-id.js';

/**
 * Gov-Client-Device-ID: the app's own ID (`fixed`), or the result of reading the device ID file
 * (whose events, a new or a replaced ID, become warnings).
 */
export function deviceIdEntry(
  fixed: string | undefined,
  result: DeviceIdResult | undefined,
  notify: Notify,
): Entry {
  if (!result) {
    return {
      value: fixed!,
      status: 'collected',
      source: 'the deviceId option (the app keeps the ID itself)',
    };
  }
  if (result.warning) {
    notify({
      code: result.warning.code,
      header: 'Gov-Client-Device-ID',
      message: result.warning.message,
    });
  }
  const how: Record<DeviceIdResult['outcome'], string> = {
    read: `read from ${result.path}`,
    created: `created now and kept in ${result.path} (first run on this device, or the file was deleted)`,
    adopted: `created by another process at the same moment and read from ${result.path}`,
    replaced: `the file ${result.path} did not hold a UUID: replaced with a new ID`,
    memory: `held in memory for this process only: ${result.path} could not be written`,
  };
  return { value: result.id, status: 'collected', source: `random UUID ${how[result.outcome]}` };
}
