import { EXIT, loadAllCommands } from './main';

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
    'file, line, field path, value received (escaped: control characters and escape sequences are',
    'shown as `\\u001b`, never sent to the terminal) and what is allowed, with a hint where one helps,',
    'and exits with code 2. Every problem findable is reported in one run; one that only follows from',
    'a problem already shown is left out. Output is bounded: at most 50 problems per file and 200 in',
    'all are printed in full, the rest counted by kind (`--json` lists at most 1000 and counts the',
    'rest in `omitted`).',
    '',
    'Writes are atomic: a failed run leaves the previous output untouched and no staging folder',
    'behind. A command never writes inside what it reads, and never replaces a folder it did not',
    'write: each command below says what it writes.',
    '',
    '| exit code | meaning |',
    '|---|---|',
    `| ${EXIT.ok} | success |`,
    `| ${EXIT.findings} | \`nplz audit\`: a failure at or above \`--fail-on\` |`,
    `| ${EXIT.badInput} | bad input or usage, and nothing written, moved or deleted: a spec, settings file or synth output that is invalid, unreadable (not UTF-8, not a regular file, over 1 MiB, a YAML alias bomb) or too big for a cloud limit; an output folder nplz may not replace; an unknown option or a stray argument |`,
    `| ${EXIT.breaking} | \`nplz diff\`: a breaking change (stateful resource replaced or deleted, guardrail loosened, tenancy not ready) |`,
    `| ${EXIT.internal} | internal error: a bug in nplz, never bad input (\`NPLZ_DEBUG=1\` shows the stack; please report it) |`,
    '',
    '| environment | effect |',
    '|---|---|',
    '| `NO_COLOR` | no colour in output (colour is only ever used on a terminal) |',
    '| `NPLZ_TODAY=YYYY-MM-DD` | the date exception expiry is measured against (audit "as of" a date) |',
    '| `SOURCE_DATE_EPOCH=<seconds>` | the generation time written in reports (default: the real clock), for byte-identical output |',
    '| `NPLZ_DEBUG=1` | print the stack of an internal error |',
    "| `JSII_DEPRECATED=warn` or `=fail` | show aws-cdk-lib's deprecation warnings, or make them errors. Unset, nplz runs aws-cdk-lib with `quiet`: the one warning synth would print is cdk-nag reading `CfnEventBusPolicy#principal`, which a user cannot act on (a test holds that it is the only one) |",
    '',
    'Progress lines go to stderr, and only on an interactive terminal; `--json` output goes to stdout.',
    'A reader that stops early (`nplz validate . | head`) does not change the exit code.',
    '',
  ];
  for (const c of loadAllCommands()) {
    out.push(`## nplz ${c.name}`, '', `${c.summary}.`, '', '```', c.usage, '```', '', `Writes: ${c.writes}`, '');
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
