import { afterEach, describe, expect, it, vi } from 'vitest';
import { installFakeBrowser } from '../test/fake-browser.js';

async function load() {
  vi.resetModules();
  installFakeBrowser({ innerWidth: 1000, innerHeight: 700 });
  const sent: Request[] = [];
  vi.stubGlobal('fetch', async (request: Request) => {
    sent.push(request);
    return new Response('ok');
  });
  return { sent, ...(await import('./transport.js')), ...(await import('./collect.js')) };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('collectHeaders', () => {
  it('gives the collected headers as a plain object', async () => {
    const { collectHeaders } = await load();
    const headers = await collectHeaders({ userIds: { 'my-app': 'alice' } });
    expect(Object.getPrototypeOf(headers)).toBe(Object.prototype);
    expect(headers['Gov-Client-Window-Size']).toBe('width=1000&height=700');
    expect(headers['Gov-Client-User-IDs']).toBe('my-app=alice');
  });
});

describe('fphFetch', () => {
  it('adds every collected header to the request', async () => {
    const { fphFetch, collect, sent } = await load();
    const response = await fphFetch('https://vendor.example/api/returns', {
      method: 'POST',
      body: '{}',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(await response.text()).toBe('ok');
    const request = sent[0]!;
    expect(request.method).toBe('POST');
    expect(await request.text()).toBe('{}');
    expect(request.headers.get('content-type')).toBe('application/json');
    const { headers } = await collect();
    for (const [name, value] of Object.entries(headers)) {
      expect(request.headers.get(name)).toBe(value);
    }
  });

  it('keeps a header the caller set itself', async () => {
    const { fphFetch, sent } = await load();
    await fphFetch('https://vendor.example/api', {
      headers: { 'Gov-Client-Window-Size': 'width=1&height=1' },
    });
    expect(sent[0]!.headers.get('Gov-Client-Window-Size')).toBe('width=1&height=1');
    expect(sent[0]!.headers.get('Gov-Client-Timezone')).toMatch(/^UTC[+-]\d\d:\d\d$/);
  });

  it('accepts a Request and keeps its headers', async () => {
    const { fphFetch, sent } = await load();
    await fphFetch(new Request('https://vendor.example/api', { headers: { 'X-Trace': '1' } }));
    expect(sent[0]!.headers.get('x-trace')).toBe('1');
    expect(sent[0]!.headers.has('Gov-Client-Device-ID')).toBe(true);
  });

  it('passes the options on to collect', async () => {
    const { fphFetch, sent } = await load();
    await fphFetch('https://vendor.example/api', undefined, { vendorVersion: { web: '1.2.3' } });
    expect(sent[0]!.headers.get('Gov-Vendor-Version')).toBe('web=1.2.3');
  });

  it('sends nothing when the options are wrong', async () => {
    const { fphFetch, sent } = await load();
    await expect(
      fphFetch('https://vendor.example/api', undefined, { userIds: {} }),
    ).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
    expect(sent).toHaveLength(0);
  });
});
