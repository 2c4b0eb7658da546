// The validator service's web page, its entry module: pasted or loaded headers validated,
// compared with HMRC's Test API, and the buttons wired up. Plain DOM, no framework.

import * as api from './api.js';
import { $, busy, config, el, plural, setStatus, showResults } from './dom.js';
import { describeGateway, loadRecorded } from './gateway.js';
import { renderSet, summarise } from './render.js';
import { thisBrowser } from './this-browser.js';

/** The sets of the last validation, for the comparison with HMRC (which takes exactly one). */
let lastSets = [];

/** Forgets the last validation: the results now show something else. */
function forgetSets() {
  lastSets = [];
  $('compare').hidden = true;
}

async function validateText() {
  const text = $('headers-text').value;
  if (text.trim() === '') {
    setStatus('Paste headers into the text box (or load a file) first.', 'error');
    $('headers-text').focus();
    return;
  }
  busy(true);
  setStatus('Validating...');
  try {
    const response = await api.validateText(text, $('method').value);
    if (!response.ok) {
      forgetSets();
      const why = await api.problemText(response);
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
    const response = await api.compare(headers);
    const section = el('section', { class: 'set', 'aria-labelledby': 'compare-heading' });
    section.append(el('h3', { id: 'compare-heading' }, "Compared with HMRC's Test API"));
    if (!response.ok) {
      const why = await api.problemText(response);
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
  $('this-browser').addEventListener('click', () => thisBrowser({ onShown: forgetSets }));
  $('compare').addEventListener('click', compareWithHmrc);
  $('refresh-recorded').addEventListener('click', loadRecorded);
  $('evidence-page').addEventListener('click', api.openWithToken);
  $('evidence-json').addEventListener('click', api.openWithToken);
  describeGateway();
  loadRecorded();
}

init();
