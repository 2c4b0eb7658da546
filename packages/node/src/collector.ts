import { CLIENT_PAYLOAD_FIELD, type ClientPayloadHeaders, type HeaderName } from '@fph-kit/spec';
import {
  type CollectorOptions,
  type CollectorSettings,
  checkOptions,
} from './collector-options.js';
import type {
  ClientPayload,
  Collection,
  Collector,
  Entry,
  HeaderExplanation,
  PerRequest,
  Warning,
} from './collector-types.js';
import { CollectorError } from './errors.js';
import { LocalIpsHeader, localIpsTimestampEntry } from './headers/local-ips.js';
import { MacAddressesHeader } from './headers/mac-addresses.js';
import { multiFactorEntry } from './headers/multi-factor.js';
import { adapterScreensEntry } from './headers/screens.js';
import { TimezoneHeader } from './headers/timezone.js';
import { mergeUserIds, userIdsEntry } from './headers/user-ids.js';
import { type VendorEntries, vendorEntries } from './headers/vendor.js';
import { WindowSizeHeader } from './headers/window-size.js';
import { AddressReader, type LocalAddresses } from './network.js';
import { type Snapshot, SystemSnapshot } from './system-snapshot.js';
import { WarningLog } from './warning-log.js';

/**
 * The collector: checks its options once (collector-options), reads the slow sources once
 * (system-snapshot), and for every request reads what must be fresh (interfaces, clock, offset,
 * display) and puts each header together from its own module (headers/).
 */
class NodeCollector implements Collector {
  readonly connectionMethod: Collector['connectionMethod'];
  readonly viaServer: boolean;

  private readonly settings: CollectorSettings;
  private readonly log: WarningLog;
  private readonly snapshot: SystemSnapshot;
  private readonly vendor: VendorEntries;
  private readonly addressReader = new AddressReader();
  private readonly localIps = new LocalIpsHeader();
  private readonly macs = new MacAddressesHeader();
  private readonly timezone = new TimezoneHeader();
  private readonly windowSize: WindowSizeHeader;

  constructor(options: CollectorOptions) {
    this.settings = checkOptions(options);
    this.connectionMethod = this.settings.method;
    this.viaServer = this.settings.viaServer;
    this.log = new WarningLog(this.settings.onWarning);
    this.snapshot = new SystemSnapshot(this.settings, this.log);
    this.vendor = vendorEntries(this.settings);
    this.windowSize = new WindowSizeHeader(this.settings.display);
  }

  get warnings(): readonly Warning[] {
    return this.log.list;
  }

  async ready(): Promise<void> {
    await this.snapshot.load();
  }

  async refresh(): Promise<void> {
    await this.snapshot.refresh();
  }

  async headers(perRequest?: PerRequest): Promise<Record<string, string>> {
    const slow = this.snapshot.current ?? (await this.snapshot.load());
    return this.assemble(slow, perRequest, undefined).headers;
  }

  async collect(perRequest?: PerRequest): Promise<Collection> {
    const slow = this.snapshot.current ?? (await this.snapshot.load());
    const explanations: HeaderExplanation[] = [];
    const { headers, warnings } = this.assemble(slow, perRequest, explanations);
    return { headers, explanations, warnings };
  }

  async clientPayload(perRequest?: PerRequest): Promise<ClientPayload> {
    if (!this.viaServer) {
      throw new CollectorError(
        'NOT_VIA_SERVER',
        `${this.connectionMethod} sends its headers to HMRC directly; the client payload is for via-server methods`,
      );
    }
    // For a via-server method, `headers()` gives only what the client knows: the payload.
    const headers: ClientPayloadHeaders = await this.headers(perRequest);
    return { headers, field: CLIENT_PAYLOAD_FIELD, json: JSON.stringify(headers) };
  }

  private assemble(
    slow: Snapshot,
    per: PerRequest | undefined,
    explain: HeaderExplanation[] | undefined,
  ): { headers: Record<string, string>; warnings: Warning[] } {
    const { wants, source: src, display } = this.settings;
    const warnings: Warning[] = explain ? [...slow.warnings] : [];
    const notify = (warning: Warning): void => this.log.add(warnings, warning);
    const explaining = explain !== undefined;

    // Fresh for every request: the interfaces, and the timestamp taken as soon as they are read.
    let addresses: LocalAddresses | undefined;
    let at: Date;
    if (wants.has('Gov-Client-Local-IPs') || wants.has('Gov-Client-MAC-Addresses')) {
      const table = src.networkInterfaces();
      at = src.now();
      addresses = this.addressReader.read(table);
    } else {
      at = src.now();
    }

    // Headers are set in the spec's order (every method lists them in the same relative order).
    const headers: Record<string, string> = {};
    const set = (name: HeaderName, entry: Entry): void => {
      if (entry.value !== undefined) headers[name] = entry.value;
      if (explain) {
        explain.push(
          entry.value === undefined
            ? { header: name, status: entry.status, source: entry.source }
            : { header: name, status: entry.status, value: entry.value, source: entry.source },
        );
      }
    };

    const vendor = this.vendor;
    if (wants.has('Gov-Client-Connection-Method')) {
      set('Gov-Client-Connection-Method', vendor.connection);
    }
    set('Gov-Client-Device-ID', slow.deviceId);
    if (addresses && wants.has('Gov-Client-Local-IPs')) {
      set('Gov-Client-Local-IPs', this.localIps.entry(addresses, notify, explaining));
      set('Gov-Client-Local-IPs-Timestamp', localIpsTimestampEntry(addresses, at));
    }
    if (addresses && wants.has('Gov-Client-MAC-Addresses')) {
      set(
        'Gov-Client-MAC-Addresses',
        this.macs.entry(addresses.macs, slow.linkMacs, notify, explaining),
      );
    }
    if (wants.has('Gov-Client-Multi-Factor')) {
      set('Gov-Client-Multi-Factor', multiFactorEntry(per, this.settings.multiFactor));
    }
    if (wants.has('Gov-Client-Screens')) {
      set('Gov-Client-Screens', display ? adapterScreensEntry(display, notify) : slow.screens);
    }
    if (wants.has('Gov-Client-Timezone')) {
      set('Gov-Client-Timezone', this.timezone.entry(src.utcOffsetMinutes(at)));
    }
    if (wants.has('Gov-Client-User-Agent')) set('Gov-Client-User-Agent', slow.userAgent);
    if (wants.has('Gov-Client-User-IDs')) {
      set(
        'Gov-Client-User-IDs',
        per?.userIds === undefined
          ? slow.defaultUserIds
          : userIdsEntry(
              slow.osUser,
              mergeUserIds(this.settings.appUserIds, per.userIds),
              'INVALID_ARGUMENT',
            ),
      );
    }
    if (wants.has('Gov-Client-Window-Size')) {
      set('Gov-Client-Window-Size', this.windowSize.entry(per, notify));
    }
    if (wants.has('Gov-Vendor-License-IDs')) set('Gov-Vendor-License-IDs', slow.licenseIds);
    if (wants.has('Gov-Vendor-Product-Name')) set('Gov-Vendor-Product-Name', vendor.productName);
    if (wants.has('Gov-Vendor-Version')) set('Gov-Vendor-Version', vendor.versions);

    return { headers, warnings };
  }
}

/**
 * Creates a collector for this machine. Options are checked at once (a bad one throws
 * {@link CollectorError}); the slow sources are read at the first request or at `ready()`.
 */
export function createCollector(options: CollectorOptions = {}): Collector {
  return new NodeCollector(options);
}
