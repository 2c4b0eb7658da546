/**
 * A copy of a `fetch` init with the fraud prevention headers set on it: for the outbound call to
 * HMRC. Headers already in `init` are kept, except Gov-* headers of the same name, which the
 * assembled set replaces (it is the authority for them); `Authorization`, `Accept` and
 * `Gov-Test-Scenario` stay as you set them.
 */
export function withFphHeaders(
  init: RequestInit | undefined,
  headers: Readonly<Record<string, string>>,
): RequestInit {
  const merged = new Headers(init?.headers);
  for (const name of Object.keys(headers)) merged.set(name, headers[name]!);
  return { ...init, headers: merged };
}
