/**
 * The child process `nplz synth` starts to record one stack of a force's Pulumi program:
 * `node force-program-runner.js <project> <stack> <out> [budgetStartDate]`. Bad input is printed as
 * one JSON line `{ "problems": [...] }` on stdout with exit 2; a failing program prints its error
 * on stderr with exit 1.
 */
import { NplzError } from '@nplz/core';
import { recordForceProgram } from './force-project';

const [dir, stack, out, budgetStartDate] = process.argv.slice(2);
if (!dir || !stack || !out) {
  console.error('usage: force-program-runner <project> <stack> <out> [budgetStartDate]');
  process.exit(2);
}
recordForceProgram(dir, stack, out, budgetStartDate ? { budgetStartDate } : {}).then(
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
