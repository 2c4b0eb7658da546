import type { CollectionNote } from '@fph-kit/spec';

/**
 * What the assembler could not do for a request, or what it refused: the codes of its
 * {@link CollectionNote}s (`problems`). Problems are data: the request goes on, the header set
 * holds what could be collected truthfully, and each problem says what is missing or was dropped,
 * and why. The value concerned is made printable and cut to 200 characters.
 */
export const ASSEMBLY_PROBLEM_CODES = [
  /** No public IP for the client: the peer is on a private network, or a proxy gave none. */
  'PUBLIC_IP_UNAVAILABLE',
  /** No client port: the proxy header in use carries none, or the client is not public. */
  'PUBLIC_PORT_UNAVAILABLE',
  /** A forwarding header came from a peer that is not a trusted proxy, or is not in use: ignored. */
  'FORWARDING_HEADER_IGNORED',
  /** A trusted proxy's forwarding header is missing, malformed or names no usable address. */
  'FORWARDING_HEADER_INVALID',
  /** The vendor's public IP could not be had (resolver failed, timed out or gave no public IP). */
  'VENDOR_PUBLIC_IP_UNAVAILABLE',
  /** A hop of Gov-Vendor-Forwarded after the first could not be built and was left out. */
  'VENDOR_FORWARDED_INCOMPLETE',
  /** Gov-Vendor-Public-IP equals Gov-Client-Public-IP, which HMRC's reviewers reject. */
  'VENDOR_IP_SAME_AS_CLIENT',
  /** The `fph_client` field could not be read at all (not JSON, not an object, too large). */
  'CLIENT_PAYLOAD_INVALID',
  /** One client value was dropped: too long, not printable ASCII, or malformed for its header. */
  'CLIENT_VALUE_INVALID',
  /** A client value came both as a request header and in `fph_client`, differently. */
  'CLIENT_VALUE_CONFLICT',
  /** The client sent a value only the server may supply (public IP, port, Gov-Vendor-*): dropped. */
  'SERVER_HEADER_FROM_CLIENT',
  /** The client named another connection method than the server's: the server's is sent. */
  'CONNECTION_METHOD_MISMATCH',
  /** A client Gov-Vendor-Version pair for software that may not contribute one: dropped. */
  'VENDOR_VERSION_NOT_ALLOWED',
  /** The client sent a name that is no fraud prevention header of the spec: dropped. */
  'UNKNOWN_HEADER_FROM_CLIENT',
  /** A header the connection method requires is absent, for a reason no other problem gives. */
  'HEADER_MISSING',
  /** The assembler itself failed on this request (a bug): the set holds what was built. */
  'INTERNAL_ERROR',
] as const;
export type AssemblyProblemCode = (typeof ASSEMBLY_PROBLEM_CODES)[number];

const MAX_SHOWN = 200;

/**
 * A value made safe for messages and logs: printable US-ASCII kept, everything else escaped as
 * `\xNN` or `\uNNNN`, cut to 200 characters with an ellipsis.
 */
export function printable(value: unknown): string {
  const text = typeof value === 'string' ? value : safeJson(value);
  let out = '';
  let i = 0;
  for (; i < text.length && out.length < MAX_SHOWN; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e) out += text[i];
    else if (c <= 0xff) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += `\\u${c.toString(16).padStart(4, '0')}`;
  }
  return i < text.length ? `${out}...` : out;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** A quoted, printable rendering of a value for a message. */
export function quote(value: unknown): string {
  return `'${printable(value)}'`;
}

/** Control characters (C0, DEL, C1) and the Unicode line and paragraph separators. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * Builds a problem, with `value` made printable when given. The message keeps its wording (HMRC's
 * `±` included) but never a control character, so a problem logged as it is stays one line
 * whatever the client sent (a JSON parser's message quotes the text it failed on).
 */
export function problem(
  code: AssemblyProblemCode,
  header: string | undefined,
  message: string,
  value?: unknown,
): CollectionNote<AssemblyProblemCode> {
  const text = message.replace(
    CONTROL,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  const p: CollectionNote<AssemblyProblemCode> =
    header === undefined ? { code, message: text } : { code, header, message: text };
  if (value !== undefined) p.value = printable(value);
  return p;
}
