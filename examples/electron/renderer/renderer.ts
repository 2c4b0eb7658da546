// The renderer: a web page with no Node access. It asks window.fph for the headers of each call.
import type { FphBridge } from '@fph-kit/electron/preload';

declare global {
  interface Window {
    readonly fph: FphBridge;
  }
}

const output = document.querySelector('#headers') as HTMLPreElement;
const button = document.querySelector('#collect') as HTMLButtonElement;

async function submitReturn(): Promise<void> {
  // Values only the renderer knows: who signed in, and how. Everything else comes from main.
  const headers = await window.fph.headers({
    userIds: { 'acme-tax': 'alice123' },
    multiFactor: [{ type: 'TOTP', timestamp: new Date(), uniqueReference: 'a1b2c3d4e5f6' }],
  });
  output.textContent = JSON.stringify(headers, null, 2);
  // Then send them with the API call, e.g.
  // await fetch(`${hmrcBase}/organisations/vat/${vrn}/returns`, { method: 'POST', headers: { ...headers, ... } });
}

button.addEventListener('click', () => {
  submitReturn().catch((error: unknown) => {
    output.textContent = String(error);
  });
});
