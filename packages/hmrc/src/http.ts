import type { Clock } from './clock.js';

/**
 * One HTTP exchange with a per-attempt timeout (AbortController driven by the client's clock) and
 * a bounded body read. Failures come back as data for the retry loop to judge.
 */

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface ExchangeRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface ExchangeOptions {
  fetch: FetchLike;
  clock: Clock;
  timeoutMs: number;
  maxBodyBytes: number;
  signal: AbortSignal | undefined;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  /** The body decoded as UTF-8, or undefined when it was not valid UTF-8. */
  text: string | undefined;
}

export type ExchangeOutcome =
  | { kind: 'response'; response: RawResponse }
  | { kind: 'timeout' | 'network' | 'aborted'; cause: unknown }
  | { kind: 'too-large'; status: number; headers: Headers };

class BodyTooLarge extends Error {}

async function readBody(response: Response, limit: number): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

export async function exchange(
  request: ExchangeRequest,
  options: ExchangeOptions,
): Promise<ExchangeOutcome> {
  const { signal } = options;
  if (signal?.aborted) return { kind: 'aborted', cause: signal.reason };
  const controller = new AbortController();
  const timer = new AbortController();
  let timedOut = false;
  options.clock.sleep(options.timeoutMs, timer.signal).then(
    () => {
      timedOut = true;
      controller.abort();
    },
    () => {},
  );
  const onCallerAbort = (): void => controller.abort();
  signal?.addEventListener('abort', onCallerAbort, { once: true });
  let status = 0;
  let headers = new Headers();
  try {
    const init: RequestInit = {
      method: request.method,
      headers: request.headers,
      signal: controller.signal,
      redirect: 'manual',
    };
    if (request.body !== undefined) init.body = request.body;
    const response = await options.fetch(request.url, init);
    status = response.status;
    headers = response.headers;
    const bytes = await readBody(response, options.maxBodyBytes);
    let text: string | undefined;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = undefined;
    }
    return { kind: 'response', response: { status, headers, text } };
  } catch (error) {
    if (error instanceof BodyTooLarge) return { kind: 'too-large', status, headers };
    if (timedOut) return { kind: 'timeout', cause: error };
    if (signal?.aborted) return { kind: 'aborted', cause: signal.reason };
    return { kind: 'network', cause: error };
  } finally {
    timer.abort();
    signal?.removeEventListener('abort', onCallerAbort);
  }
}

/** True for `application/json` and `application/<anything>+json` (HMRC's vnd types). */
export function isJsonContentType(value: string | null): boolean {
  if (value === null) return false;
  const type = value.split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type);
}
