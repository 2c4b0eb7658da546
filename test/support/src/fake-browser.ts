import { vi } from 'vitest';

/** A screen as the Window Management API describes it. */
export interface FakeScreen {
  width: number;
  height: number;
  devicePixelRatio: number;
  colorDepth: number;
}

export interface FakeBrowserOptions {
  userAgent?: string;
  innerWidth?: number;
  innerHeight?: number;
  /** The screen the window is on (window.screen + window.devicePixelRatio). */
  screen?: FakeScreen;
  /** Every screen; present means `getScreenDetails` exists. */
  screens?: FakeScreen[];
  /** State the `window-management` permission query answers; 'throws' rejects the query. */
  permission?: PermissionState | 'throws';
  /** What `getScreenDetails` does when called: resolve, or reject as a refused prompt does. */
  screenDetails?: 'resolve' | 'reject';
  protocol?: 'http:' | 'https:';
  /** localStorage access throws (as with blocked storage). */
  localStorageBlocked?: boolean;
  /** 'throws' as in an opaque origin; 'ignored' as with cookies disabled. */
  cookies?: 'work' | 'throws' | 'ignored';
  /** Remove crypto.randomUUID (insecure contexts, older browsers). */
  noRandomUuid?: boolean;
}

export interface FakeBrowser {
  storage: Map<string, string>;
  cookies: Map<string, string>;
  /** Every string assigned to document.cookie, in order. */
  cookieWrites: string[];
  /** How many times getScreenDetails and permissions.query were called. */
  calls: { getScreenDetails: number; permissionsQuery: number };
  /** The live status the permission query answers with: change `state` to revoke or grant. */
  permission: { state: PermissionState };
  window: Record<string, unknown>;
}

const DEFAULT_SCREEN: FakeScreen = {
  width: 1920,
  height: 1080,
  devicePixelRatio: 1,
  colorDepth: 24,
};

/** Installs stand-ins for the browser globals `collect` reads; undo with vi.unstubAllGlobals(). */
export function installFakeBrowser(options: FakeBrowserOptions = {}): FakeBrowser {
  const storage = new Map<string, string>();
  const cookies = new Map<string, string>();
  const cookieWrites: string[] = [];
  const calls = { getScreenDetails: 0, permissionsQuery: 0 };
  const permission = {
    state: (options.permission === 'throws' ? 'prompt' : options.permission) ?? 'prompt',
  };
  const current = options.screen ?? DEFAULT_SCREEN;
  const win: Record<string, unknown> = {
    innerWidth: options.innerWidth ?? 1256,
    innerHeight: options.innerHeight ?? 803,
    devicePixelRatio: current.devicePixelRatio,
    screen: { width: current.width, height: current.height, colorDepth: current.colorDepth },
  };
  if (options.screens) {
    const screens = options.screens;
    win.getScreenDetails = async () => {
      calls.getScreenDetails++;
      if (options.screenDetails === 'reject')
        throw new Error('NotAllowedError: Permission denied.');
      return { screens };
    };
  }
  const blockedStorage = () => {
    throw new Error('SecurityError: storage is disabled');
  };
  vi.stubGlobal('window', win);
  vi.stubGlobal('navigator', {
    userAgent:
      options.userAgent ?? 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0.0.0 Safari/537.36',
    permissions: {
      query: async ({ name }: { name: string }) => {
        calls.permissionsQuery++;
        if (options.permission === 'throws' || name !== 'window-management') {
          throw new TypeError(`'${name}' is not a valid enum value of type PermissionName`);
        }
        return permission;
      },
    },
  });
  vi.stubGlobal(
    'localStorage',
    options.localStorageBlocked
      ? { getItem: blockedStorage, setItem: blockedStorage }
      : {
          getItem: (key: string) => storage.get(key) ?? null,
          setItem: (key: string, value: string) => storage.set(key, String(value)),
        },
  );
  const mode = options.cookies ?? 'work';
  vi.stubGlobal('document', {
    get cookie(): string {
      if (mode === 'throws') throw new Error('SecurityError: the document is sandboxed');
      return [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    },
    set cookie(text: string) {
      if (mode === 'throws') throw new Error('SecurityError: the document is sandboxed');
      cookieWrites.push(text);
      if (mode === 'ignored') return;
      const [pair = '', ...attributes] = text.split(/;\s*/);
      const eq = pair.indexOf('=');
      const maxAge = attributes.find((a) => a.toLowerCase().startsWith('max-age='));
      if (maxAge && Number(maxAge.slice(8)) <= 0) cookies.delete(pair.slice(0, eq));
      else cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    },
  });
  vi.stubGlobal('location', { protocol: options.protocol ?? 'https:' });
  if (options.noRandomUuid) {
    const real = globalThis.crypto;
    vi.stubGlobal('crypto', {
      getRandomValues: (array: Uint8Array) => real.getRandomValues(array),
    });
  }
  return { storage, cookies, cookieWrites, calls, permission, window: win };
}
