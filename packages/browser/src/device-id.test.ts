import type { HeaderNote } from '@fph-kit/spec';
import { isUuid } from '@fph-kit/spec';
import { type FakeBrowserOptions, installFakeBrowser } from '@fph-kit/test-support/fake-browser';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CollectNoteCode } from './collect.js';

const KEY = 'fph-device-id';
const COOKIE = 'fph_device_id';
const STORED = '6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f';
const OTHER = 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e';

/**
 * A fresh copy of the module (its page-lifetime session ID starts empty), with `deviceId` giving
 * the ID and whether it was stored, that is whether no note said otherwise.
 */
async function load(options: FakeBrowserOptions = {}) {
  vi.resetModules();
  const fake = installFakeBrowser(options);
  const module = await import('./device-id.js');
  const notes: HeaderNote<CollectNoteCode>[] = [];
  const deviceId = () => {
    const before = notes.length;
    const id = module.deviceId((header, code, message) => {
      notes.push({ header, code, message });
    });
    return { id, stored: notes.length === before };
  };
  return { fake, notes, randomUuid: module.randomUuid, deviceId };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('deviceId', () => {
  it('creates a UUID on first use and writes it to localStorage and the cookie', async () => {
    const { fake, deviceId } = await load();
    const { id, stored } = deviceId();
    expect(isUuid(id)).toBe(true);
    expect(stored).toBe(true);
    expect(fake.storage.get(KEY)).toBe(id);
    expect(fake.cookies.get(COOKIE)).toBe(id);
  });

  it('returns the same ID on every call', async () => {
    const { deviceId } = await load();
    const first = deviceId().id;
    expect(deviceId().id).toBe(first);
    expect(deviceId().id).toBe(first);
  });

  it('restores from localStorage when the cookie was cleared, and writes the cookie back', async () => {
    const { fake, deviceId } = await load();
    fake.storage.set(KEY, STORED);
    expect(deviceId()).toEqual({ id: STORED, stored: true });
    expect(fake.cookies.get(COOKIE)).toBe(STORED);
  });

  it('restores from the cookie when localStorage was cleared, and writes localStorage back', async () => {
    const { fake, deviceId } = await load();
    fake.cookies.set(COOKIE, STORED);
    expect(deviceId()).toEqual({ id: STORED, stored: true });
    expect(fake.storage.get(KEY)).toBe(STORED);
  });

  it('prefers localStorage when the two stores disagree, and aligns the cookie', async () => {
    const { fake, deviceId } = await load();
    fake.storage.set(KEY, STORED);
    fake.cookies.set(COOKIE, OTHER);
    expect(deviceId().id).toBe(STORED);
    expect(fake.cookies.get(COOKIE)).toBe(STORED);
  });

  it('replaces a stored value that is not a UUID', async () => {
    const { fake, deviceId } = await load();
    fake.storage.set(KEY, 'null');
    fake.cookies.set(COOKIE, 'undefined');
    const { id } = deviceId();
    expect(isUuid(id)).toBe(true);
    expect(fake.storage.get(KEY)).toBe(id);
    expect(fake.cookies.get(COOKIE)).toBe(id);
  });

  it('creates a new ID only after both stores were cleared', async () => {
    const { fake, deviceId } = await load();
    const first = deviceId().id;
    fake.storage.clear();
    expect(deviceId().id).toBe(first);
    fake.cookies.clear();
    expect(deviceId().id).toBe(first);
    fake.storage.clear();
    fake.cookies.clear();
    const second = deviceId().id;
    expect(second).not.toBe(first);
    expect(isUuid(second)).toBe(true);
  });

  it('writes a long-lived first-party cookie, Secure on https only', async () => {
    const https = await load({ protocol: 'https:' });
    const { id } = https.deviceId();
    expect(https.fake.cookieWrites).toEqual([
      `${COOKIE}=${id};max-age=34560000;path=/;samesite=lax;secure`,
    ]);
    vi.unstubAllGlobals();
    const http = await load({ protocol: 'http:' });
    const second = http.deviceId().id;
    expect(http.fake.cookieWrites).toEqual([
      `${COOKIE}=${second};max-age=34560000;path=/;samesite=lax`,
    ]);
  });

  it('writes only when a store lacks the ID', async () => {
    const { fake, deviceId } = await load();
    fake.storage.set(KEY, STORED);
    fake.cookies.set(COOKIE, STORED);
    deviceId();
    deviceId();
    expect(fake.cookieWrites).toHaveLength(0);
    fake.cookies.clear();
    expect(deviceId()).toEqual({ id: STORED, stored: true });
    expect(fake.cookieWrites).toHaveLength(1);
    expect(fake.cookies.get(COOKIE)).toBe(STORED);
  });

  it('reads its own cookie among others, not one whose name merely ends the same', async () => {
    const { fake, deviceId } = await load();
    fake.cookies.set(`x${COOKIE}`, OTHER);
    fake.cookies.set('theme', 'dark');
    fake.cookies.set(COOKIE, STORED);
    expect(deviceId()).toEqual({ id: STORED, stored: true });
    expect(fake.storage.get(KEY)).toBe(STORED);
  });

  it('keeps working with the cookie alone when localStorage is blocked', async () => {
    const { fake, deviceId } = await load({ localStorageBlocked: true });
    fake.cookies.set(COOKIE, STORED);
    expect(deviceId()).toEqual({ id: STORED, stored: true });
  });

  it('keeps working with localStorage alone when cookies are disabled', async () => {
    const { fake, deviceId } = await load({ cookies: 'ignored' });
    const { id, stored } = deviceId();
    expect(stored).toBe(true);
    expect(fake.storage.get(KEY)).toBe(id);
  });

  it.each([
    ['storage throws and cookies are ignored', { localStorageBlocked: true, cookies: 'ignored' }],
    [
      'storage and cookies both throw (opaque origin)',
      { localStorageBlocked: true, cookies: 'throws' },
    ],
  ] as const)('gives a session-long ID when %s', async (_, options) => {
    const { deviceId, notes } = await load(options);
    const first = deviceId();
    expect(first.stored).toBe(false);
    expect(isUuid(first.id)).toBe(true);
    expect(deviceId()).toEqual(first);
    const note = {
      header: 'Gov-Client-Device-ID',
      code: 'DEVICE_ID_NOT_STORED',
      message: 'storage blocked',
    };
    expect(notes).toEqual([note, note]);
  });
});

describe('randomUuid', () => {
  const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it('uses crypto.randomUUID where it exists', async () => {
    const { randomUuid } = await load();
    const spy = vi.spyOn(globalThis.crypto, 'randomUUID');
    expect(randomUuid()).toMatch(V4);
    expect(spy).toHaveBeenCalledOnce();
    spy.mockRestore();
  });

  it('falls back to the UUID of a blob URL: version 4, the RFC 4122 variant', async () => {
    const { randomUuid } = await load({ noRandomUuid: true });
    const spy = vi.spyOn(URL, 'createObjectURL');
    const ids = new Set(Array.from({ length: 200 }, () => randomUuid()));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(V4);
    expect(spy).toHaveBeenCalledTimes(200);
    spy.mockRestore();
  });

  it('takes the UUID from the end of the blob URL, whatever the origin is written as', async () => {
    const { randomUuid } = await load({ noRandomUuid: true });
    for (const origin of ['https://app.example', 'null', 'file://']) {
      const spy = vi.spyOn(URL, 'createObjectURL').mockReturnValue(`blob:${origin}/${OTHER}`);
      expect(randomUuid()).toBe(OTHER);
      spy.mockRestore();
    }
  });
});
