// The service's endpoints as the page calls them. Each function resolves to the fetch Response;
// record endpoints go through `withToken`.

/** A problem+json body (or anything else the server said) as one sentence. */
export async function problemText(response) {
  try {
    const body = await response.json();
    if (body && typeof body.detail === 'string') return `${body.detail} (${body.code})`;
    if (body && typeof body.message === 'string') return `${body.message} (${body.code})`;
  } catch {
    // Not JSON: fall through.
  }
  return `the service answered ${response.status}`;
}

// Where the service needs its token (it listens beyond this machine, or one is set), its record
// endpoints answer 401: ask for the token once, keep it for this tab, and send it from then on.
const TOKEN_KEY = 'fph-service-token';

export async function withToken(url, init = {}) {
  const send = () => {
    const headers = new Headers(init.headers);
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers.set('Authorization', `Bearer ${token}`);
    return fetch(url, { ...init, headers });
  };
  let response = await send();
  while (response.status === 401) {
    const token = window.prompt(
      'This service keeps its recorded requests behind a token. Enter the service token (FPH_SERVICE_TOKEN or --token-file where the service runs):',
    );
    if (!token?.trim()) break;
    sessionStorage.setItem(TOKEN_KEY, token.trim());
    response = await send();
  }
  return response;
}

/** The evidence links, once a token is in use: fetched with it and shown in a new tab. */
export async function openWithToken(event) {
  if (!sessionStorage.getItem(TOKEN_KEY)) return;
  event.preventDefault();
  const tab = window.open('', '_blank');
  const response = await withToken(event.currentTarget.getAttribute('href'));
  const text = await response.text();
  const isHtml = (response.headers.get('content-type') ?? '').startsWith('text/html');
  tab.document.open();
  tab.document.write(
    isHtml ? text : `<pre>${text.replace(/[&<]/g, (c) => (c === '&' ? '&amp;' : '&lt;'))}</pre>`,
  );
  tab.document.close();
}

/** POST /v1/validate-text: pasted text (header block, JSON or HAR), judged as `method` if given. */
export function validateText(text, method) {
  return fetch(
    `/v1/validate-text${method ? `?connectionMethod=${encodeURIComponent(method)}` : ''}`,
    { method: 'POST', headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: text },
  );
}

/** POST /v1/validate: a header record with the options the endpoint takes. */
export function validate(body) {
  return fetch('/v1/validate', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** POST /v1/compare: `headers` as [name, value] pairs, judged here and by HMRC's Test API. */
export function compare(headers) {
  return withToken('/v1/compare', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ headers }),
  });
}

/** GET /v1/evidence: what the gateway recorded. */
export function evidence() {
  return withToken('/v1/evidence');
}

const API_ACCEPT = 'application/vnd.hmrc.1.0+json';

/** GET the gateway's validation feedback for one MTD API, in HMRC's format. */
export function feedback(api) {
  return withToken(`/test/fraud-prevention-headers/${api}/validation-feedback`, {
    headers: { Accept: API_ACCEPT },
  });
}
