import type { BridgeCall, BridgeRefusalCode, BridgeRequest } from './bridge.js';

/**
 * Checks what the renderer sent before anything of it reaches the collector. The renderer is the
 * least trusted part of the app (it shows remote content, and a compromised page can call
 * `window.fph` with anything), so only the two fields it may know are taken, and every value the
 * main process or the vendor's server supplies is refused by name.
 */

export type Checked =
  | { ok: true; kind: BridgeCall; request: BridgeRequest }
  | { ok: false; code: BridgeRefusalCode; message: string };

const ALLOWED = new Set(['userIds', 'multiFactor']);
const MFA_KEYS = new Set(['type', 'timestamp', 'uniqueReference']);

function refuse(message: string): Checked {
  return { ok: false, code: 'REQUEST_REFUSED', message };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function shown(key: string): string {
  const printable = key.replace(/[^\x20-\x7E]/g, '?');
  return JSON.stringify(printable.length > 60 ? `${printable.slice(0, 57)}...` : printable);
}

function claimedBy(key: string): string {
  return /^gov-/i.test(key)
    ? `${shown(key)} is a header the main process or the vendor's server supplies, never the renderer`
    : `${shown(key)} is not a field of the request (only userIds and multiFactor)`;
}

/** The renderer's arguments (after the channel) as a checked request, or why they are refused. */
export function checkRequest(args: readonly unknown[]): Checked {
  const [kind, request, ...rest] = args;
  if (kind !== 'headers' && kind !== 'payload') {
    return refuse(
      `the call must be "headers" or "payload", got ${typeof kind === 'string' ? shown(kind) : typeof kind}`,
    );
  }
  if (rest.length > 0)
    return refuse(`the call takes one request object, got ${args.length - 1} arguments`);
  if (request === undefined) return { ok: true, kind, request: {} };
  if (!isPlainObject(request)) return refuse('the request must be a plain object');
  for (const key of Object.keys(request)) {
    if (!ALLOWED.has(key)) return refuse(claimedBy(key));
  }
  const out: BridgeRequest = {};
  const { userIds, multiFactor } = request;
  if (userIds !== undefined) {
    if (!isPlainObject(userIds)) return refuse('userIds must be an object of name to identifier');
    for (const [key, value] of Object.entries(userIds)) {
      if (key.toLowerCase() === 'os') {
        return refuse(
          'userIds.os is the operating-system user, which the main process reads itself, never the renderer',
        );
      }
      if (typeof value !== 'string') return refuse(`userIds.${shown(key)} must be a string`);
    }
    out.userIds = { ...(userIds as Record<string, string>) };
  }
  if (multiFactor !== undefined) {
    if (!Array.isArray(multiFactor)) return refuse('multiFactor must be a list of MFA statuses');
    for (const [i, entry] of multiFactor.entries()) {
      if (!isPlainObject(entry)) {
        return refuse(`multiFactor[${i}] must be an object`);
      }
      for (const key of Object.keys(entry as object)) {
        if (!MFA_KEYS.has(key))
          return refuse(`multiFactor[${i}].${shown(key)} is not a field of an MFA status`);
      }
    }
    out.multiFactor = multiFactor as BridgeRequest['multiFactor'] & object;
  }
  return { ok: true, kind, request: out };
}
