import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requirementsFor } from '@fph-kit/spec';
import { validate } from '@fph-kit/validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_PER_REQUEST_HEADERS, type BatchNote, startBatchRun } from './batch.js';
import { isCollectorError } from './errors.js';
import type { InterfaceTable, SystemSource } from './source.js';

const DEVICE_ID = '4f2a9c3e-8b1d-4e6f-a7c2-5d9e0b3f1a68';
const BATCH_HEADERS = requirementsFor('BATCH_PROCESS_DIRECT').required;

/** A rack server in an office network, as node:os and systeminformation describe it. */
const SERVER_NETWORK: InterfaceTable = {
  lo: [
    { address: '127.0.0.1', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true },
    { address: '::1', family: 'IPv6', mac: '00:00:00:00:00:00', internal: true },
  ],
  eno1: [
    { address: '10.20.30.41', family: 'IPv4', mac: 'b0:7b:25:1c:9e:42', internal: false },
    {
      address: 'fe80::b27b:25ff:fe1c:9e42',
      family: 'IPv6',
      mac: 'b0:7b:25:1c:9e:42',
      internal: false,
    },
  ],
};

/** The night of 24-25 October 2026: UK clocks go back at 01:00 UTC, while the job runs. */
const CLOCKS_GO_BACK = Date.UTC(2026, 9, 25, 1, 0, 0);

function batchServer(clock: { now: number }, over: Partial<SystemSource> = {}) {
  const calls = { system: 0, osInfo: 0, graphics: 0 };
  const source: Partial<SystemSource> = {
    platform: 'linux',
    env: {},
    homedir: () => '/home/svc-vatbatch',
    networkInterfaces: () => SERVER_NETWORK,
    userInfo: () => ({ username: 'svc-vatbatch' }),
    now: () => new Date(clock.now),
    utcOffsetMinutes: (at) => (at.getTime() < CLOCKS_GO_BACK ? 60 : 0),
    system: async () => {
      calls.system++;
      return { manufacturer: 'Dell Inc.', model: 'PowerEdge R650' };
    },
    osInfo: async () => {
      calls.osInfo++;
      return {
        platform: 'linux',
        distro: 'Ubuntu',
        release: '24.04.1 LTS',
        kernel: '6.8.0-45-generic',
      };
    },
    graphics: async () => {
      calls.graphics++;
      return { displays: [] };
    },
    linkMacs: async () => [],
    ...over,
  };
  return { source, calls };
}

const VENDOR = {
  productName: 'Acme VAT Batch',
  versions: { 'acme-vat-batch': '4.2.0' },
  licenseKeys: { 'acme-vat-batch': 'ACME-7Q2K-99XZ-LL04' },
};

const PLACEHOLDER = /(^|[=&,])(null|undefined|unknown|n%2Fa|none|-)($|[=&,])/i;

describe('startBatchRun: one collect per run, fresh values per request', () => {
  it('builds full BATCH_PROCESS_DIRECT sets that the validator answers VALID_HEADERS, without advisories', async () => {
    const clock = { now: CLOCKS_GO_BACK - 90_000 };
    const { source, calls } = batchServer(clock);
    const notes: BatchNote[] = [];
    const run = await startBatchRun({
      ...VENDOR,
      userIds: { 'acme-vat-batch-job': 'nightly-obligations' },
      deviceId: DEVICE_ID,
      source,
      onNote: (note) => notes.push(note),
    });
    const accounts = ['alice123', 'bob456', 'carol789'];
    const sets: Record<string, string>[] = [];
    for (const account of accounts) {
      clock.now += 45_000; // the job's requests span the change of the clocks
      const headers = await run.headers({ userIds: { 'acme-online': account } });
      sets.push(headers);
      const { report, advisories } = validate(headers, { now: clock.now });
      expect(report.code).toBe('VALID_HEADERS');
      expect(report.errors ?? []).toEqual([]);
      expect(report.warnings ?? []).toEqual([]);
      expect(advisories).toEqual([]);
      // Exactly the method's headers: nothing it must not send.
      expect(Object.keys(headers).sort()).toEqual([...BATCH_HEADERS].sort());
      expect(headers['Gov-Client-User-IDs']).toBe(
        `os=svc-vatbatch&acme-vat-batch-job=nightly-obligations&acme-online=${account}`,
      );
      expect(headers['Gov-Client-Local-IPs-Timestamp']).toBe(new Date(clock.now).toISOString());
    }
    expect(notes).toEqual([]);
    expect(run.notes).toEqual([]);
    // The slow reads happened once for the whole run; graphics never (a batch has no screens).
    expect(calls).toEqual({ system: 1, osInfo: 1, graphics: 0 });
    // What is fixed for the run is the same on every request.
    for (const headers of sets) {
      for (const [name, value] of Object.entries(run.fixed)) expect(headers[name]).toBe(value);
    }
    expect(Object.keys(run.fixed).sort()).toEqual(
      BATCH_HEADERS.filter((h) => !BATCH_PER_REQUEST_HEADERS.includes(h)).sort(),
    );
    // The UTC offset is read per request: the clocks went back between the first and the last.
    expect(sets.map((h) => h['Gov-Client-Timezone'])).toEqual([
      'UTC+01:00',
      'UTC+00:00',
      'UTC+00:00',
    ]);
  });

  it('reads the interfaces for every request (an address that changes mid-run is sent)', async () => {
    const clock = { now: Date.UTC(2026, 10, 3, 2, 0, 0) };
    let table = SERVER_NETWORK;
    const { source } = batchServer(clock, { networkInterfaces: () => table });
    const run = await startBatchRun({ ...VENDOR, deviceId: DEVICE_ID, source });
    const before = await run.headers();
    table = {
      eno1: [{ address: '10.20.30.77', family: 'IPv4', mac: 'b0:7b:25:1c:9e:42', internal: false }],
    };
    const after = await run.headers();
    expect(before['Gov-Client-Local-IPs']).toBe('10.20.30.41,fe80%3A%3Ab27b%3A25ff%3Afe1c%3A9e42');
    expect(after['Gov-Client-Local-IPs']).toBe('10.20.30.77');
    expect(after['Gov-Client-Device-ID']).toBe(before['Gov-Client-Device-ID']);
  });

  it('explains every header of the method, in the spec order', async () => {
    const { source } = batchServer({ now: Date.UTC(2026, 10, 3, 2, 0, 0) });
    const run = await startBatchRun({ ...VENDOR, deviceId: DEVICE_ID, source });
    const { explanations, notes } = await run.collect({ userIds: { 'acme-online': 'alice123' } });
    expect(explanations.map((e) => e.header)).toEqual(BATCH_HEADERS);
    expect(explanations.every((e) => e.status === 'collected')).toBe(true);
    expect(notes).toEqual([]);
  });
});

describe('startBatchRun: what cannot be collected is a note, never a placeholder', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'fph-batch-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  /** Every header sent is free of stand-in values, and every note's header is absent or real. */
  function expectNoPlaceholders(headers: Record<string, string>): void {
    for (const [name, value] of Object.entries(headers)) {
      expect(value, name).not.toBe('');
      expect(value, name).not.toMatch(PLACEHOLDER);
    }
  }

  it('a machine without network, user account, systeminformation or licence keys', async () => {
    const blocker = join(root, 'a-file');
    await writeFile(blocker, 'a file where the device ID folder should be');
    const { source } = batchServer(
      { now: Date.UTC(2026, 10, 3, 2, 0, 0) },
      {
        networkInterfaces: () => ({}),
        userInfo: () => {
          throw new Error('no passwd entry for uid 10001');
        },
        system: async () => {
          throw new Error('dmidecode: permission denied');
        },
        osInfo: async () => {
          throw new Error('lsb_release not found');
        },
      },
    );
    const notes: BatchNote[] = [];
    const run = await startBatchRun({
      productName: VENDOR.productName,
      versions: VENDOR.versions,
      deviceId: { path: join(blocker, 'acme', '.fph-device-id') },
      source,
      onNote: (note) => notes.push(note),
    });
    const {
      headers,
      notes: applying,
      explanations,
    } = await run.collect({
      userIds: { 'acme-online': 'alice123' },
    });
    expectNoPlaceholders(headers);
    const codes = notes.map((n) => n.code).sort();
    expect(codes).toEqual(
      [
        'DEVICE_ID_NOT_PERSISTED',
        'NO_LICENSE_KEYS',
        'NO_LOCAL_IPS',
        'NO_MAC_ADDRESSES',
        'OS_USER_UNKNOWN',
        'USER_AGENT_INCOMPLETE',
        'USER_AGENT_INCOMPLETE',
        'USER_AGENT_INCOMPLETE',
      ].sort(),
    );
    expect(applying.map((n) => n.code).sort()).toEqual(codes);
    // Absent, not invented: no network means no Local-IPs, no timestamp and no MACs.
    for (const name of [
      'Gov-Client-Local-IPs',
      'Gov-Client-Local-IPs-Timestamp',
      'Gov-Client-MAC-Addresses',
      'Gov-Vendor-License-IDs',
    ]) {
      expect(headers[name], name).toBeUndefined();
      expect(explanations.find((e) => e.header === name)?.status).toBe('missing');
    }
    // The app's identifier is sent; the unknown os user is left out, not replaced.
    expect(headers['Gov-Client-User-IDs']).toBe('acme-online=alice123');
    // The device ID lives in memory for this run: a real UUID still, with its note.
    expect(headers['Gov-Client-Device-ID']).toMatch(/^[0-9a-f-]{36}$/);
    // The parts of the user agent the machine did not give are empty, each with a note.
    expect(headers['Gov-Client-User-Agent']).toBe(
      'os-family=Linux&os-version=&device-manufacturer=&device-model=',
    );
    for (const note of notes) {
      expect(note.header).toMatch(/^Gov-/);
      expect(note.message.length).toBeGreaterThan(20);
    }
    // HMRC's verdict names what is missing; the validator raises no advisory about a value sent.
    const { report, advisories } = validate(headers, { now: Date.UTC(2026, 10, 3, 2, 0, 0) });
    expect(report.code).toBe('INVALID_HEADERS');
    // Every header HMRC would question is one a note already named (the timestamp goes with
    // its Local-IPs).
    const noted = new Set(notes.map((n) => n.header.toLowerCase()));
    noted.add('gov-client-local-ips-timestamp');
    const questioned = [...(report.errors ?? []), ...(report.warnings ?? [])].flatMap(
      (issue) => issue.headers,
    );
    expect(questioned.length).toBeGreaterThan(0);
    for (const header of questioned) expect(noted, header).toContain(header);
    const sent = new Set(Object.values(headers));
    expect(advisories.filter((a) => a.value !== undefined && sent.has(a.value))).toEqual([]);
  });
});

describe('startBatchRun: what a batch must not send is refused', () => {
  const { source } = batchServer({ now: Date.UTC(2026, 10, 3, 2, 0, 0) });

  async function refusal(run: () => Promise<unknown>): Promise<{ code: string; message: string }> {
    try {
      await run();
    } catch (error) {
      if (isCollectorError(error)) return { code: error.code, message: error.message };
      throw error;
    }
    throw new Error('expected a CollectorError');
  }

  it('options: multi-factor, a display, another method, unknown keys; product and version required', async () => {
    const base = { ...VENDOR, deviceId: DEVICE_ID, source };
    const cases: [Record<string, unknown>, string][] = [
      [
        { multiFactor: [] },
        'options.multiFactor: BATCH_PROCESS_DIRECT sends no Gov-Client-Multi-Factor',
      ],
      [{ display: {} }, 'options.display: BATCH_PROCESS_DIRECT sends no Gov-Client-Screens'],
      [{ connectionMethod: 'OTHER_DIRECT' }, 'options.connectionMethod: a batch run is always'],
      [{ productname: 'x' }, 'options.productname is not an option of a batch run'],
      [{ productName: undefined }, 'options.productName is required'],
      [{ versions: undefined }, 'options.versions is required'],
      [{ productName: '' }, 'productName'],
    ];
    for (const [extra, expected] of cases) {
      const { code, message } = await refusal(() =>
        startBatchRun({ ...base, ...extra } as Parameters<typeof startBatchRun>[0]),
      );
      expect(code).toBe('INVALID_OPTIONS');
      expect(message).toContain(expected);
    }
  });

  it('per request: only userIds; window size and MFA are refused, bad identifiers named', async () => {
    const run = await startBatchRun({ ...VENDOR, deviceId: DEVICE_ID, source });
    const cases: [unknown, string][] = [
      [
        { windowSize: { width: 1, height: 1 } },
        'request.windowSize: BATCH_PROCESS_DIRECT sends no',
      ],
      [{ multiFactor: [] }, 'request.multiFactor: BATCH_PROCESS_DIRECT sends no'],
      [{ userIds: 'alice' }, 'userIds'],
      ['alice', 'request must be an object'],
    ];
    for (const [request, expected] of cases) {
      const { code, message } = await refusal(() =>
        run.headers(request as Parameters<typeof run.headers>[0]),
      );
      expect(code).toBe('INVALID_ARGUMENT');
      expect(message).toContain(expected);
    }
  });
});
