import {
  CAF_DEFAULT_VERSION,
  CAF_VERSIONS,
  CONTROLS,
  NCSC_PRINCIPLES,
  cafFramework,
  controlCafOutcomes,
  defined,
  parseCafVersion,
} from '@nplz/core';
import { controlChecks } from '@nplz/policy';
import type { CommandSpec } from '../command';
import { table } from '../terminal';
import { UsageError } from '../usage-error';

export const controlsCommand: CommandSpec = {
  name: 'controls',
  summary: 'List the controls catalog with its NCSC and CAF mappings and the checks that implement each control',
  usage: 'nplz controls [--json] [--caf 4.0|3.2]',
  examples: ['nplz controls', 'nplz controls --caf 3.2', 'nplz controls --json | jq \'.[] | select(.id == "NPLZ-NET-03") | .checks\''],
  writes: 'nothing.',
  options: {
    json: { type: 'boolean', description: 'print JSON (each control with its checks) instead of a table' },
    caf: {
      type: 'string',
      description: `CAF version of the outcome ids: ${CAF_VERSIONS.join(' or ')} (default ${CAF_DEFAULT_VERSION}; 3.2 ids come from the 4.0 mapping through the crosswalk)`,
    },
  },
  run: async ({ values, term }) => {
    const asked = typeof values.caf === 'string' ? values.caf : CAF_DEFAULT_VERSION;
    const version = parseCafVersion(asked);
    if (!version) throw new UsageError(`--caf: received ${JSON.stringify(asked)}; allowed: ${CAF_VERSIONS.join(', ')}`, 'controls');
    const checks = controlChecks();
    if (values.json) {
      term.out(
        JSON.stringify(
          CONTROLS.map(({ cafIndicators, ...c }) => ({
            ...c,
            caf: controlCafOutcomes({ ...c, cafIndicators }, version),
            cafVersion: version,
            // Indicator ids are mapped in CAF 4.0 only; 3.2 has no indicator-level mapping.
            ...(version === '4.0' ? { cafIndicators } : {}),
            checks: checks[c.id],
          })),
          null,
          2,
        ),
      );
      return 0;
    }
    const count = (xs: readonly string[]) => String(xs.length);
    term.out(
      table(
        ['id', 'severity', 'NCSC', `CAF ${version}`, 'aws', 'azure', 'estate', 'title'],
        CONTROLS.map((c) => {
          const k = defined(checks[c.id], `the checks of ${c.id}`);
          return [
            c.id,
            c.severity,
            c.ncsc.join(','),
            controlCafOutcomes(c, version).join(','),
            count(k.aws),
            count(k.azure),
            count(k.estate),
            c.title,
          ];
        }),
      ),
    );
    const covered = new Set(CONTROLS.flatMap((c) => c.ncsc));
    term.out(
      `\n${CONTROLS.length} controls covering ${covered.size} of 14 NCSC Cloud Security Principles; columns aws/azure/estate count the checks (names: --json, docs/controls.md)`,
    );
    const framework = cafFramework(version);
    const served = new Set(CONTROLS.flatMap((c) => controlCafOutcomes(c, version)));
    term.out(
      `CAF ${version} (CDDO data, co-cddo/domains-webcaf@${framework.source.commit.slice(0, 7)}): ${served.size} of ${framework.outcomes.length} contributing outcomes served by checks`,
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
