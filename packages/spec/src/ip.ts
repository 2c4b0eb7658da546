/**
 * Syntax checks for the literals the spec carries: IP addresses, MAC addresses, UUIDs. These say
 * whether a string is well formed; whether an address is public is the validator's business.
 */

/** Dotted-quad IPv4, four decimal octets 0-255 without leading zeros. */
export function isIPv4(text: string): boolean {
  const parts = text.split('.');
  if (parts.length !== 4) return false;
  for (const p of parts) {
    if (p.length === 0 || p.length > 3) return false;
    if (p.length > 1 && p.charCodeAt(0) === 0x30) return false;
    for (let i = 0; i < p.length; i++) {
      const c = p.charCodeAt(i);
      if (c < 0x30 || c > 0x39) return false;
    }
    if (Number(p) > 255) return false;
  }
  return true;
}

function isHexGroup(g: string): boolean {
  if (g.length === 0 || g.length > 4) return false;
  for (let i = 0; i < g.length; i++) {
    const c = g.charCodeAt(i);
    const hex = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
    if (!hex) return false;
  }
  return true;
}

/**
 * IPv6 in any RFC 4291 text form: full, `::`-compressed, or with a trailing dotted-quad IPv4.
 * A zone index (`fe80::1%eth0`) is accepted only when `allowZone` is set.
 */
export function isIPv6(text: string, allowZone = false): boolean {
  let address = text;
  const pct = text.indexOf('%');
  if (pct >= 0) {
    if (!allowZone || pct === text.length - 1) return false;
    address = text.slice(0, pct);
  }
  if (address.length < 2 || address.length > 45) return false;
  // A trailing dotted-quad stands for the last two groups.
  let body = address;
  let extraGroups = 0;
  const lastColon = address.lastIndexOf(':');
  if (lastColon < 0) return false;
  const tail = address.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!isIPv4(tail)) return false;
    body = address.slice(0, lastColon + 1);
    if (!body.endsWith('::')) body = body.slice(0, -1);
    extraGroups = 2;
  }
  const dc = body.indexOf('::');
  if (dc >= 0) {
    if (body.indexOf('::', dc + 1) >= 0) return false;
    const left = body.slice(0, dc);
    const right = body.slice(dc + 2);
    const groups = [
      ...(left === '' ? [] : left.split(':')),
      ...(right === '' ? [] : right.split(':')),
    ];
    return groups.every(isHexGroup) && groups.length + extraGroups <= 7;
  }
  const groups = body.split(':');
  return groups.length + extraGroups === 8 && groups.every(isHexGroup);
}

/** Either IP version. */
export function isIP(text: string, allowZone = false): boolean {
  return isIPv4(text) || isIPv6(text, allowZone);
}

/** A 48-bit MAC address as six hex octets separated by `:` or `-` (one separator throughout). */
export function isMacAddress(text: string): boolean {
  return /^[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(\1[0-9A-Fa-f]{2}){4}$/.test(text);
}

/** A UUID in canonical 8-4-4-4-12 hexadecimal form (any version). */
export function isUuid(text: string): boolean {
  return /^[\da-f]{8}(-[\da-f]{4}){3}-[\da-f]{12}$/i.test(text);
}
