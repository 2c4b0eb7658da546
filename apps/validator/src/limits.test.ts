import { cleanSet, NOW } from '@fph-kit/test-support/clean-sets';
import {
  expectProblemShape,
  HMRC_ACCEPT,
  json,
  parseRaw,
  postJson,
  type Running,
  rawRequest,
  startService,
} from '@fph-kit/test-support/service-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const WEB = cleanSet('WEB_APP_VIA_SERVER');

let svc: Running;
beforeAll(async () => {
  svc = await startService({
    now: () => NOW.getTime(),
    limits: { jsonBodyBytes: 64 * 1024, textBodyBytes: 4 * 1024 * 1024, setsPerRequest: 2000 },
  });
});
afterAll(async () => {
  await svc.close();
});

async function problem(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  const body = await json(response);
  expectProblemShape(body);
  expect(body.status).toBe(status);
  expect(body.code).toBe(code);
  return body as Record<string, unknown> & { detail: string };
}

const validateUrl = (): string => `${svc.url}/v1/validate`;

describe('request bodies', () => {
  it('refuses a JSON body over the limit with 413, by Content-Length or while streaming', async () => {
    const big = JSON.stringify({ headers: { 'Gov-Client-Device-ID': 'a'.repeat(70 * 1024) } });
    const body = await problem(await postJson(validateUrl(), big), 413, 'PAYLOAD_TOO_LARGE');
    expect(body.detail).toContain('65536');
    expect(body.limit).toBe(65536);
    // Chunked, so the size is only known while reading.
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(8192)));
        controller.close();
      },
    });
    const chunked = await fetch(validateUrl(), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    await problem(chunked, 413, 'PAYLOAD_TOO_LARGE');
    expect((await fetch(`${svc.url}/healthz`)).status).toBe(200);
  });

  it('names the line and column of malformed JSON', async () => {
    const body = await problem(
      await postJson(
        validateUrl(),
        '{\n  "headers": {\n    "Gov-Client-Timezone": "UTC+00:00",\n  }\n}',
      ),
      400,
      'MALFORMED_JSON',
    );
    expect(body).toMatchObject({ line: 4, column: 3 });
    expect(body.detail).toContain('line 4, column 3');
    const truncated = await problem(
      await postJson(validateUrl(), '{"headers": {'),
      400,
      'MALFORMED_JSON',
    );
    expect(truncated.detail).toContain('line 1');
    const empty = await problem(await postJson(validateUrl(), ''), 400, 'MALFORMED_JSON');
    expect(empty.detail).toContain('empty');
  });

  it('names the offset of invalid UTF-8', async () => {
    const prefix = '{"headers": {"Gov-Client-User-IDs": "acme=';
    const bytes = Buffer.concat([
      Buffer.from(prefix),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}}'),
    ]);
    const body = await problem(
      await fetch(validateUrl(), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: bytes,
      }),
      400,
      'INVALID_UTF8',
    );
    expect(body.offset).toBe(prefix.length);
    expect(body.detail).toContain(`byte 0xc3 at offset ${prefix.length}`);
  });

  it('refuses NUL, CR and LF in header values, naming the field', async () => {
    for (const [char, words] of [
      ['\u0000', 'a NUL character (U+0000)'],
      ['\r', 'a carriage return (U+000D)'],
      ['\n', 'a line feed (U+000A)'],
    ] as const) {
      const body = await problem(
        await postJson(validateUrl(), {
          headers: { ...WEB, 'Gov-Client-Timezone': `UTC+00:00${char}X` },
        }),
        400,
        'INVALID_HEADER_VALUE',
      );
      expect(body.pointer).toBe('/headers/Gov-Client-Timezone');
      expect(body.detail).toContain(`has ${words} at position 10`);
    }
    const text = await problem(
      await fetch(`${svc.url}/v1/validate-text`, {
        method: 'POST',
        body: 'Gov-Client-Device-ID: abc\u0000',
      }),
      400,
      'UNREADABLE_INPUT',
    );
    expect(text.problem).toBe('BINARY');
    const escaped = await problem(
      await fetch(`${svc.url}/v1/validate-text`, {
        method: 'POST',
        body: JSON.stringify({ 'Gov-Client-Device-ID': 'abc\u0000' }),
      }),
      400,
      'INVALID_HEADER_VALUE',
    );
    expect(escaped.detail).toContain('a NUL character');
    const json = await problem(
      await fetch(`${svc.url}/v1/validate-text`, {
        method: 'POST',
        body: '{"Gov-Client-Device-ID": "abc\\r\\nX-Injected: 1"}',
      }),
      400,
      'INVALID_HEADER_VALUE',
    );
    expect(json.detail).toContain('set 1: the value of Gov-Client-Device-ID has a carriage return');
  });

  it('refuses header names HTTP cannot carry, and values of the wrong type, naming the field', async () => {
    const name = await problem(
      await postJson(validateUrl(), { headers: { 'Gov Client Timezone': 'UTC+00:00' } }),
      400,
      'INVALID_HEADER_NAME',
    );
    expect(name.pointer).toBe('/headers/Gov Client Timezone');
    const type = await problem(
      await postJson(validateUrl(), { headers: { 'Gov-Client-Public-Port': 53124 } }),
      400,
      'INVALID_BODY',
    );
    expect(type.detail).toContain('/headers/Gov-Client-Public-Port must be a string');
    const shape = await problem(await postJson(validateUrl(), [WEB]), 400, 'INVALID_BODY');
    expect(shape.detail).toContain('got an array');
    const unknown = await problem(
      await postJson(validateUrl(), { headers: WEB, connection_method: 'WEB_APP_VIA_SERVER' }),
      400,
      'INVALID_BODY',
    );
    expect(unknown.detail).toContain('unknown property "connection_method"');
    const missing = await problem(
      await postJson(validateUrl(), { header: WEB }),
      400,
      'INVALID_BODY',
    );
    expect(missing.pointer).toBe('/header');
    const method = await problem(
      await postJson(validateUrl(), { headers: WEB, connectionMethod: 'WEB' }),
      400,
      'INVALID_CONNECTION_METHOD',
    );
    expect(method.detail).toContain('DESKTOP_APP_DIRECT');
  });

  it('refuses a JSON object that repeats a key, instead of keeping only the last value', async () => {
    const body = await problem(
      await postJson(
        validateUrl(),
        '{"headers": {"Gov-Client-Timezone": "UTC+00:00", "Gov-Client-Timezone": "UTC+01:00"}}',
      ),
      400,
      'DUPLICATE_KEY',
    );
    expect(body).toMatchObject({ pointer: '/headers', key: 'Gov-Client-Timezone' });
  });

  it('refuses bodies of other types, forms and compressed bodies with 415', async () => {
    await problem(
      await fetch(validateUrl(), { method: 'POST', body: JSON.stringify({ headers: WEB }) }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    const form = new FormData();
    form.set('text', 'Gov-Client-Timezone: UTC+00:00');
    await problem(
      await fetch(`${svc.url}/v1/validate-text`, { method: 'POST', body: form }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    await problem(
      await fetch(validateUrl(), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
        body: Buffer.from([0x1f, 0x8b, 0x08, 0x00]),
      }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
  });
});

describe('request headers', () => {
  it('refuses more headers than the limit with 431', async () => {
    const headers: Record<string, string> = { Accept: HMRC_ACCEPT };
    for (let i = 0; i < 120; i++) headers[`X-Extra-${i}`] = String(i);
    const body = await problem(
      await fetch(`${svc.url}/test/fraud-prevention-headers/validate`, { headers }),
      431,
      'TOO_MANY_HEADERS',
    );
    expect(body.detail).toContain('at most 100');
  });

  it('says exactly how many headers a refused request has', async () => {
    for (const count of [101, 123, 1500]) {
      const lines = ['GET /healthz HTTP/1.1', 'Host: 127.0.0.1', 'Connection: close'];
      for (let i = lines.length - 1; i < count; i++) lines.push(`X-Extra-${i}: ${i}`);
      const { status, body } = parseRaw(
        await rawRequest(svc.port, `${lines.join('\r\n')}\r\n\r\n`),
      );
      expect(status).toBe(431);
      expect((body as { detail: string }).detail).toBe(
        `the request has ${count} headers; at most 100 are accepted`,
      );
    }
  });

  it('refuses an oversized header value with 431 naming the header', async () => {
    const body = await problem(
      await fetch(`${svc.url}/test/fraud-prevention-headers/validate`, {
        headers: { Accept: HMRC_ACCEPT, 'Gov-Client-Screens': 'width=1920&'.repeat(900) },
      }),
      431,
      'HEADERS_TOO_LARGE',
    );
    expect(body.header).toBe('Gov-Client-Screens');
  });

  it('POST /v1/validate: the value a real header could not carry gets a size advisory', async () => {
    const value = `acme-books=${'j'.repeat(9 * 1024)}`;
    const sent = { ...WEB, 'Gov-Client-User-IDs': value };
    const answer = await postJson(validateUrl(), { headers: sent });
    expect(answer.status).toBe(200);
    const body = (await json(answer)) as {
      report: { code: string };
      advisories: { rule: string; header: string; detail: string }[];
    };
    expect(body.report.code).toBe('VALID_HEADERS');
    const size = body.advisories.find((a) => a.rule === 'any.too-large');
    expect(size?.header).toBe('gov-client-user-ids');
    expect(size?.detail).toContain('fph serve a value over 8 KiB');
    // And sent as a real header, the service itself refuses it.
    const real = await fetch(`${svc.url}/test/fraud-prevention-headers/validate`, {
      headers: { Accept: HMRC_ACCEPT, 'Gov-Client-User-IDs': value },
    });
    expect(real.status).toBe(431);
  });

  it('refuses headers larger than the limit in all with a 431 problem body', async () => {
    const lines = Array.from({ length: 8 }, (_, i) => `X-Big-${i}: ${'b'.repeat(5000)}`).join(
      '\r\n',
    );
    const raw = await rawRequest(svc.port, `GET /healthz HTTP/1.1\r\nHost: x\r\n${lines}\r\n\r\n`);
    const answer = parseRaw(raw);
    expect(answer.status).toBe(431);
    expectProblemShape(answer.body);
    expect((answer.body as { code: string }).code).toBe('HEADERS_TOO_LARGE');
  });

  it('answers NUL, CR or LF inside a raw header with a 400 problem naming it', async () => {
    for (const bad of ['UTC+00:00\u0000X', 'UTC+00:00\rX']) {
      const raw = await rawRequest(
        svc.port,
        Buffer.from(
          `GET /test/fraud-prevention-headers/validate HTTP/1.1\r\nHost: x\r\nAccept: ${HMRC_ACCEPT}\r\nGov-Client-Timezone: ${bad}\r\n\r\n`,
          'latin1',
        ),
      );
      const answer = parseRaw(raw);
      expect(answer.status).toBe(400);
      expectProblemShape(answer.body);
      expect((answer.body as { detail: string }).detail).toContain('Gov-Client-Timezone');
    }
    expect((await fetch(`${svc.url}/healthz`)).status).toBe(200);
  });
});

describe('a HAR file with thousands of entries', () => {
  const entry = (i: number, gov: boolean) => ({
    startedDateTime: new Date(NOW.getTime() + i).toISOString(),
    request: {
      method: 'GET',
      url: `https://app.acme-books.example/api/${i}`,
      headers: gov
        ? Object.entries({ ...WEB, 'Gov-Client-Public-Port': String(1024 + i) }).map(
            ([name, value]) => ({ name, value }),
          )
        : [{ name: 'accept', value: '*/*' }],
    },
  });

  it('validates every request carrying Gov-* headers among 3000 entries', async () => {
    const har = { log: { entries: Array.from({ length: 3000 }, (_, i) => entry(i, i % 2 === 0)) } };
    const response = await fetch(`${svc.url}/v1/validate-text`, {
      method: 'POST',
      body: JSON.stringify(har),
    });
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body.sets).toHaveLength(1500);
    expect(
      body.sets.every((s: { report: { code: string } }) => s.report.code === 'VALID_HEADERS'),
    ).toBe(true);
    expect(body.sets[1499].request.url).toBe('https://app.acme-books.example/api/2998');
  });

  it('refuses more header sets than one request may hold with 413, saying how many', async () => {
    const har = { log: { entries: Array.from({ length: 2500 }, (_, i) => entry(i, true)) } };
    const body = await problem(
      await fetch(`${svc.url}/v1/validate-text`, { method: 'POST', body: JSON.stringify(har) }),
      413,
      'TOO_MANY_SETS',
    );
    expect(body.detail).toContain('2500 header sets');
    expect(body.detail).toContain('at most 2000');
  });
});
