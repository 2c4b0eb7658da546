import { describe, expect, it } from 'vitest';
import { demoConfig } from './config.js';
import { isDemoError } from './errors.js';

describe('demoConfig', () => {
  it('starts on 127.0.0.1:8790 with the connection as the client, and no vendor IP guessed', () => {
    const config = demoConfig([], {});
    expect(config.port).toBe(8790);
    expect(config.host).toBe('127.0.0.1');
    expect(config.options.proxies).toBeUndefined();
    expect(config.options.hmrc).toBeUndefined();
    expect(config.options.vendorPublicIp).toBeUndefined();
    // Said at start-up in the user's terms: what to set, and what is left out until then.
    expect(config.notices).toEqual([
      'FPH_DEMO_VENDOR_IP is not set: Gov-Vendor-Public-IP and Gov-Vendor-Forwarded will be left out. Set it to the public IP address browsers reach the demo on.',
    ]);
  });

  it('reads the command line and the environment', () => {
    const config = demoConfig(['--', '--port', '0', '--host', '::1'], {
      FPH_DEMO_VENDOR_IP: '52.56.10.20',
      FPH_DEMO_TRUSTED_PROXIES: 'loopback, 10.0.0.0/8',
      FPH_DEMO_CLIENT_ADDRESS: 'cf-connecting-ip',
      FPH_DEMO_CLIENT_PORT_HEADER: 'X-Client-Port',
      FPH_DEMO_BUNDLE: '/srv/fph-kit.iife.js',
      HMRC_CLIENT_ID: 'id',
      HMRC_CLIENT_SECRET: 'secret',
    });
    expect(config).toMatchObject({ port: 0, host: '::1', notices: [] });
    expect(config.options).toMatchObject({
      vendorPublicIp: '52.56.10.20',
      proxies: {
        trusted: ['loopback', '10.0.0.0/8'],
        clientAddress: 'cf-connecting-ip',
        clientPortHeader: 'X-Client-Port',
      },
      browserBundle: '/srv/fph-kit.iife.js',
      hmrc: { clientId: 'id', clientSecret: 'secret' },
    });
  });

  it.each([
    [['--port', '70000'], {}, '--port "70000" is not a port number from 0 to 65535'],
    [['--verbose'], {}, "Unknown option '--verbose'"],
    [
      [],
      { FPH_DEMO_CLIENT_ADDRESS: 'x-real-ip' },
      'FPH_DEMO_CLIENT_ADDRESS="x-real-ip" is not one of',
    ],
    [[], { HMRC_CLIENT_ID: 'id' }, 'HMRC_CLIENT_SECRET is not set'],
  ])('refuses %j %j', (argv, env, message) => {
    let thrown: unknown;
    try {
      demoConfig(argv, env);
    } catch (error) {
      thrown = error;
    }
    expect(isDemoError(thrown)).toBe(true);
    expect((thrown as Error).message).toContain(message);
  });
});
