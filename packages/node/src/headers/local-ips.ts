import { formatLocalIps, formatTimestamp } from '@fph-kit/spec';
import type { Entry, Notify } from '../collector-types.js';
import { interfaceAddressNote, type LocalAddresses } from '../network.js';

/**
 * Gov-Client-Local-IPs and its timestamp, from the interfaces read for this request. The encoded
 * list is kept while the interfaces stay the same (the reader hands back the same list object).
 */
export class LocalIpsHeader {
  private list: readonly string[] | undefined;
  private value = '';

  entry(addresses: LocalAddresses, notify: Notify, explaining: boolean): Entry {
    const { ips } = addresses;
    if (ips.length === 0) {
      const reason =
        'os.networkInterfaces() lists no IP address at all (no network interface is configured)';
      notify({ code: 'NO_LOCAL_IPS', header: 'Gov-Client-Local-IPs', message: reason });
      return { status: 'missing', source: reason };
    }
    if (ips !== this.list) {
      this.value = formatLocalIps(ips);
      this.list = ips;
    }
    if (addresses.loopbackOnly) {
      notify({
        code: 'LOCAL_IPS_LOOPBACK_ONLY',
        header: 'Gov-Client-Local-IPs',
        message: `the machine has no address besides loopback (${ips.join(', ')}): sending loopback only, which HMRC's reviewers question; connect a network interface`,
      });
    }
    if (!explaining) return { value: this.value, status: 'collected', source: '' };
    return {
      value: this.value,
      status: addresses.loopbackOnly ? 'partial' : 'collected',
      source: addresses.loopbackOnly
        ? 'os.networkInterfaces(), read for this request: only loopback addresses exist'
        : describe(addresses),
    };
  }
}

function describe({ ips, loopbackLeftOut }: LocalAddresses): string {
  const unusual = ips
    .map(interfaceAddressNote)
    .filter((note): note is string => note !== undefined);
  const notes = unusual.length > 0 ? `; ${unusual.join('; ')}` : '';
  const left =
    loopbackLeftOut.length > 0
      ? `; loopback ${loopbackLeftOut.join(', ')} left out (the same on every machine)`
      : '';
  return `os.networkInterfaces(), read for this request: ${ips.length} address${ips.length === 1 ? '' : 'es'} (link-local kept)${left}${notes}`;
}

/** Gov-Client-Local-IPs-Timestamp: the moment the interfaces were read, when there were IPs. */
export function localIpsTimestampEntry(addresses: LocalAddresses, at: Date): Entry {
  if (addresses.ips.length === 0) {
    return {
      status: 'missing',
      source: 'no local IPs were collected, so there is no collection time to send',
    };
  }
  return {
    value: formatTimestamp(at),
    status: 'collected',
    source: 'the clock, read right after the interfaces for this request (UTC, milliseconds)',
  };
}
