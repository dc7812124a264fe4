import { parseArgs } from 'node:util';
import { escapeText, isNplzError } from '@nplz/core';
import type { CommandSpec } from './command';
import { COMMAND_ENTRIES } from './commands/index';
import { printProblems } from './problems';
import { defaultTerminal, paint, Terminal } from './terminal';
import { UsageError } from './usage-error';
import { toolVersion } from './version';

export { COMMAND_ENTRIES, loadAllCommands } from './commands/index';
export type { CommandEntry } from './commands/index';

/** Exit codes: 0 ok, 1 audit failures, 2 bad input or usage, 3 breaking change (diff), 70 internal error. */
export const EXIT = { ok: 0, findings: 1, badInput: 2, breaking: 3, internal: 70 } as const;

function mainHelp(): string {
  const width = Math.max(...COMMAND_ENTRIES.map((c) => c.name.length));
  return [
    'nplz — the National Policing Landing Zone',
    '',
    'Usage: nplz <command> [options]',
    '',
    'Commands:',
    ...COMMAND_ENTRIES.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `nplz <command> --help` for a command’s options and examples.',
    'Exit codes: 0 ok · 1 audit failures at or above --fail-on · 2 invalid input · 3 breaking baseline change',
  ].join('\n');
}

function commandHelp(c: CommandSpec): string {
  const opts = Object.entries(c.options).map(
    ([name, o]) => `  --${name}${o.type === 'string' ? ' <value>' : ''}`.padEnd(28) + o.description,
  );
  return [
    c.summary,
    '',
    `Usage: ${c.usage}`,
    '',
    'Options:',
    ...opts,
    `  --help`.padEnd(28) + 'show this help',
    '',
    'Examples:',
    ...c.examples.map((e) => `  ${e}`),
  ].join('\n');
}

/** An argument as the user typed it, quoted and escaped for the terminal, shortened when long. */
function describeArg(arg: string): string {
  const text = escapeText(arg);
  return `"${text.length > 80 ? `${text.slice(0, 77)}...` : text}"`;
}

/** Run the CLI. Never throws: bad input becomes exit code 2 with a message and no stack trace. */
export async function main(argv: readonly string[], term: Terminal = defaultTerminal()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    term.out(mainHelp());
    return name ? EXIT.ok : EXIT.badInput;
  }
  if (name === '--version' || name === '-v') {
    term.out(toolVersion());
    return EXIT.ok;
  }
  const entry = COMMAND_ENTRIES.find((c) => c.name === name);
  if (!entry) {
    term.err(`${paint(term, 'red', 'error:')} unknown command ${describeArg(name)}\n\n${mainHelp()}`);
    return EXIT.badInput;
  }
  // Only this command's module is loaded (the others may pull in aws-cdk-lib or Pulumi).
  const command = entry.load();
  try {
    if (rest.includes('--help') || rest.includes('-h')) {
      term.out(commandHelp(command));
      return EXIT.ok;
    }
    let parsed;
    try {
      parsed = parseArgs({ args: [...rest], options: command.options as never, allowPositionals: true, strict: true });
    } catch (e) {
      throw new UsageError((e as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''), command.name);
    }
    const most = command.positionals ?? 0;
    if (parsed.positionals.length > most) {
      const stray = parsed.positionals.slice(most);
      throw new UsageError(
        `unexpected argument${stray.length > 1 ? 's' : ''} ${stray.slice(0, 5).map(describeArg).join(' ')}${stray.length > 5 ? ` and ${stray.length - 5} more` : ''}: \`nplz ${command.name}\` takes ${most === 0 ? 'options only' : `at most ${most}`} (a value with spaces needs quotes)`,
        command.name,
      );
    }
    return await command.run({ values: parsed.values, positionals: parsed.positionals, term });
  } catch (e) {
    if (isNplzError(e)) {
      printProblems(term, e.problems);
      return EXIT.badInput;
    }
    if (e instanceof UsageError) {
      term.err(`${paint(term, 'red', 'error:')} ${escapeText(e.message)}\n\n${commandHelp(command)}`);
      return EXIT.badInput;
    }
    const err = e as Error;
    term.err(`${paint(term, 'red', 'internal error:')} ${escapeText(String(err?.message ?? e))}`);
    if (process.env.NPLZ_DEBUG) term.err(err?.stack ?? '');
    else term.err('This is a bug in nplz. Re-run with NPLZ_DEBUG=1 for details and report it.');
    return EXIT.internal;
  }
}
