import { checkValidateResponse } from '@fph-kit/hmrc';
import { CONNECTION_METHODS, type ConnectionMethod } from '@fph-kit/spec';
import { cleanSet, NOW } from '@fph-kit/test-support/clean-sets';
import {
  expectProblemShape,
  HMRC_ACCEPT,
  type Running,
  rawRequest,
  startService,
  startUpstream,
  type Upstream,
} from '@fph-kit/test-support/service-harness';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * A small HTTP fuzz: thousands of generated and mutated header sets and bodies through every
 * input of the service. Whatever comes in, the answer is never a 5xx (except 502 when the
 * upstream dies) and always a well-formed body.
 */

const SEED = 20261123;
const CLEAN = Object.fromEntries(CONNECTION_METHODS.map((m) => [m, cleanSet(m)])) as Record<
  ConnectionMethod,
  Record<string, string>
>;

const nasty = fc.oneof(
  { weight: 5, arbitrary: fc.stringMatching(/^[\x20-\x7e]{0,60}$/) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '%',
      '%zz',
      '=&=,',
      'null',
      '\u0000',
      '\r\n',
      '\t',
      'é',
      '🙂',
      'a'.repeat(9000),
    ),
  },
);

type Pairs = [string, string][];

/** A clean set of a random method, mutated 0 to 4 times. */
const headerSet: fc.Arbitrary<Pairs> = fc
  .tuple(
    fc.constantFrom(...CONNECTION_METHODS),
    fc.array(
      fc.tuple(
        fc.nat(),
        fc.constantFrom('drop', 'empty', 'replace', 'append', 'case', 'repeat', 'unknown', 'typo'),
        nasty,
      ),
      { maxLength: 4 },
    ),
  )
  .map(([method, mutations]) => {
    const pairs: Pairs = Object.entries(CLEAN[method]);
    for (const [at, kind, text] of mutations) {
      if (pairs.length === 0) break;
      const i = at % pairs.length;
      const [name, value] = pairs[i]!;
      if (kind === 'drop') pairs.splice(i, 1);
      else if (kind === 'empty') pairs[i] = [name, ''];
      else if (kind === 'replace') pairs[i] = [name, text];
      else if (kind === 'append') pairs[i] = [name, value + text];
      else if (kind === 'case') pairs[i] = [name.toUpperCase(), value];
      else if (kind === 'repeat') pairs.push([name, text]);
      else if (kind === 'unknown')
        pairs.push([`Gov-Client-${text.replace(/[^A-Za-z0-9-]/g, '') || 'X'}`, text]);
      else pairs[i] = [name.replace('Client', 'Cleint'), value];
    }
    return pairs;
  });

/** A JSON body from a set, sometimes broken at the byte level or in its shape. */
const validateBody: fc.Arbitrary<Buffer> = fc
  .tuple(
    headerSet,
    fc.option(
      fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...CONNECTION_METHODS) },
        { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
      ),
    ),
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('object', 'pairs') },
      { weight: 1, arbitrary: fc.constantFrom('array', 'wrong-type', 'extra') },
    ),
    fc.oneof(
      { weight: 6, arbitrary: fc.constant('none') },
      { weight: 1, arbitrary: fc.constantFrom('truncate', 'flip', 'insert') },
    ),
    fc.nat(),
    fc.uint8Array({ minLength: 1, maxLength: 4 }),
  )
  .map(([pairs, method, shape, bytes, at, noise]) => {
    const headers = shape === 'pairs' ? pairs : Object.fromEntries(pairs);
    const body: Record<string, unknown> = { headers };
    if (method !== null) body.connectionMethod = method;
    if (shape === 'wrong-type') body.headers = { 'Gov-Client-Public-Port': 53124 };
    if (shape === 'extra') body.extra = true;
    let buffer = Buffer.from(JSON.stringify(shape === 'array' ? [body] : body));
    const i = at % buffer.length;
    if (bytes === 'truncate') buffer = buffer.subarray(0, i);
    else if (bytes === 'flip') buffer[i] = noise[0]!;
    else if (bytes === 'insert')
      buffer = Buffer.concat([buffer.subarray(0, i), Buffer.from(noise), buffer.subarray(i)]);
    return buffer;
  });

/** A raw header block of a set, sometimes with a broken line. */
const textBody: fc.Arbitrary<string> = fc
  .tuple(headerSet, fc.boolean(), nasty)
  .map(([pairs, broken, junk]) => {
    const lines = pairs.map(([n, v]) => `${n}: ${v}`);
    if (broken) lines.splice(lines.length >> 1, 0, junk);
    return lines.join('\n');
  });

/** The same set as the request's own headers, in raw HTTP (Latin-1 bytes, anything goes). */
const rawHmrcRequest: fc.Arbitrary<Buffer> = headerSet.map((pairs) =>
  Buffer.from(
    `GET /test/fraud-prevention-headers/validate HTTP/1.1\r\nHost: localhost\r\nAccept: ${HMRC_ACCEPT}\r\nConnection: close\r\n${pairs
      .map(([n, v]) => `${n}: ${v}`)
      .join('\r\n')}\r\n\r\n`,
    'latin1',
  ),
);

let upstream: Upstream;
let svc: Running;

beforeAll(async () => {
  upstream = await startUpstream((req, res, body) => {
    if (req.url?.startsWith('/die')) {
      req.socket.destroy();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
    res.end(body);
  });
  svc = await startService({ upstream: upstream.url, now: () => NOW.getTime() });
});
afterAll(async () => {
  await svc.close();
  await upstream.close();
});

interface RawAnswer {
  status: number;
  body: unknown;
}

/** The answers on a connection, each read by its Content-Length; every body must be JSON. */
function splitResponses(raw: string): RawAnswer[] {
  const answers: RawAnswer[] = [];
  let rest = raw;
  while (rest.length > 0) {
    const split = rest.indexOf('\r\n\r\n');
    if (split < 0) throw new Error(`a truncated answer: ${JSON.stringify(rest.slice(0, 300))}`);
    const head = rest.slice(0, split);
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
    const length = Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1]);
    if (Number.isNaN(length)) throw new Error(`an answer without Content-Length: ${head}`);
    const text = rest.slice(split + 4, split + 4 + length);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`not JSON: ${JSON.stringify(rest.slice(0, 1000))}`);
    }
    answers.push({ status, body });
    rest = rest.slice(split + 4 + length);
  }
  return answers;
}

async function inBatches<T>(
  items: T[],
  size: number,
  each: (item: T) => Promise<void>,
): Promise<void> {
  for (let i = 0; i < items.length; i += size)
    await Promise.all(items.slice(i, i + size).map(each));
}

function checkAnswer(status: number, text: string, where: string): unknown {
  expect(status, `${where}: ${text.slice(0, 200)}`).toBeLessThan(500);
  const body = JSON.parse(text) as unknown;
  if (status >= 400) expectProblemShape(body);
  return body;
}

describe('HTTP fuzz', () => {
  it('POST /v1/validate: 1500 generated and mutated bodies', async () => {
    const bodies = fc.sample(validateBody, { numRuns: 1500, seed: SEED });
    const statuses = new Map<number, number>();
    await inBatches(bodies, 16, async (body) => {
      const response = await fetch(`${svc.url}/v1/validate`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
      });
      const text = await response.text();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      const answer = checkAnswer(response.status, text, body.toString('latin1').slice(0, 200)) as {
        report: unknown;
        findings: unknown[];
        advisories: unknown[];
      };
      if (response.status === 200) {
        expect(checkValidateResponse(answer.report).conforms).toBe(true);
        expect(Array.isArray(answer.findings) && Array.isArray(answer.advisories)).toBe(true);
      }
    });
    // Both outcomes are exercised: verdicts and refusals.
    expect(statuses.get(200)).toBeGreaterThan(500);
    expect(statuses.get(400)).toBeGreaterThan(100);
  });

  it('answers the same body the same way every time', async () => {
    const bodies = fc.sample(validateBody, { numRuns: 60, seed: SEED + 1 });
    for (const body of bodies) {
      const post = () =>
        fetch(`${svc.url}/v1/validate`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body,
        }).then(async (r) => `${r.status} ${await r.text()}`);
      expect(await post()).toBe(await post());
    }
  });

  it('POST /v1/validate-text: 600 generated and mutated header blocks', async () => {
    const texts = fc.sample(textBody, { numRuns: 600, seed: SEED + 2 });
    await inBatches(texts, 16, async (text) => {
      const response = await fetch(`${svc.url}/v1/validate-text`, { method: 'POST', body: text });
      const answer = checkAnswer(response.status, await response.text(), text.slice(0, 200)) as {
        sets: { report: unknown }[];
      };
      if (response.status === 200) {
        for (const set of answer.sets)
          expect(checkValidateResponse(set.report).conforms).toBe(true);
      }
    });
  });

  it('GET /test/fraud-prevention-headers/validate: 600 raw requests with mutated headers', async () => {
    const requests = fc.sample(rawHmrcRequest, { numRuns: 600, seed: SEED + 3 });
    await inBatches(requests, 16, async (bytes) => {
      const raw = await rawRequest(svc.port, bytes);
      const answers = splitResponses(raw);
      expect(answers.length, raw.slice(0, 300)).toBeGreaterThan(0);
      // A CR LF inside a value ends the head early, as HTTP says: the first answer is the one.
      const [{ status, body }] = answers as [RawAnswer];
      expect(status, raw.slice(0, 300)).toBeLessThan(500);
      if (status === 200) expect(checkValidateResponse(body).conforms).toBe(true);
      else if (status === 400 || status === 431) expectProblemShape(body);
      else throw new Error(`unexpected status ${status}: ${raw.slice(0, 300)}`);
      for (const other of answers.slice(1)) expect(other.status).toBeLessThan(500);
    });
  });

  it('the gateway: 300 requests with mutated headers, a dying upstream gives only 502', async () => {
    const cases = fc.sample(fc.tuple(headerSet, fc.boolean(), fc.nat(99)), {
      numRuns: 300,
      seed: SEED + 4,
    });
    await inBatches(cases, 16, async ([pairs, post, n]) => {
      const dies = n < 10;
      const path = `${dies ? '/die' : ''}/organisations/vat/${100000000 + n}/returns`;
      const bytes = Buffer.from(
        `${post ? 'POST' : 'GET'} ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n${post ? 'Content-Length: 2\r\n' : ''}${pairs
          .map(([k, v]) => `${k}: ${v}`)
          .join('\r\n')}\r\n\r\n${post ? '{}' : ''}`,
        'latin1',
      );
      const raw = await rawRequest(svc.port, bytes);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1]);
      if (dies && status >= 500) expect(status).toBe(502);
      else expect(status, raw.slice(0, 300)).toBeLessThan(500);
      if (status !== 200) expectProblemShape(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)));
    });
    expect((await fetch(`${svc.url}/healthz`)).status).toBe(200);
  });
});
