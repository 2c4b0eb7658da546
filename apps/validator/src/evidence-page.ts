import type { FeedbackHeader, Finding } from '@fph-kit/validator';
import type { Evidence, EvidenceEndpoint } from './evidence.js';
import { html, page } from './html.js';

/** The printable evidence page: each endpoint's latest request in full, its earlier ones listed. */

const STORE_TEXT = {
  memory: 'in memory only: nothing is kept when the service stops',
  sqlite: 'in SQLite at',
  postgres: 'in PostgreSQL at',
} as const;

const VERDICT: Record<string, string> = {
  VALID_HEADERS: 'valid',
  POTENTIALLY_INVALID_HEADERS: 'warnings',
  INVALID_HEADERS: 'invalid',
  NO_HEADERS: 'no headers',
};

function verdictBadge(code: string): ReturnType<typeof html> {
  const kind =
    code === 'VALID_HEADERS' ? 'ok' : code === 'POTENTIALLY_INVALID_HEADERS' ? 'warn' : 'bad';
  return html`<span class="badge ${kind}">${VERDICT[code] ?? code}</span> <code>${code}</code>`;
}

function headerRow(h: FeedbackHeader, advisories: readonly Finding[]): ReturnType<typeof html> {
  const notes = advisories.filter((a) => a.header === h.header);
  const kind =
    h.code === 'VALID_HEADER' || h.code === 'TEST_SCENARIO_HEADER'
      ? 'ok'
      : h.code === 'POTENTIALLY_INVALID_HEADER' || h.code === 'UNEXPECTED_HEADER'
        ? 'warn'
        : 'bad';
  return html`<tr>
<th scope="row"><code>${h.header}</code></th>
<td class="value">${h.value === undefined ? html`<em>not sent</em>` : html`<code>${h.value}</code>`}</td>
<td><span class="badge ${kind}">${h.code}</span>${[...h.errors, ...h.warnings].map((m) => html`<div>${m}</div>`)}${notes.map((a) => html`<div class="advisory">${a.severity}: ${a.message}</div>`)}</td>
</tr>`;
}

/** The endpoint's requests before its latest, one line each. */
function earlier(e: EvidenceEndpoint): ReturnType<typeof html> | undefined {
  const rows = (e.history ?? []).filter((r) => r.sequence !== e.sequence);
  if (rows.length === 0) return undefined;
  const json = `/v1/evidence?method=${encodeURIComponent(e.method)}&endpoint=${encodeURIComponent(e.endpoint)}&history=1000`;
  return html`<table class="history">
<caption>Earlier requests to this endpoint (latest first; <a href="${json}">all as JSON</a>)</caption>
<thead><tr><th scope="col">Request time</th><th scope="col">Path</th><th scope="col">Connection method</th><th scope="col">Upstream</th><th scope="col">Verdict</th></tr></thead>
<tbody>${rows.map((r) => html`<tr><td>${r.requestTimestamp}</td><td class="value"><code>${r.path}</code></td><td>${r.connectionMethod ?? html`<em>none</em>`}</td><td>${r.upstream.status ?? ''}${r.upstream.error ? ` ${r.upstream.error}` : ''}</td><td>${verdictBadge(r.feedback.code)}</td></tr>`)}</tbody>
</table>`;
}

/** The printable evidence page. */
export function renderEvidenceHtml(
  evidence: Evidence,
  assets: { stylesheet: string; icon: string },
): string {
  const { summary } = evidence;
  const rows = evidence.endpoints.map(
    (e, i) => html`<tr>
<td>${e.api ?? html`<em>no MTD API</em>`}</td>
<td><a href="#endpoint-${i + 1}"><code>${e.method} ${e.endpoint}</code></a></td>
<td>${e.requestTimestamp}</td>
<td>${e.connectionMethod ?? html`<em>none</em>`}</td>
<td>${verdictBadge(e.feedback.code)}</td>
</tr>`,
  );
  const sections = evidence.endpoints.map((e, i) => {
    const setLevel = e.advisories.filter(
      (a) => !e.feedback.headers.some((h) => h.header === a.header),
    );
    return html`<section class="endpoint" id="endpoint-${i + 1}">
<h2><code>${e.method} ${e.path}</code></h2>
<dl class="facts">
<dt>API</dt><dd>${e.api ?? 'no MTD API (recorded, not part of any validation feedback)'}</dd>
<dt>Endpoint</dt><dd><code>${e.endpoint}</code></dd>
<dt>Request time</dt><dd>${e.requestTimestamp}</dd>
<dt>Connection method</dt><dd>${e.connectionMethod ?? 'none declared'}</dd>
<dt>Upstream</dt><dd>${e.upstream.status !== undefined ? `answered ${e.upstream.status}` : ''}${e.upstream.error ? ` ${e.upstream.error}` : ''}</dd>
<dt>Verdict</dt><dd>${verdictBadge(e.feedback.code)}</dd>
</dl>
${
  e.feedback.headers.length > 0
    ? html`<table class="headers">
<caption>Fraud prevention headers sent</caption>
<thead><tr><th scope="col">Header</th><th scope="col">Value</th><th scope="col">Result</th></tr></thead>
<tbody>${e.feedback.headers.map((h) => headerRow(h, e.advisories))}</tbody>
</table>`
    : html`<p>No fraud prevention headers were sent.</p>`
}
${earlier(e)}
${e.feedback.crossValidation.map((c) => html`<p>Cross-check of <code>${c.headers.join(', ')}</code>: <span class="badge ${c.code === 'VALID_HEADERS' ? 'ok' : 'bad'}">${c.code}</span> ${c.errors.join(' ')}</p>`)}
${setLevel.length > 0 ? html`<ul class="notes">${setLevel.map((a) => html`<li>${a.severity}: ${a.message}</li>`)}</ul>` : undefined}
</section>`;
  });
  const body = html`<header>
<h1>Fraud prevention header evidence</h1>
<p>The latest request to each endpoint (and the ones before it) that went through the fph-kit sandbox gateway, with the
Gov-* headers it carried and the verdict HMRC's Test Fraud Prevention Headers API gives
(specification ${evidence.specVersion}). Generated ${evidence.generatedAt}${evidence.upstream ? html` for traffic to <code>${evidence.upstream}</code>` : undefined}.
Records are kept ${STORE_TEXT[evidence.store.kind]}${evidence.store.kind === 'memory' ? '' : html` <code>${evidence.store.location}</code>`}.
<a href="/v1/evidence">JSON</a></p>
<p class="summary">${summary.endpoints} endpoints: ${summary.valid} valid, ${summary.potentiallyInvalid} with warnings, ${summary.invalid} invalid, ${summary.noHeaders} without headers; ${summary.withAdvisories} with advisories from fph-kit (what HMRC's manual review questions).${evidence.evicted > 0 ? ` ${evidence.evicted} older endpoints were not kept (limit reached).` : ''}</p>
</header>
<main>
${
  evidence.endpoints.length === 0
    ? html`<p>No request has gone through the gateway yet. Point your application's sandbox base URL at this service, make your test calls, then reload this page.</p>`
    : html`<table class="summary-table">
<caption>Endpoints</caption>
<thead><tr><th scope="col">API</th><th scope="col">Endpoint</th><th scope="col">Latest request</th><th scope="col">Connection method</th><th scope="col">Verdict</th></tr></thead>
<tbody>${rows}</tbody>
</table>
${sections}`
}
</main>`;
  return page('Fraud prevention header evidence', assets, body);
}
