import { add, list, make } from './rules-builder.js';

/**
 * The rules of each header's own format and advisories, in catalogue order (after the rules of
 * the set, of presence and of encoding in `rules.ts`).
 */
export function addHeaderRules(): void {
  // --- Gov-Client-Connection-Method -----------------------------------------------------------------

  const CM = 'gov-client-connection-method';
  add(CM, 'invalid', {
    severity: 'error',
    message: 'Value must be a recognised connection method. Check the specification.',
    hint: 'Send one of WEB_APP_VIA_SERVER, DESKTOP_APP_DIRECT, DESKTOP_APP_VIA_SERVER, MOBILE_APP_DIRECT, MOBILE_APP_VIA_SERVER, BATCH_PROCESS_DIRECT, OTHER_DIRECT, OTHER_VIA_SERVER.',
    wording: 'fph-kit',
    page: 'connection-method-index',
  });
  add(CM, 'mismatch', {
    severity: 'advisory',
    message: 'The set was validated as a different connection method from the one it declares.',
    hint: 'Send the connection method your application really uses, or validate with that method.',
    wording: 'fph-kit',
    page: 'connection-method-index',
  });

  // --- Gov-Client-Browser-JS-User-Agent -------------------------------------------------------------

  const BUA = 'gov-client-browser-js-user-agent';
  add(BUA, 'not-ascii', {
    severity: 'error',
    message: 'Value must only contain printable US-ASCII characters',
    hint: 'Send navigator.userAgent exactly; percent-encode any character outside US-ASCII.',
    wording: 'fph-kit',
  });
  add(BUA, 'percent-encoded', {
    severity: 'warning',
    message: 'Value must not be percent encoded. Submit the value as reported by the browser.',
    hint: 'Send navigator.userAgent as the browser reports it, without encoding it.',
    wording: 'fph-kit',
  });
  add(BUA, 'headless', {
    severity: 'advisory',
    message: 'Value is the user agent of a headless or automated browser.',
    hint: 'Test with a real browser session; HMRC reviews headers from real users.',
    wording: 'fph-kit',
  });
  add(BUA, 'not-a-browser', {
    severity: 'advisory',
    message: 'Value does not look like the user agent of a web browser.',
    hint: 'Collect navigator.userAgent in the browser, not the User-Agent of your server-side HTTP client.',
    wording: 'fph-kit',
  });

  // --- Gov-Client-Device-ID -------------------------------------------------------------------------

  const DID = 'gov-client-device-id';
  add(DID, 'not-uuid', {
    severity: 'warning',
    message: 'Use a recommended UUID. Check the specification.',
    hint: 'Generate a random UUID (crypto.randomUUID()) once per device and store it persistently.',
    wording: 'hmrc-observed',
  });
  add(DID, 'too-short', {
    severity: 'warning',
    message:
      'ID must be longer to ensure it is unique. It is best to use a UUID which is at least 128 bits or 32 hex characters long.',
    hint: 'Use a random UUID such as crypto.randomUUID().',
    wording: 'hmrc-observed',
  });
  add(DID, 'email', {
    severity: 'warning',
    message:
      'Contains an email address. User specific data must not be used to generate Device IDs.',
    hint: 'Use a random UUID that identifies the device, not the user.',
    wording: 'hmrc-observed',
  });
  add(DID, 'nil-uuid', {
    severity: 'advisory',
    message: 'Value is the nil UUID or another constant, so it cannot tell devices apart.',
    hint: 'Generate a random UUID per device (crypto.randomUUID()).',
    wording: 'fph-kit',
  });

  // --- IP addresses ---------------------------------------------------------------------------------

  for (const key of ['gov-client-public-ip', 'gov-vendor-public-ip', 'gov-vendor-forwarded']) {
    const forwarded = key === 'gov-vendor-forwarded';
    add(key, 'not-ip', {
      severity: 'error',
      message: 'Value is not an IP address',
      hint: forwarded
        ? 'Give by and for as IPv4 or IPv6 addresses, IPv6 percent-encoded.'
        : 'Send one IPv4 or IPv6 address as it is, without port, brackets or percent-encoding.',
      wording: 'hmrc-observed',
    });
    add(key, 'not-public', {
      severity: 'error',
      message: 'Value is not a public IP address',
      hint: forwarded
        ? 'List only hops over the internet, with public addresses; leave out hops inside a private network.'
        : 'Send the public address seen on the internet (from the TCP connection or a trusted proxy header), not a private one.',
      wording: 'hmrc-observed',
    });
    add(key, 'documentation-address', {
      severity: 'advisory',
      message:
        'Value is an address reserved for documentation, such as the specification examples.',
      hint: 'Send the real public address; 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24 and 2001:db8::/32 are never used on the internet.',
      wording: 'fph-kit',
    });
    add(key, 'not-routable', {
      severity: 'advisory',
      message:
        'Value is not an address the internet routes to a single host (shared, multicast or reserved).',
      hint: 'Check how the address is collected; it should be the public address the connection came from.',
      wording: 'fph-kit',
    });
  }

  const FWD = 'gov-vendor-forwarded';
  add(FWD, 'by-missing', {
    severity: 'error',
    message: "At least 1 value for 'by' is missing",
    hint: 'Give every hop a by (receiving server) and a for (sender) address.',
    wording: 'hmrc-observed',
  });
  add(FWD, 'for-missing', {
    severity: 'error',
    message: "At least 1 value for 'for' is missing",
    hint: 'Give every hop a by (receiving server) and a for (sender) address.',
    wording: 'hmrc-observed',
  });
  list.push(
    make('vendor-forwarded.no-matching-pair', FWD, {
      severity: 'error',
      code: 'INVALID_HEADERS',
      message:
        "At least 1 pair of IPs in Gov-Vendor-Forwarded must include Gov-Client-Public-IP in the 'for' field and Gov-Vendor-Public-IP in the 'by' field. Check all 3 headers are consistent.",
      hint: 'Make the first hop by=<Gov-Vendor-Public-IP>&for=<Gov-Client-Public-IP>.',
      wording: 'hmrc',
    }),
  );
  add(FWD, 'first-hop', {
    severity: 'advisory',
    message:
      'The first hop is not by Gov-Vendor-Public-IP for Gov-Client-Public-IP. Since spec 3.3 the first hop must hold them.',
    hint: 'Put the hop from the client to your first public server first in the list.',
    wording: 'fph-kit',
  });
  add(FWD, 'chain-broken', {
    severity: 'advisory',
    message: "The hops do not form a chain: each hop's 'for' should be the previous hop's 'by'.",
    hint: 'Append one hop per server that terminates TLS, in the order the request passed through them.',
    wording: 'fph-kit',
  });
  add('gov-vendor-public-ip', 'same-as-client', {
    severity: 'advisory',
    message:
      'Gov-Vendor-Public-IP equals Gov-Client-Public-IP. HMRC reviewers treat this as a collection error.',
    hint: "Send your server's public address as Gov-Vendor-Public-IP and the client's as Gov-Client-Public-IP.",
    wording: 'fph-kit',
  });

  // --- Gov-Client-Local-IPs and Gov-Client-MAC-Addresses --------------------------------------------

  const LIP = 'gov-client-local-ips';
  add(LIP, 'not-ip', {
    severity: 'error',
    message: 'At least 1 value is not an IP address',
    hint: 'List the IPv4 and IPv6 addresses of the device, each percent-encoded.',
    wording: 'fph-kit',
  });
  add(LIP, 'not-local', {
    severity: 'warning',
    message: 'At least 1 value is not a local IP address',
    hint: "List the addresses of the device's own network interfaces, not its public address.",
    wording: 'fph-kit',
  });
  add(LIP, 'loopback-only', {
    severity: 'advisory',
    message: 'Value only lists loopback or link-local addresses.',
    hint: 'Include the addresses of every network interface, not only 127.0.0.1 or ::1.',
    wording: 'fph-kit',
  });
  add(LIP, 'not-interface-address', {
    severity: 'advisory',
    message:
      'At least 1 value is not an address a network interface can hold (unspecified, broadcast or multicast).',
    hint: "List the addresses assigned to the device's interfaces.",
    wording: 'fph-kit',
  });

  const MAC = 'gov-client-mac-addresses';
  add(MAC, 'not-mac', {
    severity: 'error',
    message: 'At least 1 value is not a MAC address',
    hint: 'List six hexadecimal octets per address, such as ea:43:1a:5d:21:45, each percent-encoded.',
    wording: 'fph-kit',
  });
  add(MAC, 'zero', {
    severity: 'advisory',
    message: 'At least 1 value is an all-zero or broadcast MAC address.',
    hint: 'Leave out interfaces without a hardware address (such as loopback).',
    wording: 'fph-kit',
  });

  // --- Timestamps -----------------------------------------------------------------------------------

  for (const key of ['gov-client-local-ips-timestamp', 'gov-client-public-ip-timestamp']) {
    add(key, 'no-milliseconds', {
      severity: 'warning',
      message: 'Value must be a UTC timestamp including milliseconds',
      hint: 'Use new Date().toISOString(): yyyy-MM-ddTHH:mm:ss.SSSZ with exactly 3 digits of milliseconds.',
      wording: 'hmrc',
    });
    add(key, 'invalid', {
      severity: 'error',
      message: 'Value must be a UTC timestamp in the format yyyy-MM-ddThh:mm:ss.sssZ',
      hint: 'Use new Date().toISOString(): UTC, T between date and time, Z at the end, no encoding.',
      wording: 'fph-kit',
    });
    add(key, 'stale', {
      severity: 'advisory',
      message: 'Timestamp is more than an hour before the request.',
      hint: 'Collect the value and its timestamp for each request instead of caching them.',
      wording: 'fph-kit',
    });
    add(key, 'future', {
      severity: 'advisory',
      message: 'Timestamp is in the future.',
      hint: 'Check the clock and the time zone conversion (the value must be UTC).',
      wording: 'fph-kit',
    });
  }

  // --- Gov-Client-Multi-Factor ----------------------------------------------------------------------

  const MFA = 'gov-client-multi-factor';
  for (const key of ['type', 'timestamp', 'unique-reference']) {
    add(MFA, `${key}-missing`, {
      severity: 'error',
      message: `At least 1 value for '${key}' is missing`,
      hint: 'Give every factor a type, a timestamp and a unique-reference.',
      wording: 'fph-kit',
    });
  }
  add(MFA, 'type-invalid', {
    severity: 'error',
    message: "At least 1 value for 'type' is not TOTP, AUTH_CODE or OTHER",
    hint: 'Use TOTP, AUTH_CODE or OTHER, in capitals.',
    wording: 'fph-kit',
  });
  add(MFA, 'timestamp-invalid', {
    severity: 'error',
    message:
      "At least 1 value for 'timestamp' is not a UTC timestamp in the format yyyy-MM-ddThh:mmZ",
    hint: 'Use a UTC time with T and Z, e.g. 2021-11-21T13:23Z (seconds and milliseconds optional), percent-encoded.',
    wording: 'fph-kit',
  });
  add(MFA, 'timestamp-future', {
    severity: 'advisory',
    message: 'At least 1 multi-factor timestamp is in the future.',
    hint: 'Record when the factor was last prompted for, in UTC.',
    wording: 'fph-kit',
  });
  add(MFA, 'timestamp-stale', {
    severity: 'advisory',
    message: 'Every multi-factor timestamp is more than 30 days old.',
    hint: 'Send the time of the last successful prompt for each factor, not when it was set up.',
    wording: 'fph-kit',
  });
  add(MFA, 'unhashed-reference', {
    severity: 'advisory',
    message: 'At least 1 unique-reference looks like a raw phone number or email address.',
    hint: 'Send a salted hash of the identifier (for example SHA-256), never the identifier itself.',
    wording: 'fph-kit',
  });

  // --- Gov-Client-Public-Port -----------------------------------------------------------------------

  const PORT = 'gov-client-public-port';
  add(PORT, 'invalid', {
    severity: 'error',
    message: 'Value must be a whole number between 1 and 65535',
    hint: 'Send the source port of the client connection as seen by your server, digits only.',
    wording: 'fph-kit',
  });
  add(PORT, 'server-port', {
    severity: 'error',
    message: 'Value must not be a server port, for example 80 or 443',
    hint: "Send the client's source port (usually 1024-65535), not the port your server listens on.",
    wording: 'fph-kit',
  });
  add(PORT, 'well-known', {
    severity: 'advisory',
    message: 'Value is a well-known port; client source ports are usually 1024 or above.',
    hint: 'Check that the value is the source port of the client connection.',
    wording: 'fph-kit',
  });

  // --- Gov-Client-Screens and Gov-Client-Window-Size ------------------------------------------------

  const SCR = 'gov-client-screens';
  const SCREEN_FIELDS = [
    ['width', 'width', 'a positive whole number'],
    ['height', 'height', 'a positive whole number'],
    ['scaling-factor', 'scaling factor', 'a positive number'],
    ['colour-depth', 'colour depth', 'a positive whole number'],
  ] as const;
  for (const [key, words, kind] of SCREEN_FIELDS) {
    add(SCR, `${key}-missing`, {
      severity: 'error',
      message: `At least 1 screen is missing a value for ${words}`,
      hint: 'Give every screen width, height, scaling-factor and colour-depth.',
      wording: key === 'scaling-factor' || key === 'colour-depth' ? 'hmrc' : 'fph-kit',
    });
    add(SCR, `${key}-invalid`, {
      severity: 'error',
      message: `At least 1 screen has a value for ${words} that is not ${kind}`,
      hint:
        key === 'scaling-factor'
          ? 'Send window.devicePixelRatio, e.g. 1, 1.25 or 2.'
          : `Send ${words} as digits only, e.g. ${key === 'colour-depth' ? '24' : '1920'}.`,
      wording: 'fph-kit',
    });
  }
  add(SCR, 'implausible', {
    severity: 'advisory',
    message: 'At least 1 screen has values no real screen reports.',
    hint: 'Send screen.width, screen.height, window.devicePixelRatio and screen.colorDepth as reported.',
    wording: 'fph-kit',
  });

  const WIN = 'gov-client-window-size';
  for (const key of ['width', 'height']) {
    add(WIN, `${key}-missing`, {
      severity: 'error',
      message: `A value for ${key} is missing`,
      hint: 'Send width and height, e.g. width=1256&height=803.',
      wording: 'fph-kit',
    });
    add(WIN, `${key}-invalid`, {
      severity: 'error',
      message: `The value for ${key} is not a positive whole number`,
      hint: 'Send window.innerWidth and window.innerHeight as digits only.',
      wording: 'fph-kit',
    });
  }
  add(WIN, 'larger-than-screens', {
    severity: 'advisory',
    message: 'The window is larger than every screen.',
    hint: 'Send the inner size of the application window and the sizes of the screens in the same units.',
    wording: 'fph-kit',
  });

  // --- Gov-Client-Timezone --------------------------------------------------------------------------

  const TZ = 'gov-client-timezone';
  add(TZ, 'invalid', {
    severity: 'error',
    message: 'Value must be a recognised timezone in UTC format, submitted as UTC±<hh>:<mm>',
    hint: 'Send the current offset as UTC+hh:mm or UTC-hh:mm, e.g. UTC+01:00 (UTC+00:00 for zero).',
    wording: 'hmrc',
  });
  add(TZ, 'unused-offset', {
    severity: 'advisory',
    message: 'No timezone in use has this offset.',
    hint: 'Compute the offset from the device clock (-new Date().getTimezoneOffset() minutes).',
    wording: 'fph-kit',
  });
  add(TZ, 'minus-zero', {
    severity: 'advisory',
    message: 'A zero offset is written UTC+00:00.',
    hint: 'Send UTC+00:00 for a zero offset.',
    wording: 'fph-kit',
  });

  // --- Gov-Client-User-Agent ------------------------------------------------------------------------

  const UA = 'gov-client-user-agent';
  for (const [key, words, severity] of [
    ['os-family', 'OS family', 'error'],
    ['os-version', 'OS version', 'error'],
    ['device-manufacturer', 'device manufacturer', 'warning'],
    ['device-model', 'device model', 'warning'],
  ] as const) {
    add(UA, `${key}-missing`, {
      severity,
      message: `At least 1 value for ${words} is missing`,
      hint: 'Send os-family, os-version, device-manufacturer and device-model as key=value pairs.',
      wording: 'hmrc-observed',
    });
  }

  // --- Gov-Client-User-IDs --------------------------------------------------------------------------

  const UID = 'gov-client-user-ids';
  add(UID, 'os-not-expected', {
    severity: 'warning',
    message:
      'Check you are using the correct Gov-Client-Connection-Method. Web applications do not usually provide the os field as browsers do not expose this information.',
    hint: 'Remove the os key for a web application, or use the connection method that matches your architecture.',
    wording: 'hmrc',
  });
  add(UID, 'os-missing', {
    severity: 'warning',
    message:
      'A value for os is missing. Submit the identifier of the user signed in on the originating device.',
    hint: 'Add os=<operating system user name>, percent-encoded (DOMAIN\\alice becomes DOMAIN%5Calice).',
    wording: 'fph-kit',
  });
  add(UID, 'no-value', {
    severity: 'error',
    message: 'Value must contain at least 1 user identifier',
    hint: 'Send the identifiers the user holds, e.g. my-application=alice123.',
    wording: 'fph-kit',
  });

  // --- Gov-Vendor-License-IDs, -Product-Name, -Version ----------------------------------------------

  const LIC = 'gov-vendor-license-ids';
  add(LIC, 'value-missing', {
    severity: 'warning',
    message: 'At least 1 license ID value is missing',
    hint: 'Send software-name=<hashed licence key> for each licensed product.',
    wording: 'fph-kit',
  });
  add(LIC, 'not-hashed', {
    severity: 'advisory',
    message: 'At least 1 license ID does not look hashed.',
    hint: 'Hash licence keys (for example SHA-256, hex) before sending them; use the same function every time.',
    wording: 'fph-kit',
  });

  const PN = 'gov-vendor-product-name';
  add(PN, 'not-percent-encoded', {
    severity: 'error',
    message: 'Value is not percent encoded',
    hint: 'Percent-encode the name: Product Name becomes Product%20Name.',
    wording: 'fph-kit',
  });

  const VV = 'gov-vendor-version';
  add(VV, 'version-missing', {
    severity: 'error',
    message: 'At least 1 software version value is missing',
    hint: 'Send software-name=version for each piece of software, e.g. my-web-app=2.2.2.',
    wording: 'hmrc-observed',
  });
  add(VV, 'too-few-versions', {
    severity: 'warning',
    message:
      'For client server architectures, submit a version for the client and the server. For all other architectures, submit at least 1 version.',
    hint: 'Send one pair for the client application and one for your server, e.g. my-desktop-app=2.2.2&my-server=v3.8.',
    wording: 'hmrc',
  });
}
