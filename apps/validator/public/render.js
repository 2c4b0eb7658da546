// How the page shows a judged header set: badges, findings with their fixes, the table of headers
// and the summary line.

import { breakable, el, plural } from './dom.js';

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

export function verdictBadge(code) {
  const kind =
    code === 'VALID_HEADERS' ? 'ok' : code === 'POTENTIALLY_INVALID_HEADERS' ? 'warn' : 'bad';
  return el('span', { class: `badge ${kind}` }, code);
}

/** A finding as a message, its specifics, the fix and a link to the spec section. */
export function findingBlock(finding, severityLabel) {
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

/**
 * A table with a caption (when given), column headings and rows of cells. On narrow screens its
 * rows stack: each data cell carries its column's name (`data-label`) for the stylesheet to show.
 */
export function table(attrs, caption, columns, rows) {
  const row = (cells) => {
    cells.forEach((cell, i) => {
      if (cell.tagName === 'TD') cell.dataset.label = columns[i];
    });
    return el('tr', {}, cells);
  };
  return el(
    'table',
    { ...attrs, class: ['stack', attrs.class].filter(Boolean).join(' ') },
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
    el('tbody', {}, rows.map(row)),
  );
}

/**
 * Each header of a judged set: its value, its verdict with HMRC's messages and fixes, and the
 * advisories about it. `notes` (header name to nodes) adds the page's own notes to a header.
 */
export function headersTable(rows, result, caption, notes = {}) {
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
        row.value === undefined ? el('em', {}, 'not sent') : el('code', {}, breakable(row.value)),
      ),
      el(
        'td',
        {},
        headerBadge(row),
        rowFindings(row, result.findings ?? []),
        advisories
          .filter((a) => a.header === row.header)
          .map((a) => findingBlock(a, a.severity === 'info' ? 'Note' : 'Advisory')),
        notes[row.header] ?? null,
      ),
    ]),
  );
}

export function counts(result) {
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

/** One judged set of /v1/validate-text: verdict, counts, the headers, cross-checks, notes, JSON. */
export function renderSet(set, index, total) {
  const { errors, warnings, advisories } = counts(set);
  const shownRows = new Set(set.headers.map((h) => h.header));
  const others = (set.advisories ?? []).filter((a) => !shownRows.has(a.header));
  const reportJson = JSON.stringify(set.report, null, 2);
  return el(
    'article',
    { class: 'set', 'aria-labelledby': `set-${index}` },
    el('h3', { id: `set-${index}` }, breakable(describeRequest(set, index, total))),
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

/** The status line after validating `sets`. */
export function summarise(sets) {
  if (sets.length === 1) {
    const { errors, warnings, advisories } = counts(sets[0]);
    return `Validated 1 header set: ${sets[0].report.code}, ${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(advisories, 'advisory', 'advisories')}.`;
  }
  const by = (code) => sets.filter((s) => s.report.code === code).length;
  return `Validated ${sets.length} header sets: ${by('VALID_HEADERS')} valid, ${by('POTENTIALLY_INVALID_HEADERS')} with warnings, ${by('INVALID_HEADERS')} invalid.`;
}
