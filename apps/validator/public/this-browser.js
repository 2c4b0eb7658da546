// "What this browser would send": @fph-kit/browser's collect() run in this page, its headers
// judged as the client's part of a WEB_APP_VIA_SERVER request.

import * as api from './api.js';
import { $, busy, config, el, plural, setStatus, showResults } from './dom.js';
import { headersTable } from './render.js';

let bundleLoaded;

/** The browser collector's script-tag bundle, loaded once, on first use. */
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

const code = (text) => el('code', {}, text);

/** Why only the current screen was reported (the collector's reason), and how to list the rest. */
const SCREENS_WHY = {
  'no window-management permission': [
    'this page does not have the Window Management permission. ',
    code('collect({ promptForScreens: true })'),
    ' asks for it (through ',
    code('getScreenDetails()'),
    '); once the user allows it, every screen is reported.',
  ],
  'no Window Management API': [
    'this browser has no Window Management API (',
    code('getScreenDetails()'),
    '), so its other screens cannot be listed.',
  ],
  'screen details not available': [
    'the screen details were not at hand (the user refused the Window Management permission, or they were not fetched yet: ',
    code('collect()'),
    ' fetches them, ',
    code('collectNow()'),
    ' uses what is already fetched).',
  ],
};

/** The state of the `window-management` permission, where the browser can say. */
async function screensPermission() {
  try {
    return (await navigator.permissions.query({ name: 'window-management' })).state;
  } catch {
    return undefined;
  }
}

/**
 * A note on a value that was collected, but only in part, shown in its header's row; `rerun`
 * collects again, asking for every screen. A note of a kind this page does not know is shown as
 * the collector worded it.
 */
function partialNote(note, permission, rerun) {
  let text = [note.message];
  let ask = null;
  if (note.code === 'SCREENS_CURRENT_ONLY') {
    const refused = note.message === 'no window-management permission' && permission === 'denied';
    text = [
      'Only the screen this window is on was reported: ',
      refused
        ? "this page's Window Management permission was refused. Allow it in the browser's site settings, then press What this browser would send again."
        : (SCREENS_WHY[note.message] ?? note.message),
    ];
    if (note.message === 'no window-management permission' && !refused) {
      ask = el('p', {}, el('button', { type: 'button', onclick: rerun }, 'Ask for every screen'));
    }
  } else if (note.code === 'DEVICE_ID_NOT_STORED') {
    text = ['This browser blocks storage, so this device ID lasts only for this page.'];
  }
  return el('div', { class: 'finding note' }, el('p', { class: 'message' }, 'Note: ', text), ask);
}

/**
 * Collects and judges this browser's headers; with `promptForScreens`, asks for the Window
 * Management permission first. `onShown` runs once the result replaces the page's results.
 */
export async function thisBrowser({ onShown, promptForScreens = false }) {
  busy(true);
  setStatus('Collecting what this browser would send...');
  try {
    const kit = await loadBundle();
    const { headers, notes } = await kit.collect({ promptForScreens });
    const response = await api.validate({
      headers,
      connectionMethod: 'WEB_APP_VIA_SERVER',
      part: 'client',
    });
    if (!response.ok) {
      setStatus(`Could not validate: ${await api.problemText(response)}`, 'error');
      return;
    }
    const result = await response.json();
    const problems = result.findings.filter((f) => f.severity === 'error').length;
    onShown();
    // Values collected in part are noted in their rows; values not collected are listed below.
    const rerun = () => thisBrowser({ onShown, promptForScreens: true });
    const collected = new Set(result.headers.map((row) => row.header));
    const permission = await screensPermission();
    const inRow = {};
    const missing = [];
    for (const note of notes) {
      const row = note.header.toLowerCase();
      if (note.code !== 'UNAVAILABLE' && collected.has(row)) {
        inRow[row] = [...(inRow[row] ?? []), partialNote(note, permission, rerun)];
      } else {
        missing.push(note);
      }
    }
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
        headersTable(result.headers, result, 'Headers collected in this browser', inRow),
        missing.length > 0
          ? el(
              'div',
              {},
              el('h4', {}, 'What could not be collected'),
              el(
                'ul',
                { class: 'notes' },
                missing.map((n) => el('li', {}, el('code', {}, n.header), `: ${n.message}`)),
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
