import { type HeaderInput, toHeaderMap } from '@fph-kit/spec';

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Whether `validate` sends a header to HMRC: every Gov-* header (Gov-Test-Scenario included,
 * which HMRC ignores); any other header is refused before sending, so callers holding a whole
 * request's headers pick these out first.
 */
export function isSentToTestApi(name: string): boolean {
  return name.toLowerCase().startsWith('gov-');
}

/**
 * The Gov-* headers to send, or why they cannot travel as the caller gave them (nothing is dropped
 * or altered silently).
 */
export function govHeaders(
  input: HeaderInput,
): { headers: Record<string, string> } | { problem: string } {
  if (input === null || typeof input !== 'object')
    return {
      problem: `headers must be an object (or Headers, or [name, value] pairs) of Gov-* header names to values, got ${input === null ? 'null' : typeof input}`,
    };
  const problems: string[] = [];
  const out: Record<string, string> = {};
  for (const entry of toHeaderMap(input).values()) {
    const { name, value } = entry;
    if (!HEADER_NAME.test(name)) {
      problems.push(`${JSON.stringify(name)} is not a valid HTTP header name`);
      continue;
    }
    if (!isSentToTestApi(name)) {
      problems.push(
        `${name} is not a fraud prevention header (only Gov-* headers are sent to the validate endpoint)`,
      );
      continue;
    }
    const bad = /[^\t\x20-\x7e\x80-\xff]/.exec(value);
    if (bad) {
      // The whole character: an emoji is one code point, not its first surrogate.
      const code = value.codePointAt(bad.index)!.toString(16).toUpperCase().padStart(4, '0');
      problems.push(
        `${name}: value has U+${code} at position ${bad.index + 1}, which an HTTP header cannot carry (percent-encode it)`,
      );
      continue;
    }
    if (value !== value.trim()) {
      problems.push(
        `${name}: value starts or ends with whitespace, which HTTP strips before HMRC sees it; remove it`,
      );
      continue;
    }
    out[name] = value;
  }
  if (problems.length > 0) return { problem: `cannot send these headers: ${problems.join('; ')}` };
  return { headers: out };
}
