import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderRuleCatalogue } from '../src/catalogue.js';

// Regenerates docs/rules.md from the rule catalogue; a test fails when the file is stale.
const target = join(import.meta.dirname, '../../../docs/rules.md');
writeFileSync(target, renderRuleCatalogue());
console.log(`wrote ${target}`);
