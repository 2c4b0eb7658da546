import { describe, expect, it } from 'vitest';
import { HEADERS, type HeaderName } from '../headers.js';
import {
  CLIENT_HEADER_NAMES,
  CLIENT_PAYLOAD_SCHEMA,
  CLIENT_VALUE_LIMITS,
  type ClientPayloadHeaders,
  MAX_CLIENT_NAMES,
} from './client-payload.js';

// Every key of the limits is a header of the catalogue (checked by the compiler).
CLIENT_VALUE_LIMITS satisfies Partial<Record<HeaderName, number>>;

describe('client payload contract', () => {
  it('allows every client-supplied header of the catalogue and Gov-Vendor-Version, each with a limit', () => {
    const clientSupplied = HEADERS.filter((h) => h.supplier === 'client').map((h) => h.name);
    expect(CLIENT_HEADER_NAMES).toEqual([...clientSupplied, 'Gov-Vendor-Version']);
    expect([...CLIENT_HEADER_NAMES].sort()).toEqual(Object.keys(CLIENT_VALUE_LIMITS).sort());
  });

  it('describes each allowed header as a bounded printable string and refuses any other name', () => {
    const properties = CLIENT_PAYLOAD_SCHEMA.properties as Record<string, Record<string, unknown>>;
    expect(Object.keys(properties)).toEqual(CLIENT_HEADER_NAMES);
    for (const name of CLIENT_HEADER_NAMES) {
      expect(properties[name]).toEqual({
        type: 'string',
        maxLength: CLIENT_VALUE_LIMITS[name],
        pattern: '^[\\x20-\\x7E]*$',
      });
    }
    expect(CLIENT_PAYLOAD_SCHEMA.additionalProperties).toBe(false);
    expect(CLIENT_PAYLOAD_SCHEMA.maxProperties).toBe(MAX_CLIENT_NAMES);
  });

  it('types a payload by the names a client may send', () => {
    const payload: ClientPayloadHeaders = { 'Gov-Client-Timezone': 'UTC+00:00' };
    const serverOnly: ClientPayloadHeaders = {
      // @ts-expect-error: the connection method is the server's to send.
      'Gov-Client-Connection-Method': 'WEB_APP_VIA_SERVER',
    };
    const asRecord: Record<string, string> = payload;
    expect([asRecord, serverOnly]).toHaveLength(2);
  });
});
