import { formatUserIds, type KeyValueInput, type KeyValuePair } from '@fph-kit/spec';
import { guard, pairsOf } from '../collector-options.js';
import { type Entry, errorText, type Notify } from '../collector-types.js';
import type { SystemSource } from '../source.js';
import { wellFormed } from '../user-agent.js';

/**
 * Gov-Client-User-IDs: the operating-system user as `os` (read once, when the method expects it)
 * and the app's own identifiers (options, merged with those given per request).
 */

/** The operating-system user, or why it is unknown. */
export type OsUser = { value: string; source: string } | { problem: string };

/** Reads the operating-system user (DOMAIN\user on Windows); a failure becomes a warning. */
export function readOsUser(src: SystemSource, notify: Notify): OsUser {
  let username: string | undefined;
  let source = 'os.userInfo().username';
  let problem: string | undefined;
  try {
    username = src.userInfo().username;
  } catch (error) {
    const fromEnv = src.platform === 'win32' ? src.env.USERNAME : (src.env.USER ?? src.env.LOGNAME);
    if (fromEnv) {
      username = fromEnv;
      source = `the ${src.platform === 'win32' ? 'USERNAME' : src.env.USER ? 'USER' : 'LOGNAME'} environment variable (os.userInfo() failed: ${errorText(error)})`;
    } else {
      problem = `os.userInfo() failed (${errorText(error)}) and no user environment variable is set`;
    }
  }
  if (username !== undefined && username !== '') {
    username = wellFormed(username);
    const domain = src.platform === 'win32' ? src.env.USERDOMAIN : undefined;
    return domain
      ? {
          value: `${wellFormed(domain)}\\${username}`,
          source: `USERDOMAIN\\${source} (Windows DOMAIN\\user form)`,
        }
      : { value: username, source };
  }
  problem ??= 'os.userInfo() reports an empty user name';
  notify({
    code: 'OS_USER_UNKNOWN',
    header: 'Gov-Client-User-IDs',
    message: `the operating-system user is unknown, so User-IDs has no 'os' key: ${problem}`,
  });
  return { problem };
}

/**
 * The entry for `appIds` plus the `os` user when wanted (and not given by the app, whose own
 * `os` identifier is its choice and replaces the collected one).
 */
export function userIdsEntry(
  osUser: OsUser | undefined,
  appIds: readonly KeyValuePair[],
  code: 'INVALID_OPTIONS' | 'INVALID_ARGUMENT',
): Entry {
  const pairs: KeyValuePair[] = [];
  const parts: string[] = [];
  const problem = osUser && 'problem' in osUser ? osUser.problem : undefined;
  const useOs = osUser !== undefined && !appIds.some(([key]) => key === 'os');
  if (useOs && 'value' in osUser) {
    pairs.push(['os', osUser.value]);
    parts.push(`os: ${osUser.source}`);
  }
  pairs.push(...appIds);
  if (appIds.length > 0) parts.push(`${appIds.map(([k]) => k).join(', ')}: given by the app`);
  if (pairs.length === 0) {
    return {
      status: 'missing',
      source: problem
        ? `no identifiers: ${problem}, and the app gave none (userIds)`
        : 'no identifiers: the app gave none (userIds) and this method does not use the os user',
    };
  }
  const value = guard(code, 'userIds', () => formatUserIds(pairs));
  const partial = useOs && problem !== undefined;
  return {
    value,
    status: partial ? 'partial' : 'collected',
    source: partial ? `${parts.join('; ')}; no os key: ${problem}` : parts.join('; '),
  };
}

/** The app's identifiers with those given for one request; a key given here wins. */
export function mergeUserIds(
  appUserIds: readonly KeyValuePair[],
  extra: KeyValueInput,
): KeyValuePair[] {
  const given = guard('INVALID_ARGUMENT', 'userIds', () => pairsOf(extra, 'userIds'));
  const keys = new Set(given.map(([k]) => k));
  return [...appUserIds.filter(([k]) => !keys.has(k)), ...given];
}
