import { CONTROLS, NCSC_PRINCIPLES } from '@nplz/core';
import type { CommandSpec } from '../command';
import { table } from '../terminal';

export const controlsCommand: CommandSpec = {
  name: 'controls',
  summary: 'List the controls catalog with its NCSC and CAF mappings',
  usage: 'nplz controls [--json]',
  examples: ['nplz controls', 'nplz controls --json'],
  options: { json: { type: 'boolean', description: 'print JSON instead of a table' } },
  run: async ({ values, term }) => {
    if (values.json) {
      term.out(JSON.stringify(CONTROLS, null, 2));
      return 0;
    }
    term.out(
      table(
        ['id', 'severity', 'checked on', 'NCSC', 'CAF', 'title'],
        CONTROLS.map((c) => [c.id, c.severity, c.scopes.join(','), c.ncsc.join(','), c.caf.join(','), c.title]),
      ),
    );
    const covered = new Set(CONTROLS.flatMap((c) => c.ncsc));
    term.out(`\n${CONTROLS.length} controls covering ${covered.size} of 14 NCSC Cloud Security Principles`);
    const missing = Object.keys(NCSC_PRINCIPLES).map(Number).filter((n) => !covered.has(n as never));
    if (missing.length) term.out(`not covered: ${missing.map((n) => `${n} ${NCSC_PRINCIPLES[n]}`).join('; ')}`);
    return 0;
  },
};
