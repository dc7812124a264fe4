import * as fs from 'node:fs';
import * as path from 'node:path';
import { findNationalFile, listSpecFiles, loadEstate, loadNationalFile, loadTenancyFile, NATIONAL_FILE_NAMES, Problem } from '@nplz/core';
import type { CommandSpec } from '../command';
import { printProblems } from '../problems';
import { paint } from '../terminal';
import { today } from '../today';
import { UsageError } from '../usage-error';

export const validateCommand: CommandSpec = {
  name: 'validate',
  summary: 'Validate tenancy specs, national settings or a whole estate folder',
  usage: 'nplz validate <file-or-folder>... [--json]',
  examples: ['nplz validate examples/estate', 'nplz validate tenancies/kent.yaml tenancies/essex.yaml'],
  options: { json: { type: 'boolean', description: 'print the result as JSON' } },
  run: async ({ values, positionals, term }) => {
    if (positionals.length === 0) throw new UsageError('give at least one spec file or folder', 'validate');
    const now = today();
    const problems: Problem[] = [];
    let checked = 0;
    let tenancies = 0;
    for (const target of positionals) {
      if (!fs.existsSync(target)) {
        problems.push({
          file: target,
          path: '',
          received: target,
          message: 'no such file or folder',
          allowed: 'a tenancy spec (.yaml, .yml, .json), national.yaml, or an estate folder',
        });
        continue;
      }
      if (fs.statSync(target).isDirectory()) {
        if (findNationalFile(target)) {
          const r = loadEstate(target, { now });
          checked += 1 + listSpecFiles(target).length;
          tenancies += r.estate?.tenancies.length ?? 0;
          problems.push(...r.problems);
        } else {
          for (const file of listSpecFiles(target)) {
            checked++;
            const r = loadTenancyFile(file, { now });
            if (r.entry) tenancies++;
            problems.push(...r.problems);
          }
        }
      } else if (NATIONAL_FILE_NAMES.includes(path.basename(target))) {
        checked++;
        problems.push(...loadNationalFile(target).problems);
      } else {
        checked++;
        const r = loadTenancyFile(target, { now });
        if (r.entry) tenancies++;
        problems.push(...r.problems);
      }
    }
    if (values.json) {
      term.out(JSON.stringify({ valid: problems.length === 0, files: checked, problems }, null, 2));
      return problems.length ? 2 : 0;
    }
    if (problems.length) {
      printProblems(term, problems);
      return 2;
    }
    term.out(`${paint(term, 'green', '✔')} ${checked} file(s) valid, ${tenancies} tenancies`);
    return 0;
  },
};
