import { installFakeBrowser } from '@fph-kit/test-support/fake-browser';
import { afterEach, describe, expect, it, vi } from 'vitest';

/** A stand-in for a `<form>`: keeps its listeners so a test can fire `formdata` itself. */
class FakeForm {
  readonly listeners = new Map<string, (event: { formData: FormData }) => void>();
  addEventListener(type: string, listener: (event: { formData: FormData }) => void): void {
    this.listeners.set(type, listener);
  }
  removeEventListener(type: string, listener: unknown): void {
    if (this.listeners.get(type) === listener) this.listeners.delete(type);
  }
  /** What a submission (or `new FormData(form)`) reads, the fields given plus the listener's. */
  read(fields: Record<string, string> = {}): FormData {
    const formData = new FormData();
    for (const [name, value] of Object.entries(fields)) formData.append(name, value);
    this.listeners.get('formdata')?.({ formData });
    return formData;
  }
}

async function load() {
  vi.resetModules();
  const fake = installFakeBrowser({ innerWidth: 1000, innerHeight: 700 });
  vi.stubGlobal('HTMLFormElement', FakeForm);
  const sent: Request[] = [];
  vi.stubGlobal('fetch', async (request: Request) => {
    sent.push(request);
    return new Response('ok');
  });
  return { fake, sent, ...(await import('./transport.js')), ...(await import('./collect.js')) };
}

afterEach(() => {
  vi.unstubAllGlobals();
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
    expect(Object.keys(headers)).toHaveLength(5);
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
    await fphFetch('https://vendor.example/api', undefined, {
      headers: { 'Gov-Vendor-Version': 'web=1.2.3' },
    });
    expect(sent[0]!.headers.get('Gov-Vendor-Version')).toBe('web=1.2.3');
  });

  it('sends nothing when the options are wrong', async () => {
    const { fphFetch, sent } = await load();
    await expect(
      fphFetch('https://vendor.example/api', undefined, { headers: { 'X-Other': '1' } } as never),
    ).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
    expect(sent).toHaveLength(0);
  });
});

describe('attachToForm', () => {
  it('adds fph_client, collected as the form is read, to each submission', async () => {
    const { fake, attachToForm } = await load();
    const form = new FakeForm();
    attachToForm(form as unknown as HTMLFormElement, {
      headers: { 'Gov-Client-User-IDs': 'my-app=alice' },
    });
    const first = JSON.parse(String(form.read({ reference: 'VAT-1' }).get('fph_client')));
    expect(first['Gov-Client-User-IDs']).toBe('my-app=alice');
    expect(first['Gov-Client-Window-Size']).toBe('width=1000&height=700');
    fake.window.innerWidth = 800;
    const second = form.read({ reference: 'VAT-1' });
    expect(second.get('reference')).toBe('VAT-1');
    expect(JSON.parse(String(second.get('fph_client')))['Gov-Client-Window-Size']).toBe(
      'width=800&height=700',
    );
  });

  it('replaces an fph_client the form already holds', async () => {
    const { attachToForm } = await load();
    const form = new FakeForm();
    attachToForm(form as unknown as HTMLFormElement);
    const read = form.read({ fph_client: '{"stale":"yes"}' });
    expect(read.getAll('fph_client')).toHaveLength(1);
    expect(JSON.parse(String(read.get('fph_client')))).toHaveProperty('Gov-Client-Device-ID');
  });

  it('refuses wrong options at once, and drops the field if they become wrong later', async () => {
    const { attachToForm } = await load();
    const form = new FakeForm();
    expect(() =>
      attachToForm(form as unknown as HTMLFormElement, { promptForScreens: 1 } as never),
    ).toThrow('collect options: promptForScreens must be true or false');
    expect(form.listeners.size).toBe(0);

    const options = { headers: { 'Gov-Client-User-IDs': 'my-app=alice' } };
    attachToForm(form as unknown as HTMLFormElement, options);
    options.headers['Gov-Client-User-IDs'] = '';
    const formData = new FormData();
    formData.append('fph_client', '{"stale":"yes"}');
    expect(() => form.listeners.get('formdata')?.({ formData })).toThrow(
      'collect options: headers: Gov-Client-User-IDs must be a formatted value',
    );
    expect(formData.has('fph_client')).toBe(false);
  });

  it('refuses what is not a form, and detaches', async () => {
    const { attachToForm } = await load();
    expect(() => attachToForm({} as HTMLFormElement)).toThrow(
      expect.objectContaining({
        code: 'INVALID_FORM',
        message: 'attachToForm: expected a <form>, got [object Object]',
      }),
    );
    const form = new FakeForm();
    const detach = attachToForm(form as unknown as HTMLFormElement);
    detach();
    expect(form.read().has('fph_client')).toBe(false);
  });
});
