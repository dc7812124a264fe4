import * as path from 'node:path';
import {
  listSpecFiles,
  loadEstate,
  loadNationalFile,
  loadTenancyFile,
  looksLikeEstate,
  NATIONAL_FILE_NAMES,
  pathKind,
  Problem,
} from '@nplz/core';
import type { CommandSpec } from '../command';
import { jsonText, printProblems, problemsForJson } from '../problems';
import { paint } from '../terminal';
import { today } from '../today';
import { UsageError } from '../usage-error';

export const validateCommand: CommandSpec = {
  name: 'validate',
  summary: 'Validate tenancy specs, national settings or a whole estate folder',
  usage: 'nplz validate <file-or-folder>... [--json]',
  examples: ['nplz validate examples/estate', 'nplz validate tenancies/kent.yaml tenancies/essex.yaml'],
  writes: 'nothing.',
  options: { json: { type: 'boolean', description: 'print the result as JSON' } },
  positionals: Number.POSITIVE_INFINITY,
  run: async ({ values, positionals, term }) => {
    if (positionals.length === 0) throw new UsageError('give at least one spec file or folder', 'validate');
    const now = today();
    const problems: Problem[] = [];
    let checked = 0;
    let tenancies = 0;
    for (const target of positionals) {
      const kind = pathKind(target);
      if (kind === 'missing') {
        problems.push({
          file: target,
          path: '',
          received: target,
          message: 'no such file or folder',
          allowed: 'a tenancy spec (.yaml, .yml, .json), national.yaml, or an estate folder',
        });
        continue;
      }
      if (kind === 'folder') {
        if (looksLikeEstate(target)) {
          const r = loadEstate(target, { now });
          checked += 1 + listSpecFiles(target).length;
          tenancies += r.estate?.tenancies.length ?? 0;
          problems.push(...r.problems);
        } else {
          const files = listSpecFiles(target);
          if (files.length === 0)
            problems.push({
              file: target,
              path: '',
              received: target,
              message: 'the folder holds no tenancy specs and no national settings',
              allowed: 'an estate folder (national.yaml and tenancies/) or a folder of tenancy specs (.yaml, .yml, .json)',
            });
          for (const file of files) {
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
      term.out(jsonText({ valid: problems.length === 0, files: checked, ...problemsForJson(problems) }));
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
