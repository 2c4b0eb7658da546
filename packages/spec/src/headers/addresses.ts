import { isIP, isIPv4, isIPv6, isMacAddress } from '../address.js';
import {
  decodeKeyValueList,
  decodeList,
  encodeKeyValueList,
  encodeList,
  percentDecode,
} from '../codec.js';
import { refuse } from '../errors.js';
import type { HeaderDefinition } from '../headers.js';
import { def } from './catalogue-entry.js';
import {
  addCodecProblems,
  encodedSeparator,
  nonEmptyList,
  nonEmptyText,
  type ParseProblem,
  type ParseResult,
  pairValue,
  result,
} from './shared.js';

/**
 * The address headers: `Gov-Client-Public-IP` and `Gov-Vendor-Public-IP` (one address, not
 * encoded), `Gov-Client-Local-IPs` and `Gov-Client-MAC-Addresses` (encoded lists) and
 * `Gov-Vendor-Forwarded` (`by`/`for` hops). Address syntax and kinds are `../address.ts`.
 */

export interface ForwardedHop {
  /** The public IP address that received the request on this hop. */
  by: string;
  /** The public IP address of the sender on this hop. */
  for: string;
}

/** `Gov-Client-Public-IP` and `Gov-Vendor-Public-IP`: one IPv4 or IPv6 address, as given. */
export function formatPublicIp(ip: string, field = 'publicIp'): string {
  if (typeof ip !== 'string' || !(isIPv4(ip) || isIPv6(ip))) refuse(field, 'an IP address', ip);
  return ip;
}

/** `Gov-Client-Public-IP` and `Gov-Vendor-Public-IP`: one address, not percent-encoded. */
export function parsePublicIp(text: string): ParseResult<string> {
  const problems: ParseProblem[] = [];
  if (nonEmptyText(text, problems) && !(isIPv4(text) || isIPv6(text))) {
    const decoded = percentDecode(text).value;
    const hint =
      decoded !== text && isIPv6(decoded) ? ' (send IPv6 here without percent-encoding)' : '';
    problems.push({ code: 'INVALID_IP', message: `'${text}' is not an IP address${hint}` });
  }
  return result(text, problems);
}

/** `Gov-Client-Local-IPs`: IPv4 and IPv6 addresses, each percent-encoded (IPv6 `:` becomes `%3A`). */
export function formatLocalIps(ips: readonly string[]): string {
  nonEmptyList(ips, 'localIps', 'address').forEach((ip, i) => {
    if (typeof ip !== 'string' || !isIP(ip, true)) refuse(`localIps[${i}]`, 'an IP address', ip);
  });
  return encodeList(ips, 'localIps');
}

/** `Gov-Client-MAC-Addresses`: each address percent-encoded (`:` becomes `%3A`). */
export function formatMacAddresses(macs: readonly string[]): string {
  nonEmptyList(macs, 'macAddresses', 'address').forEach((mac, i) => {
    if (typeof mac !== 'string' || !isMacAddress(mac)) {
      refuse(`macAddresses[${i}]`, 'a MAC address like ea:43:1a:5d:21:45', mac);
    }
  });
  return encodeList(macs, 'macAddresses');
}

function parseAddressList(
  text: string,
  check: (v: string) => boolean,
  code: 'INVALID_IP' | 'INVALID_MAC',
  what: string,
): ParseResult<string[]> {
  const problems: ParseProblem[] = [];
  if (!nonEmptyText(text, problems)) return result([], problems);
  const decoded = decodeList(text);
  addCodecProblems(problems, decoded.problems);
  decoded.value.forEach((v, i) => {
    if (!check(v) && !encodedSeparator(v, `item ${i + 1}`, problems)) {
      problems.push({ code, message: `item ${i + 1} '${v}' is not ${what}`, field: `[${i}]` });
    }
  });
  return result(decoded.value, problems);
}

/** `Gov-Client-Local-IPs`: decoded addresses. */
export function parseLocalIps(text: string): ParseResult<string[]> {
  return parseAddressList(text, (v) => isIP(v, true), 'INVALID_IP', 'an IP address');
}

/** `Gov-Client-MAC-Addresses`: decoded addresses. */
export function parseMacAddresses(text: string): ParseResult<string[]> {
  return parseAddressList(text, isMacAddress, 'INVALID_MAC', 'a MAC address');
}

/** `Gov-Vendor-Forwarded`: one `by`/`for` structure per internet hop, first hop first. */
export function formatVendorForwarded(hops: readonly ForwardedHop[]): string {
  return encodeKeyValueList(
    nonEmptyList(hops, 'forwarded', 'hop').map((hop, i) => [
      ['by', formatPublicIp(hop?.by, `forwarded[${i}].by`)],
      ['for', formatPublicIp(hop?.for, `forwarded[${i}].for`)],
    ]),
    'forwarded',
  );
}

/** `Gov-Vendor-Forwarded`: hops in order, addresses decoded. */
export function parseVendorForwarded(text: string): ParseResult<ForwardedHop[]> {
  const problems: ParseProblem[] = [];
  if (!nonEmptyText(text, problems)) return result([], problems);
  const decoded = decodeKeyValueList(text);
  addCodecProblems(problems, decoded.problems);
  const hops = decoded.value.map((pairs, i) => {
    const field = `forwarded[${i}]`;
    const hop = { by: pairValue(pairs, 'by') ?? '', for: pairValue(pairs, 'for') ?? '' };
    for (const key of ['by', 'for'] as const) {
      if (hop[key] === '') {
        problems.push({
          code: 'MISSING_KEY',
          message: `${field} has no value for '${key}'`,
          field,
        });
      } else if (
        !(isIPv4(hop[key]) || isIPv6(hop[key])) &&
        !encodedSeparator(hop[key], `${field} '${key}'`, problems)
      ) {
        problems.push({
          code: 'INVALID_IP',
          message: `${field} '${key}' value '${hop[key]}' is not an IP address`,
          field,
        });
      }
    }
    return hop;
  });
  return result(hops, problems);
}

/** Gov-Client-Local-IPs in the header catalogue. */
export const LOCAL_IPS_HEADER: HeaderDefinition = /* @__PURE__ */ def(
  'Gov-Client-Local-IPs',
  'list',
  'client',
  'All local IPv4 and IPv6 addresses of the originating device; IPv6 values percent-encoded.',
);

/** Gov-Client-MAC-Addresses in the header catalogue. */
export const MAC_ADDRESSES_HEADER: HeaderDefinition = /* @__PURE__ */ def(
  'Gov-Client-MAC-Addresses',
  'list',
  'client',
  'The MAC addresses of the originating device, each percent-encoded.',
);

/** Gov-Client-Public-IP in the header catalogue. */
export const PUBLIC_IP_HEADER: HeaderDefinition = /* @__PURE__ */ def(
  'Gov-Client-Public-IP',
  'plain',
  'server',
  'The public IP address from which the originating device made the request.',
);

/** Gov-Vendor-Forwarded in the header catalogue. */
export const VENDOR_FORWARDED_HEADER: HeaderDefinition = /* @__PURE__ */ def(
  'Gov-Vendor-Forwarded',
  'key-value-list',
  'server',
  'One by/for pair of public IPs per internet hop between services that terminate TLS.',
  { requiredKeys: ['by', 'for'] },
);

/** Gov-Vendor-Public-IP in the header catalogue. */
export const VENDOR_PUBLIC_IP_HEADER: HeaderDefinition = /* @__PURE__ */ def(
  'Gov-Vendor-Public-IP',
  'plain',
  'server',
  'The public IP address of the servers the originating device sent its requests to.',
);
