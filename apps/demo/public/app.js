// The demo page's script. It needs fph-kit.iife.js (@fph-kit/browser's script-tag build, global
// FphKit) loaded before it. The values are collected again for every request, as the spec asks.

const form = document.getElementById('return');
let collectOptions;

function item(text, code) {
  const li = document.createElement('li');
  if (code) {
    const tag = document.createElement('code');
    tag.textContent = code;
    li.append(tag, ' ');
  }
  li.append(text);
  return li;
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function render(answer) {
  const verdict = document.getElementById('verdict');
  verdict.textContent = answer.report.code;
  verdict.dataset.code = answer.report.code;
  document.getElementById('verdict-message').textContent = answer.report.message;
  const issues = [...(answer.report.errors ?? []), ...(answer.report.warnings ?? [])];
  document
    .getElementById('issues')
    .replaceChildren(...issues.map((i) => item(`${i.headers.join(', ')}: ${i.message}`, i.code)));
  document
    .getElementById('advisories')
    .replaceChildren(
      ...(answer.advisories.length > 0
        ? answer.advisories.map((a) => item(`${a.header}: ${a.message} ${a.hint}`, a.rule))
        : [item('None.')]),
    );
  document
    .getElementById('problems')
    .replaceChildren(
      ...(answer.problems.length > 0
        ? answer.problems.map((p) => item(p.message, p.code))
        : [item('Nothing: every header was collected.')]),
    );
  document.getElementById('hmrc').textContent = answer.hmrc.called
    ? answer.hmrc.error
      ? `HMRC's Test API call failed: ${answer.hmrc.error}`
      : `HMRC's Test API answered ${answer.hmrc.status}: ${JSON.stringify(answer.hmrc.body)}`
    : answer.hmrc.reason;
  document.querySelector('#headers tbody').replaceChildren(
    ...Object.entries(answer.headers).map(([name, value]) => {
      const tr = document.createElement('tr');
      tr.dataset.header = name;
      tr.append(cell(name), cell(value, 'value'));
      return tr;
    }),
  );
  document.getElementById('result').hidden = false;
}

async function call(transport) {
  const error = document.getElementById('error');
  document.body.dataset.state = 'calling';
  try {
    const vatReturn = Object.fromEntries(new FormData(form));
    let response;
    if (transport === 'headers') {
      response = await window.FphKit.fphFetch(
        'api/hmrc-call',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(vatReturn),
        },
        collectOptions,
      );
    } else {
      const { headers: fph_client } = await window.FphKit.collect(collectOptions);
      response = await fetch('api/hmrc-call', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...vatReturn, fph_client }),
      });
    }
    if (!response.ok) throw new Error(`the server answered ${response.status}`);
    render(await response.json());
    error.hidden = true;
    document.body.dataset.state = 'done';
  } catch (e) {
    error.textContent = `The HMRC call failed: ${e.message}`;
    error.hidden = false;
    document.body.dataset.state = 'error';
  }
}

async function start() {
  try {
    const session = await (await fetch('api/session')).json();
    // The user's IDs, MFA and this front end's version, formatted by the server.
    collectOptions = { headers: session.headers };
    document.getElementById('user').textContent =
      `Signed in as ${Object.values(session.userIds).join(', ')} (authenticator app at ${session.multiFactor[0].timestamp}).`;
    document.getElementById('send-headers').addEventListener('click', () => call('headers'));
    document.getElementById('send-field').addEventListener('click', () => call('field'));
    document.body.dataset.state = 'ready';
  } catch (e) {
    document.getElementById('error').textContent = `The demo could not start: ${e.message}`;
    document.getElementById('error').hidden = false;
    document.body.dataset.state = 'error';
  }
}

start();
