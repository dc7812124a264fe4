import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderCliDoc } from '../src/cli-doc';

test('docs/cli.md is generated from the commands (regenerate: node packages/cli/dist/cli-doc-write.js)', () => {
  expect(fs.readFileSync(path.join(__dirname, '../../../docs/cli.md'), 'utf8')).toBe(renderCliDoc());
});
