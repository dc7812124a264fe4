import { parseArgs } from 'node:util';
import { isNplzError } from '@nplz/core';
import type { CommandSpec } from './command';
import { auditCommand } from './commands/audit';
import { controlsCommand } from './commands/controls';
import { diffCommand } from './commands/diff';
import { forcesCommand } from './commands/forces';
import { initCommand } from './commands/init';
import { synthCommand } from './commands/synth';
import { validateCommand } from './commands/validate';
import { printProblems } from './problems';
import { defaultTerminal, paint, Terminal } from './terminal';
import { UsageError } from './usage-error';
import { toolVersion } from './version';

export const COMMANDS: readonly CommandSpec[] = [
  initCommand,
  validateCommand,
  synthCommand,
  auditCommand,
  diffCommand,
  forcesCommand,
  controlsCommand,
];

/** Exit codes: 0 ok, 1 audit failures, 2 bad input or usage, 3 breaking change (diff), 70 internal error. */
export const EXIT = { ok: 0, findings: 1, badInput: 2, breaking: 3, internal: 70 } as const;

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'nplz — the National Policing Landing Zone',
    '',
    'Usage: nplz <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
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
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    term.err(`${paint(term, 'red', 'error:')} unknown command "${name}"\n\n${mainHelp()}`);
    return EXIT.badInput;
  }
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
    return await command.run({ values: parsed.values, positionals: parsed.positionals, term });
  } catch (e) {
    if (isNplzError(e)) {
      printProblems(term, e.problems);
      return EXIT.badInput;
    }
    if (e instanceof UsageError) {
      term.err(`${paint(term, 'red', 'error:')} ${e.message}\n\n${commandHelp(command)}`);
      return EXIT.badInput;
    }
    const err = e as Error;
    term.err(`${paint(term, 'red', 'internal error:')} ${err?.message ?? String(e)}`);
    if (process.env.NPLZ_DEBUG) term.err(err?.stack ?? '');
    else term.err('This is a bug in nplz. Re-run with NPLZ_DEBUG=1 for details and report it.');
    return EXIT.internal;
  }
}
