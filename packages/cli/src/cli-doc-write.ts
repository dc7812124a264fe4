import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderCliDoc } from './cli-doc';

// Regenerates docs/cli.md from the commands' help.
const file = path.join(__dirname, '..', '..', '..', 'docs', 'cli.md');
fs.writeFileSync(file, renderCliDoc());
console.log(`wrote ${file}`);
