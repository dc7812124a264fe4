import { COMMANDS, EXIT } from './main';

/**
 * docs/cli.md, generated from the commands' own help, so the reference cannot drift from the
 * tool. A test fails when the committed file is stale (regenerate: `node packages/cli/dist/cli-doc-write.js`).
 */
export function renderCliDoc(): string {
  const out: string[] = [
    '# The nplz command',
    '',
    "<!-- Generated from the commands' help by packages/cli/src/cli-doc.ts. Do not edit by hand. -->",
    '',
    'Every command prints `--help` with examples. Bad input never prints a stack trace: it names the',
    'file, field path, value received and what is allowed, and exits with code 2. Writes are atomic:',
    'a failed run leaves the previous output untouched.',
    '',
    '| exit code | meaning |',
    '|---|---|',
    `| ${EXIT.ok} | success |`,
    `| ${EXIT.findings} | \`nplz audit\`: a failure at or above \`--fail-on\` |`,
    `| ${EXIT.badInput} | invalid input or usage (nothing written) |`,
    `| ${EXIT.breaking} | \`nplz diff\`: a breaking change (stateful resource replaced or deleted, guardrail loosened, tenancy not ready) |`,
    `| ${EXIT.internal} | internal error (a bug; \`NPLZ_DEBUG=1\` shows the stack) |`,
    '',
    '| environment | effect |',
    '|---|---|',
    '| `NO_COLOR` | no colour in output (colour is only ever used on a terminal) |',
    '| `NPLZ_TODAY=YYYY-MM-DD` | the date exception expiry is measured against (audit "as of" a date) |',
    '| `NPLZ_DEBUG=1` | print the stack of an internal error |',
    '',
    'Progress lines go to stderr, and only on an interactive terminal; `--json` output goes to stdout.',
    '',
  ];
  for (const c of COMMANDS) {
    out.push(`## nplz ${c.name}`, '', `${c.summary}.`, '', '```', c.usage, '```', '');
    const opts = Object.entries(c.options);
    if (opts.length) {
      out.push('| option | meaning |', '|---|---|');
      for (const [name, o] of opts)
        out.push(`| \`--${name}${o.type === 'string' ? ' <value>' : ''}\` | ${o.description.replace(/\|/g, '\\|')} |`);
      out.push('');
    }
    out.push('Examples:', '', '```sh', ...c.examples, '```', '');
  }
  return out.join('\n');
}
