import { ACME, BROWSER_VALUES } from '@fph-kit/test-support/assembler-fixtures';
import { validate } from '@fph-kit/validator';
import { describe, expect, it } from 'vitest';
import { isAssemblerError } from './errors.js';
import { createFphFetch } from './fetch.js';

const fph = createFphFetch({ ...ACME, logger: false });
const PEER = { address: '81.2.69.160', port: 53012 };

describe('createFphFetch', () => {
  it('assembles a valid set from a Request carrying the client values as headers', async () => {
    const request = new Request('https://acme.example/api/returns', {
      headers: BROWSER_VALUES as Record<string, string>,
    });
    const context = await fph(request, PEER, { receivedAt: Date.parse('2026-11-23T10:00:00Z') });
    expect(context.problems).toEqual([]);
    expect(context.headers()).toMatchObject({
      'Gov-Client-Public-IP': '81.2.69.160',
      'Gov-Client-Public-Port': '53012',
      'Gov-Client-Public-IP-Timestamp': '2026-11-23T10:00:00.000Z',
    });
    expect(validate(context.headers()).report.code).toBe('VALID_HEADERS');
    const init = context.fetchInit({ method: 'POST' });
    expect(new Headers(init.headers).get('gov-client-public-ip')).toBe('81.2.69.160');
  });

  it('reads the client values from the parsed body it is given (the fph_client field)', async () => {
    const request = new Request('https://acme.example/api/returns', { method: 'POST' });
    const context = await fph(request, PEER, { body: { fph_client: BROWSER_VALUES } });
    expect(context.problems).toEqual([]);
    expect(context.headers()['Gov-Client-Device-ID']).toBe(BROWSER_VALUES['Gov-Client-Device-ID']);
  });

  it('says why the address is missing when the runtime gives no peer', async () => {
    const context = await fph(new Request('https://acme.example/'), { address: undefined });
    expect(context.headers()['Gov-Client-Public-IP']).toBeUndefined();
    expect(context.problems.map((p) => p.code)).toContain('PUBLIC_IP_UNAVAILABLE');
  });

  it('ignores X-Forwarded-For without proxies, and believes it from a listed proxy', async () => {
    const headers = { 'x-forwarded-for': '81.2.69.170:41000' };
    const direct = await fph(new Request('https://acme.example/', { headers }), PEER);
    expect(direct.result().client.publicIp).toBe('81.2.69.160');
    const proxied = createFphFetch({
      ...ACME,
      logger: false,
      proxies: { trusted: ['10.0.0.0/8'], clientAddress: 'x-forwarded-for' },
    });
    const behind = await proxied(new Request('https://acme.example/', { headers }), {
      address: '10.1.2.3',
      port: 40000,
    });
    expect(behind.result().client).toMatchObject({ publicIp: '81.2.69.170', publicPort: 41000 });
  });

  it('throws INVALID_OPTIONS at creation for unusable options', () => {
    let caught: unknown;
    try {
      createFphFetch({ ...ACME, vendorPublicIp: '10.0.0.1' });
    } catch (error) {
      caught = error;
    }
    expect(isAssemblerError(caught) && caught.code).toBe('INVALID_OPTIONS');
  });
});
