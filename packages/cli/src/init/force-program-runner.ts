/**
 * The child process `nplz synth` starts to record one stack of a force's Pulumi program:
 * `node force-program-runner.js <project> <stack> <out> [budgetStartDate] [stackReferences.json]` (the
 * outputs of the stacks the program reads, by full name, as `nplz synth` recorded them). Bad input is printed as
 * one JSON line `{ "problems": [...] }` on stdout with exit 2; a failing program prints its error
 * on stderr with exit 1.
 */
import * as fs from 'node:fs';
import { NplzError } from '@nplz/core';
import { recordForceProgram } from './force-project';

const [dir, stack, out, budgetStartDate, referencesFile] = process.argv.slice(2);
if (!dir || !stack || !out) {
  console.error('usage: force-program-runner <project> <stack> <out> [budgetStartDate] [stackReferences.json]');
  process.exit(2);
}
const stackReferences = referencesFile
  ? (JSON.parse(fs.readFileSync(referencesFile, 'utf8')) as Record<string, Record<string, unknown>>)
  : undefined;
recordForceProgram(dir, stack, out, {
  ...(budgetStartDate ? { budgetStartDate } : {}),
  ...(stackReferences ? { stackReferences } : {}),
}).then(
  () => undefined,
  (e: unknown) => {
    if (e instanceof NplzError) {
      process.stdout.write(`${JSON.stringify({ problems: e.problems })}\n`);
      process.exitCode = 2;
      return;
    }
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exitCode = 1;
  },
);
