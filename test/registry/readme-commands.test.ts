import * as fs from 'node:fs';
import * as path from 'node:path';
import { commandsIn, commandsUnder, sections } from './readme-commands';

/** How the registry test reads a README's commands (fast; no registry). */
const README = [
  '# Title',
  '## Check (offline)',
  'Prose with `nplz synth`, which is not a command to run, and `npm run cdk:synth`, which is.',
  '```sh',
  'npm install',
  '# a comment line',
  'npx nplz validate .   # trailing comment',
  'npx nplz synth --estate . \\',
  '  --out out/synth',
  '```',
  '```json',
  '{ "npm install": true }',
  '```',
  '## Deploy',
  '```sh',
  '## not a heading inside a fence',
  'npx cdk deploy Force-kent-nonprod',
  '```',
  'Then `npx nplz validate .` again.',
  '',
].join('\n');

test('sections split at ## and ### headings, never inside a fence', () => {
  expect(sections(README).map((s) => s.heading)).toEqual(['Check (offline)', 'Deploy']);
});

test('shell blocks and inline commands, in document order, comments and continuations handled', () => {
  expect(commandsIn(sections(README)[0]!.body)).toEqual([
    'npm run cdk:synth',
    'npm install',
    'npx nplz validate .',
    'npx nplz synth --estate .    --out out/synth',
  ]);
});

test('only the sections whose heading matches, each command once', () => {
  expect(commandsUnder(README, /offline/i).flatMap((s) => s.commands)).not.toContain('npx cdk deploy Force-kent-nonprod');
  expect(
    commandsUnder(README, /./)
      .flatMap((s) => s.commands)
      .filter((c) => c === 'npx nplz validate .'),
  ).toHaveLength(1);
});

test("the root README's install section has the commands the registry test runs", () => {
  const install = commandsUnder(fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8'), /^Install\b/);
  expect(install).toHaveLength(1);
  expect(install[0]!.commands).toEqual([
    expect.stringMatching(/^npx (--package @nplz\/cli nplz|@nplz\/cli) init \S+ --force \S+ --cloud both$/),
    expect.stringMatching(/^cd \S+$/),
    'npm install -D @nplz/cli',
    'npx nplz --version',
  ]);
});
