// The example page's script: shows what @fph-kit/browser collects in this browser. It needs
// fph-kit.iife.js (the package's script-tag build, global FphKit) served beside collect.html.

const rows = document.querySelector('#headers tbody');
const notesList = document.getElementById('notes');

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function render({ headers, notes }) {
  rows.replaceChildren(
    ...Object.keys(headers)
      .sort()
      .map((name) => {
        const tr = document.createElement('tr');
        tr.dataset.header = name;
        tr.append(cell(name), cell(headers[name], 'value'));
        return tr;
      }),
  );
  notesList.replaceChildren(
    ...notes.map((note) => {
      const li = document.createElement('li');
      const code = document.createElement('code');
      code.textContent = note.code;
      li.dataset.code = note.code;
      li.append(code, ` ${note.header}: ${note.message}`);
      return li;
    }),
  );
  document.getElementById('no-notes').hidden = notes.length > 0;
  document.getElementById('payload').textContent = JSON.stringify(headers, null, 2);
}

async function show(options) {
  const error = document.getElementById('error');
  try {
    render(
      await window.FphKit.collect({
        headers: { 'Gov-Vendor-Version': 'fph-kit-demo=0.1.0' },
        ...options,
      }),
    );
    error.hidden = true;
    document.body.dataset.state = 'ready';
  } catch (e) {
    error.textContent = `Could not collect: ${e.message}`;
    error.hidden = false;
    document.body.dataset.state = 'error';
  }
}

document.getElementById('refresh').addEventListener('click', () => show());
document
  .getElementById('all-screens')
  .addEventListener('click', () => show({ promptForScreens: true }));
let resizing;
window.addEventListener('resize', () => {
  clearTimeout(resizing);
  resizing = setTimeout(() => show(), 150);
});
show();
