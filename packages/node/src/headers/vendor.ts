import { formatLicenseIds, type KeyValuePair } from '@fph-kit/spec';
import type { CollectorSettings } from '../collector-options.js';
import type { Entry } from '../collector-types.js';

/**
 * Gov-Client-Connection-Method, Gov-Vendor-Product-Name, Gov-Vendor-Version and
 * Gov-Vendor-License-IDs: values the app gives as options, the same for every request.
 */
export interface VendorEntries {
  connection: Entry;
  productName: Entry;
  versions: Entry;
}

/** The entries that never change; build once per collector. */
export function vendorEntries(settings: CollectorSettings): VendorEntries {
  const { productName, versions, viaServer } = settings;
  return {
    connection: {
      value: settings.connection,
      status: 'collected',
      source: 'the connectionMethod option',
    },
    productName:
      productName === undefined
        ? {
            status: 'missing',
            source: 'no product name given (productName option, fph collect --product-name)',
          }
        : { value: productName, status: 'collected', source: 'the productName option' },
    versions:
      versions === undefined
        ? {
            status: 'missing',
            source: viaServer
              ? "no client version given (versions option): the server's assembler then sends its own pair only"
              : 'no software version given (versions option, fph collect --version)',
          }
        : {
            value: versions,
            status: 'collected',
            source: viaServer
              ? "the versions option (the client's own pairs; the server adds its own)"
              : 'the versions option',
          },
  };
}

/** Gov-Vendor-License-IDs from the hashes of the licence keys (hashed by the snapshot). */
export function licenseIdsEntry(
  keys: readonly KeyValuePair[] | undefined,
  hashes: readonly KeyValuePair[] | undefined,
): Entry {
  if (!keys) {
    return {
      status: 'missing',
      source:
        'no licence keys given (licenseKeys option, fph collect --license). If the product has no licence keys, tell HMRC: its Test API warns about this header',
    };
  }
  return {
    value: formatLicenseIds(hashes ?? []),
    status: 'collected',
    source: `SHA-256 (upper-case hex) of the licence keys given for ${keys.map(([s]) => s).join(', ')}`,
  };
}
