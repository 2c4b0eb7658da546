// The sandbox gateway's panel: what it forwards to, the endpoints it recorded, and their
// validation feedback in HMRC's format.

import * as api from './api.js';
import { $, breakable, config, el } from './dom.js';
import { table, verdictBadge } from './render.js';

/** Says where the gateway forwards to, or that it is off. */
export function describeGateway() {
  $('gateway-help').replaceChildren(
    ...(config.upstream
      ? [
          "Point your application's sandbox base URL at ",
          el('code', {}, window.location.origin),
          ' instead of ',
          el('code', {}, config.upstream),
          ': each request is forwarded there unchanged and its fraud prevention headers are judged and recorded, so validation feedback in HMRC’s format works here, offline. The latest request to each endpoint is kept.',
        ]
      : ['The gateway is off: no request is forwarded or recorded.']),
  );
}

async function showFeedback(name, target, button) {
  button.disabled = true;
  try {
    const response = await api.feedback(name);
    const body = await response.json();
    target.replaceChildren(
      el('p', {}, `GET /test/fraud-prevention-headers/${name}/validation-feedback answered:`),
      el('pre', {}, el('code', {}, JSON.stringify(body, null, 2))),
    );
  } catch (error) {
    target.replaceChildren(el('p', { class: 'status error' }, error.message));
  } finally {
    button.disabled = false;
  }
}

/** Lists the recorded endpoints, grouped by MTD API, each API with its feedback button. */
export async function loadRecorded() {
  const target = $('recorded');
  try {
    const response = await api.evidence();
    if (!response.ok) {
      target.replaceChildren(el('p', { class: 'status error' }, await api.problemText(response)));
      return;
    }
    const evidence = await response.json();
    if (evidence.endpoints.length === 0) {
      target.replaceChildren(el('p', {}, 'Nothing recorded yet.'));
      return;
    }
    const groups = new Map();
    for (const endpoint of evidence.endpoints) {
      const key = endpoint.api ?? '';
      groups.set(key, [...(groups.get(key) ?? []), endpoint]);
    }
    const nodes = [];
    for (const [name, endpoints] of groups) {
      const feedback = el('div');
      nodes.push(
        el(
          'h3',
          { class: 'recorded-api' },
          name || 'Paths of no MTD API (recorded, not in any feedback)',
        ),
        table(
          {},
          undefined,
          ['Endpoint', 'Latest request', 'Connection method', 'Verdict'],
          endpoints.map((e) => [
            el('td', { class: 'value' }, el('code', {}, breakable(`${e.method} ${e.path}`))),
            el('td', {}, e.requestTimestamp),
            el('td', {}, e.connectionMethod ?? 'none'),
            el('td', {}, verdictBadge(e.feedback.code)),
          ]),
        ),
      );
      if (name) {
        const button = el('button', { type: 'button' }, `Show validation feedback for ${name}`);
        button.addEventListener('click', () => showFeedback(name, feedback, button));
        nodes.push(el('p', {}, button), feedback);
      }
    }
    target.replaceChildren(...nodes);
  } catch (error) {
    target.replaceChildren(el('p', { class: 'status error' }, error.message));
  }
}
