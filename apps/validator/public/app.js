// The validator service's web page: plain DOM, no framework. Every value from the user or the
// server is inserted as text, never as markup.

const $ = (id) => document.getElementById(id);
const config = document.body.dataset;

/** Builds an element: `attrs` are properties or attributes; children are nodes or text. */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat(Number.POSITIVE_INFINITY)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function setStatus(text, kind = '') {
  const status = $('status');
  status.className = `status ${kind}`;
  status.textContent = text;
}

function plural(n, word, many = `${word}s`) {
  return `${n} ${n === 1 ? word : many}`;
}

/** A problem+json body (or anything else the server said) as one sentence. */
async function problemText(response) {
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

async function withToken(url, init = {}) {
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
async function openWithToken(event) {
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

let busyCount = 0;
function busy(on) {
  busyCount += on ? 1 : -1;
  const state = busyCount > 0;
  for (const id of ['validate', 'compare', 'example', 'this-browser']) $(id).disabled = state;
  $('results').setAttribute('aria-busy', String(state));
}

const BADGES = {
  VALID_HEADER: ['ok', 'Valid'],
  INVALID_HEADER: ['bad', 'Error'],
  MISSING_HEADER: ['bad', 'Missing'],
  POTENTIALLY_INVALID_HEADER: ['warn', 'Warning'],
  UNEXPECTED_HEADER: ['info', 'Not needed'],
  TEST_SCENARIO_HEADER: ['info', 'Test scenario'],
};

function headerBadge(row) {
  let [kind, label] = BADGES[row.code] ?? ['info', row.code];
  if (row.code === 'MISSING_HEADER' && row.errors.length === 0) kind = 'warn';
  if (row.code === 'UNEXPECTED_HEADER' && row.warnings.length > 0) kind = 'warn';
  return el('span', { class: `badge ${kind}` }, label);
}

function verdictBadge(code) {
  const kind =
    code === 'VALID_HEADERS' ? 'ok' : code === 'POTENTIALLY_INVALID_HEADERS' ? 'warn' : 'bad';
  return el('span', { class: `badge ${kind}` }, code);
}

/** A finding as a message, its specifics, the fix and a link to the spec section. */
function findingBlock(finding, severityLabel) {
  return el(
    'div',
    { class: 'finding' },
    el('p', { class: 'message' }, severityLabel ? `${severityLabel}: ` : '', finding.message),
    finding.detail ? el('p', { class: 'detail' }, finding.detail) : null,
    el(
      'p',
      { class: 'hint' },
      finding.hint,
      ' ',
      el('a', { href: finding.specUrl, rel: 'noreferrer' }, 'Specification'),
    ),
  );
}

/** The findings of one header row, matched to HMRC's messages (hints and links come with them). */
function rowFindings(row, findings) {
  const mine = findings.filter(
    (f) => f.header === row.header && (f.severity === 'error' || f.severity === 'warning'),
  );
  const blocks = [];
  for (const message of [...row.errors, ...row.warnings]) {
    const finding = mine.find((f) => f.message === message);
    blocks.push(
      finding ? findingBlock(finding) : el('div', {}, el('p', { class: 'message' }, message)),
    );
  }
  return blocks;
}

/** A table with a caption (when given), column headings and rows of cells. */
function table(attrs, caption, columns, rows) {
  return el(
    'table',
    attrs,
    caption ? el('caption', {}, caption) : null,
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        columns.map((c) => el('th', { scope: 'col' }, c)),
      ),
    ),
    el(
      'tbody',
      {},
      rows.map((cells) => el('tr', {}, cells)),
    ),
  );
}

function headersTable(rows, result, caption) {
  const advisories = result.advisories ?? [];
  return table(
    { class: 'headers' },
    caption,
    ['Header', 'Value', 'Verdict'],
    rows.map((row) => [
      el('th', { scope: 'row' }, el('code', {}, row.header)),
      el(
        'td',
        { class: 'value' },
        row.value === undefined ? el('em', {}, 'not sent') : el('code', {}, row.value),
      ),
      el(
        'td',
        {},
        headerBadge(row),
        rowFindings(row, result.findings ?? []),
        advisories
          .filter((a) => a.header === row.header)
          .map((a) => findingBlock(a, a.severity === 'info' ? 'Note' : 'Advisory')),
      ),
    ]),
  );
}

function counts(result) {
  const errors = (result.report?.errors ?? []).length;
  const warnings = (result.report?.warnings ?? []).length;
  const advisories = (result.advisories ?? []).filter((a) => a.severity === 'advisory').length;
  return { errors, warnings, advisories };
}

function describeRequest(set, index, total) {
  const request = set.request ?? {};
  const what = [request.method, request.url].filter(Boolean).join(' ');
  const when = request.startedDateTime ? ` (${request.startedDateTime})` : '';
  if (what) return `${total > 1 ? `${index + 1}. ` : ''}${what}${when}`;
  return total > 1 ? `Header set ${index + 1}` : 'Header set';
}

function copyButton(getText) {
  return el(
    'button',
    {
      type: 'button',
      onclick: async (event) => {
        try {
          await navigator.clipboard.writeText(getText());
          event.target.textContent = 'Copied';
        } catch {
          event.target.textContent = 'Copy failed: select the text instead';
        }
      },
    },
    'Copy',
  );
}

function renderSet(set, index, total) {
  const { errors, warnings, advisories } = counts(set);
  const shownRows = new Set(set.headers.map((h) => h.header));
  const others = (set.advisories ?? []).filter((a) => !shownRows.has(a.header));
  const reportJson = JSON.stringify(set.report, null, 2);
  return el(
    'article',
    { class: 'set', 'aria-labelledby': `set-${index}` },
    el('h3', { id: `set-${index}` }, describeRequest(set, index, total)),
    el(
      'p',
      { class: 'verdict' },
      verdictBadge(set.report.code),
      ' ',
      set.report.message,
      el(
        'span',
        { class: 'counts' },
        ` (${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(advisories, 'advisory', 'advisories')}${set.connectionMethod ? `; judged as ${set.connectionMethod}` : ''})`,
      ),
    ),
    set.headers.length > 0
      ? headersTable(set.headers, set, 'Each fraud prevention header')
      : el('p', {}, 'No fraud prevention header was sent.'),
    set.crossValidation.map((c) =>
      el(
        'p',
        {},
        'Cross-check of ',
        el('code', {}, c.headers.join(', ')),
        ': ',
        el('span', { class: `badge ${c.code === 'VALID_HEADERS' ? 'ok' : 'bad'}` }, c.code),
        ' ',
        c.errors.join(' '),
      ),
    ),
    others.length > 0
      ? el(
          'div',
          {},
          el('h4', {}, 'Notes on the set'),
          el(
            'ul',
            { class: 'notes' },
            others.map((a) =>
              el('li', {}, findingBlock(a, a.severity === 'info' ? 'Note' : 'Advisory')),
            ),
          ),
        )
      : null,
    el(
      'details',
      {},
      el('summary', {}, "HMRC's answer as JSON (what the Test API returns)"),
      el('pre', {}, el('code', {}, reportJson)),
      copyButton(() => JSON.stringify(set.report)),
    ),
  );
}

let lastSets = [];

function showResults(nodes) {
  const body = $('results-body');
  body.replaceChildren(...nodes);
}

function summarise(sets) {
  if (sets.length === 1) {
    const { errors, warnings, advisories } = counts(sets[0]);
    return `Validated 1 header set: ${sets[0].report.code}, ${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(advisories, 'advisory', 'advisories')}.`;
  }
  const by = (code) => sets.filter((s) => s.report.code === code).length;
  return `Validated ${sets.length} header sets: ${by('VALID_HEADERS')} valid, ${by('POTENTIALLY_INVALID_HEADERS')} with warnings, ${by('INVALID_HEADERS')} invalid.`;
}

async function validateText() {
  const text = $('headers-text').value;
  if (text.trim() === '') {
    setStatus('Paste headers into the text box (or load a file) first.', 'error');
    $('headers-text').focus();
    return;
  }
  const method = $('method').value;
  busy(true);
  setStatus('Validating...');
  try {
    const response = await fetch(
      `/v1/validate-text${method ? `?connectionMethod=${encodeURIComponent(method)}` : ''}`,
      { method: 'POST', headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: text },
    );
    if (!response.ok) {
      lastSets = [];
      $('compare').hidden = true;
      const why = await problemText(response);
      showResults([el('p', { class: 'status error' }, `Could not validate: ${why}`)]);
      setStatus(`Could not validate: ${why}`, 'error');
      return;
    }
    const body = await response.json();
    lastSets = body.sets;
    showResults(body.sets.map((set, i) => renderSet(set, i, body.sets.length)));
    $('compare').hidden = !(config.hmrc === 'enabled' && body.sets.length === 1);
    setStatus(summarise(body.sets));
    $('results').focus();
  } catch (error) {
    setStatus(`The service could not be reached: ${error.message}`, 'error');
  } finally {
    busy(false);
  }
}

async function compareWithHmrc() {
  const set = lastSets[0];
  if (!set) return;
  const headers = set.headers.filter((h) => h.value !== undefined).map((h) => [h.header, h.value]);
  busy(true);
  setStatus("Asking HMRC's Test API...");
  try {
    const response = await withToken('/v1/compare', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ headers }),
    });
    const section = el('section', { class: 'set', 'aria-labelledby': 'compare-heading' });
    section.append(el('h3', { id: 'compare-heading' }, "Compared with HMRC's Test API"));
    if (!response.ok) {
      const why = await problemText(response);
      section.append(el('p', { class: 'status error' }, why));
      setStatus(`HMRC comparison failed: ${why}`, 'error');
    } else {
      const body = await response.json();
      section.append(
        el(
          'p',
          {},
          body.agree
            ? 'HMRC and fph-kit agree.'
            : `${plural(body.disagreements.length, 'difference')} between fph-kit and HMRC:`,
        ),
        body.agree
          ? null
          : el(
              'ul',
              {},
              body.disagreements.map((d) => el('li', {}, d.detail)),
            ),
        el(
          'details',
          {},
          el('summary', {}, "HMRC's answer as JSON"),
          el('pre', {}, el('code', {}, JSON.stringify(body.hmrc.body, null, 2))),
        ),
      );
      setStatus(body.agree ? 'HMRC and fph-kit agree.' : 'HMRC and fph-kit differ: see the list.');
    }
    $('results-body').prepend(section);
    $('results').focus();
  } catch (error) {
    setStatus(`The service could not be reached: ${error.message}`, 'error');
  } finally {
    busy(false);
  }
}

let bundleLoaded;
function loadBundle() {
  if (!config.bundle) {
    return Promise.reject(
      new Error(config.bundleProblem || 'the browser collector bundle is not available'),
    );
  }
  bundleLoaded ??= new Promise((resolve, reject) => {
    const script = el('script', { src: config.bundle });
    script.addEventListener('load', () => resolve(window.FphKit));
    script.addEventListener('error', () => {
      bundleLoaded = undefined;
      reject(new Error('the browser collector bundle could not be loaded'));
    });
    document.head.append(script);
  });
  return bundleLoaded;
}

async function thisBrowser() {
  busy(true);
  setStatus('Collecting what this browser would send...');
  try {
    const kit = await loadBundle();
    const { headers, notes } = await kit.collect();
    const response = await fetch('/v1/validate', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ headers, connectionMethod: 'WEB_APP_VIA_SERVER', part: 'client' }),
    });
    if (!response.ok) {
      setStatus(`Could not validate: ${await problemText(response)}`, 'error');
      return;
    }
    const result = await response.json();
    const problems = result.findings.filter((f) => f.severity === 'error').length;
    lastSets = [];
    $('compare').hidden = true;
    showResults([
      el(
        'article',
        { class: 'set', 'aria-labelledby': 'browser-heading' },
        el('h3', { id: 'browser-heading' }, 'What this browser would send'),
        el(
          'p',
          {},
          "@fph-kit/browser's collect() in this browser, judged as the client's part of a WEB_APP_VIA_SERVER request: ",
          problems === 0
            ? 'every value it collected is valid.'
            : `${plural(problems, 'value')} would be rejected.`,
        ),
        headersTable(result.headers, result, 'Headers collected in this browser'),
        notes.length > 0
          ? el(
              'div',
              {},
              el('h4', {}, 'What could not be collected'),
              el(
                'ul',
                { class: 'notes' },
                notes.map((n) => el('li', {}, el('code', {}, n.header), `: ${n.message}`)),
              ),
            )
          : null,
        el('h4', {}, 'What your server adds'),
        el(
          'p',
          {},
          result.notSent.length > 0
            ? 'Not collected in a browser; your server (or your app, through collect() options) provides: '
            : 'Nothing: every header of the method was collected.',
          result.notSent.map((name, i) => [i > 0 ? ', ' : '', el('code', {}, name)]),
        ),
        el(
          'p',
          {},
          el(
            'button',
            {
              type: 'button',
              onclick: () => {
                $('headers-text').value = JSON.stringify(headers, null, 2);
                $('method').value = 'WEB_APP_VIA_SERVER';
                $('headers-text').focus();
                setStatus(
                  'The collected headers are in the text box; add the server headers and validate.',
                );
              },
            },
            'Put these headers in the text box',
          ),
        ),
      ),
    ]);
    const advisories = result.advisories.filter((a) => a.severity === 'advisory').length;
    setStatus(
      `Collected ${plural(Object.keys(headers).length, 'header')} in this browser; ${problems === 0 ? 'all valid' : plural(problems, 'error')}${advisories > 0 ? `, ${plural(advisories, 'advisory', 'advisories')}` : ''}.`,
    );
    $('results').focus();
  } catch (error) {
    setStatus(`Could not collect this browser's headers: ${error.message}`, 'error');
  } finally {
    busy(false);
  }
}

/** A realistic web-app request with two problems to fix (a timezone name, a missing version). */
function example() {
  const now = Date.now();
  const iso = (ms) => new Date(ms).toISOString();
  const lines = [
    'POST /organisations/vat/564738291/returns HTTP/1.1',
    'Gov-Client-Connection-Method: WEB_APP_VIA_SERVER',
    `Gov-Client-Browser-JS-User-Agent: ${navigator.userAgent}`,
    `Gov-Client-Device-ID: ${crypto.randomUUID()}`,
    `Gov-Client-Multi-Factor: type=TOTP&timestamp=${encodeURIComponent(iso(now - 95_000))}&unique-reference=5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8`,
    'Gov-Client-Public-IP: 81.2.69.142',
    `Gov-Client-Public-IP-Timestamp: ${iso(now - 1_200)}`,
    'Gov-Client-Public-Port: 53124',
    `Gov-Client-Screens: width=${screen.width}&height=${screen.height}&scaling-factor=${devicePixelRatio}&colour-depth=${screen.colorDepth}`,
    'Gov-Client-Timezone: Europe/London',
    'Gov-Client-User-IDs: acme-books=j.smith%40acme-books.co.uk',
    `Gov-Client-Window-Size: width=${innerWidth}&height=${innerHeight}`,
    'Gov-Vendor-Forwarded: by=51.140.12.7&for=81.2.69.142',
    'Gov-Vendor-License-IDs: acme-books=3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b',
    'Gov-Vendor-Product-Name: Acme%20Books',
    'Gov-Vendor-Public-IP: 51.140.12.7',
  ];
  $('headers-text').value = lines.join('\n');
  $('method').value = '';
  setStatus('Loaded an example request with two problems; press Validate.');
  $('headers-text').focus();
}

async function loadFile() {
  const file = $('har-file').files[0];
  if (!file) return;
  try {
    $('headers-text').value = await file.text();
    setStatus(`Loaded ${file.name} (${Math.ceil(file.size / 1024)} KB).`);
    await validateText();
  } catch (error) {
    setStatus(`Could not read ${file.name}: ${error.message}`, 'error');
  }
}

const API_ACCEPT = 'application/vnd.hmrc.1.0+json';

async function showFeedback(api, target, button) {
  button.disabled = true;
  try {
    const response = await withToken(`/test/fraud-prevention-headers/${api}/validation-feedback`, {
      headers: { Accept: API_ACCEPT },
    });
    const body = await response.json();
    target.replaceChildren(
      el('p', {}, `GET /test/fraud-prevention-headers/${api}/validation-feedback answered:`),
      el('pre', {}, el('code', {}, JSON.stringify(body, null, 2))),
    );
  } catch (error) {
    target.replaceChildren(el('p', { class: 'status error' }, error.message));
  } finally {
    button.disabled = false;
  }
}

async function loadRecorded() {
  const target = $('recorded');
  try {
    const response = await withToken('/v1/evidence');
    if (!response.ok) {
      target.replaceChildren(el('p', { class: 'status error' }, await problemText(response)));
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
    for (const [api, endpoints] of groups) {
      const feedback = el('div');
      nodes.push(
        el(
          'h3',
          { class: 'recorded-api' },
          api || 'Paths of no MTD API (recorded, not in any feedback)',
        ),
        table(
          {},
          undefined,
          ['Endpoint', 'Latest request', 'Connection method', 'Verdict'],
          endpoints.map((e) => [
            el('td', { class: 'value' }, el('code', {}, `${e.method} ${e.path}`)),
            el('td', {}, e.requestTimestamp),
            el('td', {}, e.connectionMethod ?? 'none'),
            el('td', {}, verdictBadge(e.feedback.code)),
          ]),
        ),
      );
      if (api) {
        const button = el('button', { type: 'button' }, `Show validation feedback for ${api}`);
        button.addEventListener('click', () => showFeedback(api, feedback, button));
        nodes.push(el('p', {}, button), feedback);
      }
    }
    target.replaceChildren(...nodes);
  } catch (error) {
    target.replaceChildren(el('p', { class: 'status error' }, error.message));
  }
}

function init() {
  $('validate-form').addEventListener('submit', (event) => {
    event.preventDefault();
    validateText();
  });
  $('headers-text').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      validateText();
    }
  });
  $('har-file').addEventListener('change', loadFile);
  $('example').addEventListener('click', example);
  $('this-browser').addEventListener('click', thisBrowser);
  $('compare').addEventListener('click', compareWithHmrc);
  $('refresh-recorded').addEventListener('click', loadRecorded);
  $('evidence-page').addEventListener('click', openWithToken);
  $('evidence-json').addEventListener('click', openWithToken);
  const origin = window.location.origin;
  $('gateway-help').replaceChildren(
    ...(config.upstream
      ? [
          "Point your application's sandbox base URL at ",
          el('code', {}, origin),
          ' instead of ',
          el('code', {}, config.upstream),
          ': each request is forwarded there unchanged and its fraud prevention headers are judged and recorded, so validation feedback in HMRC’s format works here, offline. The latest request to each endpoint is kept.',
        ]
      : ['The gateway is off: no request is forwarded or recorded.']),
  );
  loadRecorded();
}

init();
