// DOM helpers of the validator service's web page. Every value from the user or the server is
// inserted as text, never as markup.

export const $ = (id) => document.getElementById(id);

/** What the server filled in on `<body>`: the bundle's URL, HMRC's state, the gateway upstream. */
export const config = document.body.dataset;

/** Builds an element: `attrs` are properties or attributes; children are nodes or text. */
export function el(tag, attrs = {}, ...children) {
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

/**
 * The parts of a value: runs ending with header-value separators (`a=1&b=2`, `x,y`, `p/q`,
 * `2001:db8::1`), and the spaces between words on their own (a space is already a place to break).
 */
const PIECE = /[^&,=/;:\s]+[&,=/;:]*|[&,=/;:]+|\s+/g;

/**
 * `text` as its parts, with a line-break opportunity (`<wbr>`) after each separator. The
 * stylesheet keeps a part on one line when it fits one (`.part`), so a long value wraps between
 * its parts rather than inside a word. The text itself is unchanged.
 */
export function breakable(text) {
  const nodes = [];
  for (const piece of String(text).match(PIECE) ?? []) {
    if (/^\s/.test(piece)) {
      nodes.push(piece);
      continue;
    }
    if (nodes.length > 0 && typeof nodes.at(-1) !== 'string') nodes.push(el('wbr'));
    nodes.push(el('span', { class: 'part' }, piece));
  }
  return nodes;
}

export function setStatus(text, kind = '') {
  const status = $('status');
  status.className = `status ${kind}`;
  status.textContent = text;
}

export function plural(n, word, many = `${word}s`) {
  return `${n} ${n === 1 ? word : many}`;
}

/** Replaces what the results panel shows. */
export function showResults(nodes) {
  $('results-body').replaceChildren(...nodes);
}

let busyCount = 0;

/** Disables the buttons that start work while any work runs; marks the results as busy. */
export function busy(on) {
  busyCount += on ? 1 : -1;
  const state = busyCount > 0;
  for (const id of ['validate', 'compare', 'example', 'this-browser']) $(id).disabled = state;
  $('results').setAttribute('aria-busy', String(state));
}
