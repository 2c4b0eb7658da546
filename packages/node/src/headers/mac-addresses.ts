import { formatMacAddresses } from '@fph-kit/spec';
import type { Entry, Notify } from '../collector-types.js';
import { MacSet } from '../network.js';

/**
 * Gov-Client-MAC-Addresses: the MACs of the interfaces read for this request, merged with those
 * of interfaces without an IP address (read once, Linux). Merge and encoding are kept while both
 * lists stay the same objects (the usual case from one request to the next).
 */
export class MacAddressesHeader {
  private mergedFrom: readonly string[] | undefined;
  private mergedWith: readonly string[] | undefined;
  private merged: readonly string[] = [];
  private list: readonly string[] | undefined;
  private value = '';

  entry(
    fresh: readonly string[],
    linkMacs: readonly string[],
    notify: Notify,
    explaining: boolean,
  ): Entry {
    if (fresh !== this.mergedFrom || linkMacs !== this.mergedWith) {
      this.merged =
        linkMacs.length === 0 ? fresh : new MacSet().addAll(fresh).addAll(linkMacs).list;
      this.mergedFrom = fresh;
      this.mergedWith = linkMacs;
    }
    const macs = this.merged;
    if (macs.length === 0) {
      const reason =
        'no network interface reports a MAC address (all-zero loopback and tunnel addresses do not count)';
      notify({ code: 'NO_MAC_ADDRESSES', header: 'Gov-Client-MAC-Addresses', message: reason });
      return { status: 'missing', source: reason };
    }
    if (macs !== this.list) {
      this.value = formatMacAddresses(macs);
      this.list = macs;
    }
    if (!explaining) return { value: this.value, status: 'collected', source: '' };
    const extra = macs.length - fresh.length;
    return {
      value: this.value,
      status: 'collected',
      source: `os.networkInterfaces() (read for this request)${extra > 0 ? ` and ${extra} more from interfaces without an IP address (/sys/class/net, read at start)` : ''}; all-zero and repeated addresses left out`,
    };
  }
}
