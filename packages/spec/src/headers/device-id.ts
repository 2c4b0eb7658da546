import { refuse } from '../errors.js';
import type { HeaderDefinition } from '../headers.js';
import { def } from './catalogue-entry.js';
import { nonEmptyText, type ParseProblem, type ParseResult, result } from './shared.js';

/** `Gov-Client-Device-ID`: a UUID. */

/** A UUID in canonical 8-4-4-4-12 hexadecimal form (any version). */
export function isUuid(text: string): boolean {
  return /^[\da-f]{8}(-[\da-f]{4}){3}-[\da-f]{12}$/i.test(text);
}

/** `Gov-Client-Device-ID`: a UUID, kept as given. */
export function formatDeviceId(id: string): string {
  if (typeof id !== 'string' || !isUuid(id)) {
    refuse('deviceId', 'a UUID (8-4-4-4-12 hexadecimal digits)', id);
  }
  return id;
}

/** `Gov-Client-Device-ID`. */
export function parseDeviceId(text: string): ParseResult<string> {
  const problems: ParseProblem[] = [];
  if (nonEmptyText(text, problems) && !isUuid(text)) {
    problems.push({
      code: 'INVALID_UUID',
      message: `'${text}' is not a UUID (8-4-4-4-12 hexadecimal digits)`,
    });
  }
  return result(text, problems);
}

/** Gov-Client-Device-ID in the header catalogue. */
export const DEVICE_ID_HEADER: HeaderDefinition = /* @__PURE__ */ def(
  'Gov-Client-Device-ID',
  'plain',
  'client',
  'A UUID generated once and stored persistently on the originating device.',
);
