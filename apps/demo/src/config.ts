import { parseArgs } from 'node:util';
import { testApiClientOptionsFromEnv } from '@fph-kit/hmrc';
import {
  CLIENT_ADDRESS_SOURCES,
  type ClientAddressSource,
  type ProxyOptions,
} from '@fph-kit/server';
import type { DemoOptions } from './app.js';
import { DemoError } from './errors.js';

/** The environment variables the demo reads (besides HMRC_CLIENT_ID, HMRC_CLIENT_SECRET, HMRC_BASE_URL). */
export const DEMO_ENV = {
  vendorIp: 'FPH_DEMO_VENDOR_IP',
  trustedProxies: 'FPH_DEMO_TRUSTED_PROXIES',
  clientAddress: 'FPH_DEMO_CLIENT_ADDRESS',
  clientPortHeader: 'FPH_DEMO_CLIENT_PORT_HEADER',
  bundle: 'FPH_DEMO_BUNDLE',
} as const;

export interface DemoConfig {
  options: DemoOptions;
  port: number;
  host: string;
  /** What the demo will leave out with these settings, for the start-up output. */
  notices: string[];
}

function fail(message: string, cause?: unknown): never {
  throw new DemoError('INVALID_OPTIONS', message, cause === undefined ? undefined : { cause });
}

/**
 * The demo's settings from its command line (`--port`, `--host`) and environment. Without
 * FPH_DEMO_VENDOR_IP the vendor's public IP is not guessed: the page then shows it as missing and
 * says what to set.
 */
export function demoConfig(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): DemoConfig {
  let values: { port?: string | undefined; host?: string | undefined };
  try {
    values = parseArgs({
      // `npm start -- --port 9000` passes the `--` on: skip it.
      args: argv[0] === '--' ? argv.slice(1) : [...argv],
      options: { port: { type: 'string' }, host: { type: 'string' } },
      strict: true,
    }).values;
  } catch (error) {
    fail(`${(error as Error).message}. Usage: start [--port N] [--host H]`, error);
  }
  const portText = values.port ?? env.PORT ?? '8790';
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) {
    fail(`--port ${JSON.stringify(portText)} is not a port number from 0 to 65535`);
  }
  const host = values.host ?? env.HOST ?? '127.0.0.1';

  const vendorIp = env[DEMO_ENV.vendorIp]?.trim();
  // Unset, the demo leaves the vendor headers out and its page says what to set (VENDOR_IP_NOT_SET).
  const options: DemoOptions = vendorIp ? { vendorPublicIp: vendorIp } : {};
  const notices = vendorIp
    ? []
    : [
        `${DEMO_ENV.vendorIp} is not set: Gov-Vendor-Public-IP and Gov-Vendor-Forwarded will be left out. Set it to the public IP address browsers reach the demo on.`,
      ];

  const trusted = (env[DEMO_ENV.trustedProxies] ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const source = (env[DEMO_ENV.clientAddress]?.trim() || 'socket') as ClientAddressSource;
  if (!CLIENT_ADDRESS_SOURCES.includes(source)) {
    fail(
      `${DEMO_ENV.clientAddress}=${JSON.stringify(source)} is not one of ${CLIENT_ADDRESS_SOURCES.join(', ')}`,
    );
  }
  const proxies: ProxyOptions = {};
  if (trusted.length > 0) proxies.trusted = trusted;
  if (source !== 'socket') proxies.clientAddress = source;
  const portHeader = env[DEMO_ENV.clientPortHeader]?.trim();
  if (portHeader) proxies.clientPortHeader = portHeader;
  if (Object.keys(proxies).length > 0) options.proxies = proxies;

  const bundle = env[DEMO_ENV.bundle]?.trim();
  if (bundle) options.browserBundle = bundle;

  let hmrc: ReturnType<typeof testApiClientOptionsFromEnv>;
  try {
    hmrc = testApiClientOptionsFromEnv(env);
  } catch (error) {
    fail((error as Error).message, error);
  }
  if (hmrc) options.hmrc = hmrc;
  return { options, port: Number(portText), host, notices };
}
