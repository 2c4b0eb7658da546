import { SPEC_VERSION } from '@fph-kit/spec';
import type {
  FeedbackHeader,
  FeedbackRequest,
  Finding,
  ValidationReport,
} from '@fph-kit/validator';
import { html, page } from './html.js';
import type { HeaderPairs } from './input.js';
import type { RecordedRequest, Recorder } from './recorder.js';

/**
 * The evidence export: for each endpoint the gateway saw, its latest request, the Gov-* headers
 * it carried and the verdict, as JSON and as a printable page. HMRC's production approval asks
 * for evidence that every endpoint the software calls sends correct headers in the sandbox.
 */

export interface EvidenceEndpoint {
  api: string | null;
  method: string;
  path: string;
  endpoint: string;
  requestTimestamp: string;
  connectionMethod: string | null;
  upstream: { status?: number; error?: string };
  /** The Gov-* headers as sent: `[name, value]` pairs in order. */
  headers: HeaderPairs;
  report: ValidationReport;
  advisories: Finding[];
  /** HMRC's validation-feedback element for the request. */
  feedback: FeedbackRequest;
}

export interface Evidence {
  generatedAt: string;
  specVersion: string;
  service: { name: string; version: string };
  upstream: string | null;
  summary: {
    endpoints: number;
    valid: number;
    potentiallyInvalid: number;
    invalid: number;
    noHeaders: number;
    withAdvisories: number;
  };
  /** Endpoints forgotten because more than the limit were seen. */
  evicted: number;
  endpoints: EvidenceEndpoint[];
}

function endpointOf(r: RecordedRequest): EvidenceEndpoint {
  return {
    api: r.api ?? null,
    method: r.method,
    path: r.path,
    endpoint: r.endpoint,
    requestTimestamp: r.requestTimestamp,
    connectionMethod: r.connectionMethod ?? null,
    upstream: r.upstream,
    headers: r.headers,
    report: r.result.report,
    advisories: r.result.advisories,
    feedback: r.feedback,
  };
}

/** Sorted by API (unknown paths last), then endpoint, then method. */
function order(a: EvidenceEndpoint, b: EvidenceEndpoint): number {
  const api = (a.api ?? '\uffff').localeCompare(b.api ?? '\uffff');
  if (api !== 0) return api;
  const endpoint = a.endpoint.localeCompare(b.endpoint);
  return endpoint !== 0 ? endpoint : a.method.localeCompare(b.method);
}

export function buildEvidence(
  recorder: Recorder,
  context: { now: number; version: string; upstream: string | undefined },
): Evidence {
  const endpoints = recorder.latest().map(endpointOf).sort(order);
  const count = (test: (e: EvidenceEndpoint) => boolean): number => endpoints.filter(test).length;
  return {
    generatedAt: new Date(context.now).toISOString(),
    specVersion: SPEC_VERSION,
    service: { name: 'fph-kit validator service', version: context.version },
    upstream: context.upstream ?? null,
    summary: {
      endpoints: endpoints.length,
      valid: count((e) => e.feedback.code === 'VALID_HEADERS'),
      potentiallyInvalid: count((e) => e.feedback.code === 'POTENTIALLY_INVALID_HEADERS'),
      invalid: count((e) => e.feedback.code === 'INVALID_HEADERS'),
      noHeaders: count((e) => e.feedback.code === 'NO_HEADERS'),
      withAdvisories: count((e) => e.advisories.some((a) => a.severity === 'advisory')),
    },
    evicted: recorder.evicted,
    endpoints,
  };
}

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
${e.feedback.crossValidation.map((c) => html`<p>Cross-check of <code>${c.headers.join(', ')}</code>: <span class="badge ${c.code === 'VALID_HEADERS' ? 'ok' : 'bad'}">${c.code}</span> ${c.errors.join(' ')}</p>`)}
${setLevel.length > 0 ? html`<ul class="notes">${setLevel.map((a) => html`<li>${a.severity}: ${a.message}</li>`)}</ul>` : undefined}
</section>`;
  });
  const body = html`<header>
<h1>Fraud prevention header evidence</h1>
<p>The latest request to each endpoint that went through the fph-kit sandbox gateway, with the
Gov-* headers it carried and the verdict HMRC's Test Fraud Prevention Headers API gives
(specification ${evidence.specVersion}). Generated ${evidence.generatedAt}${evidence.upstream ? html` for traffic to <code>${evidence.upstream}</code>` : undefined}.
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
