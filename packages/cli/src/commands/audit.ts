import * as path from 'node:path';
import { failsAt, NplzError, pathKind, SEVERITIES, Severity } from '@nplz/core';
// The audit subpath: the package's index also loads the synth-time packs (aws-cdk-lib, cdk-nag).
import { auditEstate, synthOutputPaths } from '@nplz/policy/audit';
import { cafAssessmentFiles, renderSarif, REPORT_FILES, REPORT_FORMATS, ReportFormat, writeReports } from '@nplz/report';
import { CACHE_DEFAULT_TEXT, cacheRoot } from '../cache';
import { checkOutputFolder } from '../atomic';
import type { CommandSpec } from '../command';
import { Progress } from '../progress';
import { readEstateSnapshot } from '../synth-output';
import { paint } from '../terminal';
import { generationTime, today } from '../today';
import { UsageError } from '../usage-error';
import { toolVersion } from '../version';

/**
 * Every format but the two exports for other systems: OSCAL and OCSF are large for an estate (tens of
 * megabytes each for the sample estate, an event per finding) and go to a GRC tool or a SIEM, so
 * they are asked for by name.
 */
const ON_REQUEST: readonly ReportFormat[] = ['oscal', 'ocsf'];
const DEFAULT_FORMATS: readonly ReportFormat[] = REPORT_FORMATS.filter((f) => !ON_REQUEST.includes(f));

function parseFormats(value: string | undefined): ReportFormat[] {
  if (!value) return [...DEFAULT_FORMATS];
  const list = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = list.filter((f) => !(REPORT_FORMATS as readonly string[]).includes(f));
  if (bad.length) {
    throw NplzError.of({
      file: '(command line)',
      path: '--format',
      received: value,
      message: `unknown report format ${bad.map((b) => `"${b}"`).join(', ')}`,
      allowed: `a comma-separated list of: ${REPORT_FORMATS.join(', ')}`,
    });
  }
  return list as ReportFormat[];
}

function parseSeverity(value: string | undefined): Severity | undefined {
  if (value === undefined || value === 'none') return undefined;
  if (!(SEVERITIES as readonly string[]).includes(value)) {
    throw NplzError.of({
      file: '(command line)',
      path: '--fail-on',
      received: value,
      message: `unknown severity "${value}"`,
      allowed: `one of: ${SEVERITIES.join(', ')}, none`,
    });
  }
  return value as Severity;
}

export const auditCommand: CommandSpec = {
  name: 'audit',
  summary: 'Audit what `nplz synth` wrote: every control × every tenancy, with evidence, in auditor-ready reports',
  usage:
    'nplz audit --in <dir> --report <dir> [--format html,sarif,junit,csv,md,json,oscal,ocsf] [--fail-on <severity>] [--json] [--no-cache]',
  examples: [
    'nplz audit --in out/synth --report out/report',
    'nplz audit --in out/synth --report out/report --format sarif,junit --fail-on critical',
    'NPLZ_TODAY=2027-03-01 nplz audit --in out/synth --report out/report   # as of a date',
  ],
  writes:
    '`--report` only: replaced whole, so it must be new, empty or a previous report (it holds `findings.json`), never a file, nor the `--in` folder, inside it or holding it. `--in` is only read.',
  options: {
    in: { type: 'string', description: 'the --out folder of `nplz synth`' },
    report: { type: 'string', description: 'where to write the reports (findings.json always)' },
    format: {
      type: 'string',
      description: `report formats, comma-separated (default: all but ${ON_REQUEST.join(' and ')}): ${REPORT_FORMATS.join(', ')}`,
    },
    'fail-on': { type: 'string', description: 'exit 1 when a failure at or above this severity exists (default: low; "none" never)' },
    json: { type: 'boolean', description: 'print the summary as JSON' },
    'no-cache': {
      type: 'boolean',
      description: `simulate every access request again: no results kept between runs (default cache: ${CACHE_DEFAULT_TEXT})`,
    },
  },
  run: async ({ values, term }) => {
    const input = values.in as string | undefined;
    const reportDir = values.report as string | undefined;
    if (!input) throw new UsageError('--in <dir> is required (the --out folder of `nplz synth`)', 'audit');
    if (!reportDir) throw new UsageError('--report <dir> is required', 'audit');
    checkOutputFolder(reportDir, {
      option: '--report',
      what: 'nplz report',
      marker: REPORT_FILES.json,
      isPrevious: (dir) => pathKind(path.join(dir, REPORT_FILES.json)) === 'file',
      inputs: [{ option: '--in', path: input }],
    });
    const formats = parseFormats(values.format as string | undefined);
    const failOn = values['fail-on'] === undefined ? 'low' : parseSeverity(values['fail-on'] as string);
    const now = today();
    const generatedAt = generationTime();
    const estate = readEstateSnapshot(input);
    const progress = new Progress(term);
    progress.start(`auditing ${estate.tenancies.length} tenancies`);
    const report = await auditEstate({
      estate,
      ...synthOutputPaths(input),
      now,
      generatedAt,
      version: toolVersion(),
      onProgress: (part, n) => progress.step(`${part}: ${n} findings`),
      ...(values['no-cache'] ? {} : { cacheDir: path.join(cacheRoot(), 'iam-simulate') }),
    });
    progress.done('audit complete');
    // SARIF results point at the spec file that governs them, so code scanning can place them.
    const specFile = new Map<string, string | undefined>([
      ['national', estate.nationalFile],
      ...estate.tenancies.map((t) => [t.spec.name, t.file] as [string, string | undefined]),
    ]);
    const artifactFor = (f: { tenancy: string }) => {
      const file = specFile.get(f.tenancy);
      return file ? path.relative(process.cwd(), path.resolve(file)).split(path.sep).join('/') : undefined;
    };
    try {
      const extraFiles = await cafAssessmentFiles(report); // the CAF self-assessment, CSV and XLSX
      writeReports(report, reportDir, formats, { writers: { sarif: (r) => renderSarif(r, { artifactFor }) }, extraFiles });
    } catch (e) {
      throw NplzError.of({
        file: reportDir,
        path: '--report',
        received: reportDir,
        message: (e as Error).message,
        allowed: 'an empty folder, a new path, or a previous nplz report folder',
      });
    }
    const failing = failOn ? failsAt(report, failOn) : [];
    const s = report.summary;
    if (values.json) {
      term.out(JSON.stringify({ report: reportDir, summary: s, failOn: failOn ?? 'none', failing: failing.length }, null, 2));
    } else {
      term.out(`${s.controls} controls × ${s.tenancies} tenancies (and the national platform), baseline ${report.baseline}`);
      term.out(
        `  ${paint(term, 'green', `${s.pass} pass`)} · ${paint(term, 'red', `${s.fail} fail`)} · ${paint(term, 'yellow', `${s.excepted} excepted`)} · ${s.notApplicable ?? 0} not applicable`,
      );
      for (const f of failing.slice(0, 20))
        term.out(
          `  ${paint(term, 'red', '✖')} ${f.control} [${f.severity}] ${f.tenancy}${f.environment ? `/${f.environment}` : ''} ${f.cloud}: ${f.message}\n      ${f.resource} (${f.source} ${f.rule})`,
        );
      if (failing.length > 20) term.out(`  … and ${failing.length - 20} more in ${path.join(reportDir, REPORT_FILES.json)}`);
      if (formats.includes('html')) term.out(`HTML report: ${path.join(reportDir, REPORT_FILES.html)}`);
      term.out(`Findings: ${path.join(reportDir, REPORT_FILES.json)}`);
    }
    return failing.length ? 1 : 0;
  },
};
