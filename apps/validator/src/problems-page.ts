import { HMRC_ERROR_STATUS, PROBLEMS, problemType } from './errors.js';
import { html, page } from './html.js';

/** `/problems`: every error code with its status and meaning (each code's `type` is an anchor). */
export function renderProblems(assets: { stylesheet: string; icon: string }): string {
  const rows = Object.entries(PROBLEMS).map(
    ([code, { status, title }]) =>
      html`<tr id="${problemType(code).slice('/problems#'.length)}"><th scope="row"><code>${code}</code></th><td>${status}</td><td>${title}</td></tr>`,
  );
  const relayed = Object.entries(HMRC_ERROR_STATUS).map(
    ([code, status]) => html`<li><code>${code}</code>: ${status}</li>`,
  );
  return page(
    'fph-kit validator service: errors',
    assets,
    html`<main>
<h1>Errors</h1>
<p>Every error of the service (outside HMRC's own <code>/test/fraud-prevention-headers</code> endpoints, which answer with HMRC's <code>{code, message}</code> bodies) is an <code>application/problem+json</code> body with <code>type</code>, <code>title</code>, <code>status</code>, <code>detail</code> (what was wrong and where) and <code>code</code>.</p>
<table><caption>Codes and HTTP statuses</caption><thead><tr><th scope="col">code</th><th scope="col">status</th><th scope="col">meaning</th></tr></thead><tbody>${rows}</tbody></table>
<h2>HMRC's errors relayed by /v1/compare</h2>
<p>These carry HMRC's code (for example <code>INVALID_CREDENTIALS</code> or <code>RESOURCE_FORBIDDEN</code>) with status 502, except:</p>
<ul>${relayed}</ul>
</main>`,
  );
}
