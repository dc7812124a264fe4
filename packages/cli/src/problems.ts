import { formatProblem, Problem, problemForOutput } from '@nplz/core';
import { paint, Terminal } from './terminal';

/** Problems printed per file, and in all; the rest are counted by kind, so output stays bounded. */
export const MAX_PROBLEMS_PER_FILE = 50;
export const MAX_PROBLEMS_SHOWN = 200;
/** Problems in `--json` output; the rest are counted in `omitted`. */
export const MAX_PROBLEMS_JSON = 1000;

/** The kind of a problem: its message without the quoted values and figures in it. */
function kindOf(p: Problem): string {
  return p.message
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\d+/g, 'N')
    .slice(0, 100);
}

/**
 * Print every problem, grouped by file, then a count. Goes to stderr: stdout stays clean for --json.
 * At most {@link MAX_PROBLEMS_PER_FILE} per file and {@link MAX_PROBLEMS_SHOWN} in all are printed
 * in full; the rest are summarised by kind with their number, so thousands of problems (a file of
 * repeated mistakes) print a screenful, not megabytes.
 */
export function printProblems(term: Terminal, problems: readonly Problem[]): void {
  const perFile = new Map<string, number>();
  const hidden = new Map<string, Map<string, number>>();
  let shown = 0;
  for (const p of problems) {
    const file = p.file ?? '(input)';
    const n = (perFile.get(file) ?? 0) + 1;
    perFile.set(file, n);
    if (n <= MAX_PROBLEMS_PER_FILE && shown < MAX_PROBLEMS_SHOWN) {
      term.err(`${paint(term, 'red', '✖')} ${formatProblem(p)}`);
      shown++;
    } else {
      const kinds = hidden.get(file) ?? new Map<string, number>();
      kinds.set(kindOf(p), (kinds.get(kindOf(p)) ?? 0) + 1);
      hidden.set(file, kinds);
    }
  }
  for (const [file, kinds] of hidden) {
    const total = [...kinds.values()].reduce((a, b) => a + b, 0);
    const top = [...kinds].sort((a, b) => b[1] - a[1]).slice(0, 5);
    const lines = top.map(
      ([kind, count]) =>
        `    ${count} × ${formatProblem({ path: '', received: undefined, allowed: '', message: kind })
          .split('\n')[0]
          ?.replace(/^\(document\): /, '')}`,
    );
    if (kinds.size > top.length) lines.push(`    and ${kinds.size - top.length} other kinds`);
    term.err(
      `${paint(term, 'red', '…')} ${total} more problem(s) in ${formatProblem({ file, path: '', received: undefined, allowed: '', message: '' }).split(' › ')[0]}, not shown:\n${lines.join('\n')}`,
    );
  }
  term.err(`\n${problems.length} problem(s) in ${perFile.size} file(s)`);
}

/** Problems as data for `--json`: bounded in number and in the size of each. */
export function problemsForJson(problems: readonly Problem[]): { problems: Problem[]; omitted?: number } {
  const list = problems.slice(0, MAX_PROBLEMS_JSON).map(problemForOutput);
  return problems.length > MAX_PROBLEMS_JSON ? { problems: list, omitted: problems.length - MAX_PROBLEMS_JSON } : { problems: list };
}

/**
 * JSON text safe to print: JSON.stringify leaves DEL, the C1 controls (a lone CSI starts an escape
 * sequence in some terminals), bidirectional overrides and line separators raw; here they are
 * `\u` escapes, which read back as the same JSON.
 */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    /[\u007f-\u009f\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
