/**
 * HMRC marks deprecated endpoints with response headers (Income Tax end-to-end service guide,
 * "Indicating deprecation in headers"): `Deprecation` (an IMF-fixdate; older releases sent a
 * sentence instead), optional `Sunset` (IMF-fixdate) and `Link` (the API's documentation). This
 * turns them into warnings on the result.
 */

export type HmrcResponseWarningCode =
  /** The endpoint answered with a Deprecation header. */
  | 'ENDPOINT_DEPRECATED'
  /** The endpoint announced a Sunset date without a Deprecation header. */
  | 'ENDPOINT_SUNSET';

export interface HmrcResponseWarning {
  code: HmrcResponseWarningCode;
  /** One sentence for people, naming the dates and documentation HMRC gave. */
  message: string;
  /** The Deprecation header as received, when present. */
  deprecation?: string;
  /** The deprecation date as an ISO 8601 timestamp, when the header held a date. */
  deprecatedAt?: string;
  /** The Sunset header as received, when present. */
  sunset?: string;
  /** The sunset date as an ISO 8601 timestamp, when readable. */
  sunsetAt?: string;
  /** URLs from the Link header (documentation of the API). */
  links: string[];
}

interface HeaderSource {
  get(name: string): string | null;
}

/** IMF-fixdate or another HTTP date; RFC 9745's `@<seconds>` structured date. */
function readDate(value: string): string | undefined {
  const text = value.trim();
  const epoch = /^@(-?\d+)$/.exec(text);
  if (epoch) return new Date(Number(epoch[1]) * 1000).toISOString();
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** URIs of a Link header: `<uri>; rel=...` entries, or a bare URL as HMRC's guide shows it. */
export function parseLinks(value: string | null): string[] {
  if (value === null) return [];
  const bracketed = [...value.matchAll(/<([^>]*)>/g)].map((m) => m[1]!.trim()).filter(Boolean);
  if (bracketed.length > 0) return bracketed;
  return value.split(/[\s,]+/).filter((part) => /^https?:\/\/\S+$/.test(part));
}

/** Warnings for one response's deprecation headers; empty when it carries none. */
export function deprecationWarnings(
  headers: HeaderSource,
  endpoint: string,
): HmrcResponseWarning[] {
  const deprecation = headers.get('deprecation') ?? undefined;
  const sunset = headers.get('sunset') ?? undefined;
  if (deprecation === undefined && sunset === undefined) return [];
  const links = parseLinks(headers.get('link'));
  const deprecatedAt = deprecation === undefined ? undefined : readDate(deprecation);
  const sunsetAt = sunset === undefined ? undefined : readDate(sunset);
  const parts: string[] = [];
  if (deprecation !== undefined) {
    parts.push(
      deprecatedAt
        ? `HMRC deprecated ${endpoint} as of ${deprecatedAt}`
        : `HMRC marks ${endpoint} as deprecated ("${deprecation}")`,
    );
  } else {
    parts.push(`HMRC announced a sunset for ${endpoint}`);
  }
  if (sunset !== undefined) parts.push(`it may stop working from ${sunsetAt ?? `"${sunset}"`}`);
  let message = `${parts.join('; ')}.`;
  if (links.length > 0) message += ` See ${links.join(', ')}.`;
  const warning: HmrcResponseWarning = {
    code: deprecation !== undefined ? 'ENDPOINT_DEPRECATED' : 'ENDPOINT_SUNSET',
    message,
    links,
  };
  if (deprecation !== undefined) warning.deprecation = deprecation;
  if (deprecatedAt !== undefined) warning.deprecatedAt = deprecatedAt;
  if (sunset !== undefined) warning.sunset = sunset;
  if (sunsetAt !== undefined) warning.sunsetAt = sunsetAt;
  return [warning];
}
