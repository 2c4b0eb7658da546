import { browserJsUserAgent } from './browser-js-user-agent.js';
import type { Check } from './check.js';
import { deviceId } from './device-id.js';
import { licenseIds, userAgent, userIds, vendorVersion } from './key-value.js';
import { localIps, macAddresses } from './local-ips.js';
import { multiFactor } from './multi-factor.js';
import { productName } from './product-name.js';
import { publicIp } from './public-ip.js';
import { publicPort } from './public-port.js';
import { screens, windowSize } from './screens.js';
import { timestamp } from './timestamps.js';
import { timezone } from './timezone.js';
import { forwarded } from './vendor-forwarded.js';

export { type Check, DAY } from './check.js';
export { describeAge } from './timestamps.js';

/** The check of each header, by lower-case name (the connection method is judged by `validate`). */
export const CHECKS: Readonly<Record<string, Check>> = {
  'gov-client-browser-js-user-agent': browserJsUserAgent,
  'gov-client-device-id': deviceId,
  'gov-client-local-ips': localIps,
  'gov-client-local-ips-timestamp': timestamp,
  'gov-client-mac-addresses': macAddresses,
  'gov-client-multi-factor': multiFactor,
  'gov-client-public-ip': publicIp('clientIp'),
  'gov-client-public-ip-timestamp': timestamp,
  'gov-client-public-port': publicPort,
  'gov-client-screens': screens,
  'gov-client-timezone': timezone,
  'gov-client-user-agent': userAgent,
  'gov-client-user-ids': userIds,
  'gov-client-window-size': windowSize,
  'gov-vendor-forwarded': forwarded,
  'gov-vendor-license-ids': licenseIds,
  'gov-vendor-product-name': productName,
  'gov-vendor-public-ip': publicIp('vendorIp'),
  'gov-vendor-version': vendorVersion,
};
