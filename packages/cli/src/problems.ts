import { formatProblem, Problem } from '@nplz/core';
import { paint, Terminal } from './terminal';

/** Print every problem, grouped by file, then a count. Goes to stderr: stdout stays clean for --json. */
export function printProblems(term: Terminal, problems: readonly Problem[]): void {
  for (const p of problems) term.err(`${paint(term, 'red', '✖')} ${formatProblem(p)}`);
  const files = new Set(problems.map((p) => p.file ?? '(input)'));
  term.err(`\n${problems.length} problem(s) in ${files.size} file(s)`);
}
