import { FORCES } from '@nplz/core';
import type { CommandSpec } from '../command';
import { table } from '../terminal';

export const forcesCommand: CommandSpec = {
  name: 'forces',
  summary: 'List the police forces in the registry',
  usage: 'nplz forces [--json]',
  examples: ['nplz forces', 'nplz forces --json | jq ".[] | select(.region == \\"Wales\\")"'],
  writes: 'nothing.',
  options: { json: { type: 'boolean', description: 'print JSON instead of a table' } },
  run: async ({ values, term }) => {
    if (values.json) {
      term.out(JSON.stringify(FORCES, null, 2));
      return 0;
    }
    term.out(
      table(
        ['id', 'name', 'country', 'region', 'kind'],
        FORCES.map((f) => [f.id, f.name, f.country, f.region, f.kind]),
      ),
    );
    term.out(
      `\n${FORCES.length} forces (${FORCES.filter((f) => f.kind === 'territorial').length} territorial, ${FORCES.filter((f) => f.kind === 'special').length} special)`,
    );
    return 0;
  },
};
