import { CONTROLS, NCSC_PRINCIPLES, defined } from '@nplz/core';
import { controlChecks } from '@nplz/policy';
import type { CommandSpec } from '../command';
import { table } from '../terminal';

export const controlsCommand: CommandSpec = {
  name: 'controls',
  summary: 'List the controls catalog with its NCSC and CAF mappings and the checks that implement each control',
  usage: 'nplz controls [--json]',
  examples: ['nplz controls', 'nplz controls --json | jq \'.[] | select(.id == "NPLZ-NET-03") | .checks\''],
  writes: 'nothing.',
  options: { json: { type: 'boolean', description: 'print JSON (each control with its checks) instead of a table' } },
  run: async ({ values, term }) => {
    const checks = controlChecks();
    if (values.json) {
      term.out(
        JSON.stringify(
          CONTROLS.map((c) => ({ ...c, checks: checks[c.id] })),
          null,
          2,
        ),
      );
      return 0;
    }
    const count = (xs: readonly string[]) => String(xs.length);
    term.out(
      table(
        ['id', 'severity', 'NCSC', 'CAF', 'aws', 'azure', 'estate', 'title'],
        CONTROLS.map((c) => {
          const k = defined(checks[c.id], `the checks of ${c.id}`);
          return [c.id, c.severity, c.ncsc.join(','), c.caf.join(','), count(k.aws), count(k.azure), count(k.estate), c.title];
        }),
      ),
    );
    const covered = new Set(CONTROLS.flatMap((c) => c.ncsc));
    term.out(
      `\n${CONTROLS.length} controls covering ${covered.size} of 14 NCSC Cloud Security Principles; columns aws/azure/estate count the checks (names: --json, docs/controls.md)`,
    );
    const missing = Object.keys(NCSC_PRINCIPLES)
      .map(Number)
      .filter((n) => !covered.has(n as never));
    if (missing.length)
      term.out(
        `not covered (organisational, not checkable in infrastructure code): ${missing.map((n) => `${n} ${NCSC_PRINCIPLES[n]}`).join('; ')}`,
      );
    return 0;
  },
};
