import { hashLicenseIds } from '@fph-kit/spec';
import type { CollectorSettings } from './collector-options.js';
import { type Entry, errorText, type Settled, type Warning } from './collector-types.js';
import { loadDeviceId } from './device-id.js';
import { deviceIdEntry } from './headers/device-id.js';
import { graphicsScreensEntry } from './headers/screens.js';
import { userAgentEntry } from './headers/user-agent.js';
import { type OsUser, readOsUser, userIdsEntry } from './headers/user-ids.js';
import { licenseIdsEntry } from './headers/vendor.js';
import type { WarningLog } from './warning-log.js';

/**
 * What the collector reads once, because it is slow (systeminformation spawns processes, the
 * device ID file is on disk, licence keys are hashed) and does not change while the app runs.
 * `refresh()` reads it again, for example after a hardware change.
 */
export interface Snapshot {
  deviceId: Entry;
  userAgent: Entry;
  /** The operating-system user, when the method sends it (undefined: not wanted). */
  osUser: OsUser | undefined;
  licenseIds: Entry;
  /** MACs of interfaces without an IP address (Linux), merged into every request's MACs. */
  linkMacs: readonly string[];
  /** Screens from systeminformation (used only without a display adapter). */
  screens: Entry;
  /** User-IDs from the options alone, for requests that give no identifiers of their own. */
  defaultUserIds: Entry;
  /** The warnings met while reading, repeated in every explained collection. */
  warnings: Warning[];
}

function settle<T>(read: () => Promise<T>): Promise<Settled<T>> {
  return read().then(
    (ok) => ({ ok }),
    (error: unknown) => ({ error: errorText(error) }),
  );
}

export class SystemSnapshot {
  /** The last snapshot read, once there is one. */
  current: Snapshot | undefined;
  private pending: Promise<Snapshot> | undefined;

  constructor(
    private readonly settings: CollectorSettings,
    private readonly log: WarningLog,
  ) {}

  /** The snapshot, read at the first call. Never rejects for a problem of the machine. */
  load(): Promise<Snapshot> {
    this.pending ??= this.read();
    return this.pending;
  }

  /** Reads the machine again. */
  refresh(): Promise<Snapshot> {
    this.pending = this.read();
    return this.pending;
  }

  private async read(): Promise<Snapshot> {
    const { settings } = this;
    const { wants, source: src } = settings;
    const warnings: Warning[] = [];
    const notify = (warning: Warning): void => this.log.add(warnings, warning);
    const needsUserAgent = wants.has('Gov-Client-User-Agent');
    const needsScreens = wants.has('Gov-Client-Screens') && !settings.display;
    const needsMacs = wants.has('Gov-Client-MAC-Addresses');
    const fixedId = 'fixed' in settings.deviceId ? settings.deviceId.fixed : undefined;
    const idPath = 'path' in settings.deviceId ? settings.deviceId.path : undefined;

    const [deviceId, system, os, graphics, linkMacs, licenseHashes] = await Promise.all([
      idPath === undefined ? undefined : loadDeviceId(idPath),
      needsUserAgent ? settle(() => src.system()) : undefined,
      needsUserAgent ? settle(() => src.osInfo()) : undefined,
      needsScreens ? settle(() => src.graphics()) : undefined,
      needsMacs ? settle(() => src.linkMacs()) : undefined,
      settings.licenseKeys && wants.has('Gov-Vendor-License-IDs')
        ? hashLicenseIds(settings.licenseKeys)
        : undefined,
    ]);

    // Warnings in the order the headers come: device ID, user agent, screens, user IDs.
    const snapshot: Snapshot = {
      deviceId: deviceIdEntry(fixedId, deviceId, notify),
      userAgent: needsUserAgent
        ? userAgentEntry(src.platform, os, system, notify)
        : { status: 'missing', source: 'not required for this connection method' },
      osUser: undefined,
      licenseIds: licenseIdsEntry(settings.licenseKeys, licenseHashes),
      linkMacs: linkMacs && 'ok' in linkMacs ? linkMacs.ok : [],
      screens: needsScreens
        ? graphicsScreensEntry(graphics, notify)
        : { status: 'missing', source: '' },
      defaultUserIds: { status: 'missing', source: '' },
      warnings,
    };
    if (settings.osUserWanted) snapshot.osUser = readOsUser(src, notify);
    if (wants.has('Gov-Client-User-IDs')) {
      snapshot.defaultUserIds = userIdsEntry(
        snapshot.osUser,
        settings.appUserIds,
        'INVALID_OPTIONS',
      );
    }
    this.current = snapshot;
    return snapshot;
  }
}
