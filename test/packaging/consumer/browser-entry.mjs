// A front end's entry, bundled with esbuild from the installed @fph-kit/browser.
import { collect } from '@fph-kit/browser';
import { formatUserIds } from '@fph-kit/spec';

window.fromBundle = collect({
  headers: { 'Gov-Client-User-IDs': formatUserIds({ 'my-app': 'alice123' }) },
});
