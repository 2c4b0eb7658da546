import type { HeaderName, HeaderNote } from '@fph-kit/spec';

/** Codes of the mobile collector's notes: what the device could not give, and device ID events. */
export const MOBILE_NOTE_CODES = [
  /** No device ID was stored yet: a new UUID was generated and stored. */
  'DEVICE_ID_CREATED',
  /** A new device ID could not be written to the app's storage: the next launch will differ. */
  'DEVICE_ID_NOT_PERSISTED',
  /** The stored device ID was not a UUID: a new one replaced it. */
  'DEVICE_ID_CORRUPT',
  /** No stored ID and no UUID source (`crypto.randomUUID` or the `randomUUID` option). */
  'NO_DEVICE_ID',
  /** The platform gave no local IP address (or only its "not available" stand-ins). */
  'NO_LOCAL_IPS',
  /** The only local addresses are loopback: sent, and explained. */
  'LOCAL_IPS_LOOPBACK_ONLY',
  /** An OS or device field is unknown on this device: sent with an empty value. */
  'USER_AGENT_INCOMPLETE',
  /** The app gave no display reading, or one without a positive size. */
  'NO_SCREENS',
  /** Neither Dimensions nor PixelRatio reports a colour depth, and the app passed none. */
  'NO_COLOUR_DEPTH',
  /** The app gave no window size, or one without a positive size. */
  'NO_WINDOW',
  /** Licence keys were given but could not be hashed here (no Web Crypto and no `sha256`). */
  'LICENSE_IDS_UNHASHED',
] as const;
export type MobileNoteCode = (typeof MOBILE_NOTE_CODES)[number];

/** A note of this collector: the one note shape of @fph-kit/spec, with this package's codes. */
export type MobileNote = HeaderNote<MobileNoteCode>;

/** Printable, at most 80 characters: how a note quotes the value concerned. */
export function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  const printable = text.replace(/[^\x20-\x7E]/g, '?');
  return printable.length > 80 ? `${printable.slice(0, 77)}...` : printable;
}

export function note(
  code: MobileNoteCode,
  header: HeaderName,
  message: string,
  value?: unknown,
): MobileNote {
  return value === undefined
    ? { code, header, message }
    : { code, header, message, value: shown(value) };
}
