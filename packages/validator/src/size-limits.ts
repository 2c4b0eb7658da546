import { HEADERS } from '@fph-kit/spec';
import type { HeaderSet } from './header-set.js';
import { rule } from './rules.js';
import type { Run } from './run.js';

/**
 * Sizes a gateway in front of HMRC, or the vendor's own, would refuse before any check runs. HMRC
 * does not publish its edge's limits, so these are the smallest defaults of the servers and
 * proxies most often in the path; the advisory's detail names them.
 */

/** One header line (`Name: value`): Apache httpd's default LimitRequestFieldSize. */
export const HEADER_LINE_LIMIT: number = 8190;

/** Every Gov-* header line together: Node.js's default --max-http-header-size (16 KiB). */
export const GOV_BLOCK_LIMIT: number = 16 * 1024;

const LINE_TOO_LARGE = rule('any.too-large');
const BLOCK_TOO_LARGE = rule('set.too-large');

const LINE_SOURCE = `Apache httpd refuses a header line over ${HEADER_LINE_LIMIT.toLocaleString('en-GB')} bytes (LimitRequestFieldSize), nginx one over 8 KiB (large_client_header_buffers), fph serve a value over 8 KiB`;
const BLOCK_SOURCE = `Node.js refuses a request whose headers pass ${GOV_BLOCK_LIMIT.toLocaleString('en-GB')} bytes in all (its default --max-http-header-size), before the request's other headers are counted`;

/** UTF-8 length of a string. */
function utf8Bytes(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff) {
      // A surrogate pair: 2 units, 4 bytes.
      bytes += 2;
      i++;
    } else bytes += 2;
  }
  return bytes;
}

/** The `Name: value` line of a header, in bytes. */
function lineBytes(name: string, value: string): number {
  return name.length + 2 + utf8Bytes(value);
}

/** Advisories for a header, or the whole Gov-* block, larger than common gateways accept. */
export function sizeAdvisories(set: HeaderSet, run: Run): void {
  // A UTF-16 unit is at most 3 UTF-8 bytes: short sets skip the exact count.
  let chars = 0;
  for (let i = 0; i < set.values.length; i++) {
    const value = set.values[i];
    if (value !== undefined) chars += HEADERS[i]!.name.length + 2 + value.length;
  }
  for (const [key, value] of set.unknown) chars += key.length + 2 + value.length;
  if (chars * 3 <= HEADER_LINE_LIMIT) return;

  let total = 0;
  for (let i = 0; i < set.values.length; i++) {
    const value = set.values[i];
    if (value === undefined) continue;
    const def = HEADERS[i]!;
    const count = set.counts[i]!;
    const bytes = lineBytes(def.name, value);
    if (count > 1) {
      // Sent on `count` lines, joined here with ', ': every further line adds its `Name: ` and
      // drops a ', '. How long each line was is not known after joining: only the block is judged.
      total += bytes + (count - 1) * def.name.length;
      continue;
    }
    total += bytes;
    if (bytes > HEADER_LINE_LIMIT)
      run.hit(
        LINE_TOO_LARGE,
        def.key,
        value,
        `${def.name} is ${bytes.toLocaleString('en-GB')} bytes as a header line; ${LINE_SOURCE}`,
      );
  }
  for (const [key, value] of set.unknown) total += lineBytes(key, value);
  if (total > GOV_BLOCK_LIMIT)
    run.hit(
      BLOCK_TOO_LARGE,
      'gov-*',
      undefined,
      `the Gov-* headers are ${total.toLocaleString('en-GB')} bytes together; ${BLOCK_SOURCE}`,
    );
}
