import { encodeKeyValue, encodeUtf8, type KeyValuePair } from './codec.js';
import { refuse, SpecError } from './errors.js';
import { type KeyValueInput, requireString } from './headers/shared.js';

/** SHA-256 for the values the spec asks to be hashed: licence keys and MFA references. */

/** The part of Web Crypto used here (present in browsers and as `globalThis.crypto` in Node 20+). */
interface DigestProvider {
  subtle: { digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer> };
}

function subtle(): DigestProvider['subtle'] {
  const crypto = (globalThis as { crypto?: DigestProvider }).crypto;
  if (!crypto?.subtle) {
    throw new SpecError(
      'INVALID_INPUT',
      'crypto',
      'Web Crypto (crypto.subtle) is not available here; hashing needs a secure context or Node 20+',
    );
  }
  return crypto.subtle;
}

/** SHA-256 of the UTF-8 text, as hex (lower case unless `upper`). Uses Web Crypto in browsers and Node. */
export async function sha256Hex(text: string, upper = false): Promise<string> {
  if (typeof text !== 'string') refuse('sha256 input', 'a string', text);
  encodeUtf8(text, 'sha256 input'); // refuses lone surrogates, which TextEncoder would silently replace
  const digest = await subtle().digest('SHA-256', new TextEncoder().encode(text));
  let hex = '';
  for (const b of new Uint8Array(digest)) hex += b.toString(16).padStart(2, '0');
  return upper ? hex.toUpperCase() : hex;
}

/**
 * Hashes licence keys for `Gov-Vendor-License-IDs` with SHA-256 (upper-case hex, as in the spec's
 * example). The same key always gives the same value, as the spec asks.
 */
export async function hashLicenseIds(keys: KeyValueInput): Promise<KeyValuePair[]> {
  const listed =
    typeof keys === 'object' && keys !== null && Symbol.iterator in keys
      ? [...(keys as Iterable<KeyValuePair>)]
      : keys;
  // What formatLicenseIds would refuse (not an object, a Map or pairs), refused before hashing.
  encodeKeyValue(listed, 'licenseIds');
  const pairs: KeyValuePair[] = Array.isArray(listed) ? listed : Object.entries(listed);
  return Promise.all(
    pairs.map(async ([software, key]) => {
      requireString(software, 'licenseIds software name');
      return [
        software,
        await sha256Hex(requireString(key, `licenseIds.${software}`), true),
      ] as const;
    }),
  );
}

/**
 * A stable reference for an MFA factor: SHA-256 of `salt` + the factor's identifier (a phone number,
 * a TOTP secret's ID). Never pass the secret itself.
 */
export async function hashUniqueReference(identifier: string, salt = ''): Promise<string> {
  requireString(identifier, 'uniqueReference identifier');
  return sha256Hex(`${salt}${identifier}`);
}
