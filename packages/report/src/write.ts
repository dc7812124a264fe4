import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { FindingsReport } from '@nplz/core';
import { renderCsv } from './csv';
import { renderHtml } from './html';
import { renderJson } from './json';
import { renderJunit } from './junit';
import { renderMarkdown } from './markdown';
import { renderOcsf } from './ocsf';
import { renderOscal } from './oscal';
import { renderSarif } from './sarif';

/** The `--format` values of `nplz audit`. */
export type ReportFormat = 'json' | 'sarif' | 'junit' | 'csv' | 'md' | 'html' | 'oscal' | 'ocsf';
export const REPORT_FORMATS: readonly ReportFormat[] = ['json', 'sarif', 'junit', 'csv', 'md', 'html', 'oscal', 'ocsf'];

/** The file each format is written to inside the report folder. */
export const REPORT_FILES: Readonly<Record<ReportFormat, string>> = {
  json: 'findings.json',
  sarif: 'findings.sarif',
  junit: 'junit.xml',
  csv: 'findings.csv',
  md: 'report.md',
  html: 'report.html',
  oscal: 'assessment-results.oscal.json',
  ocsf: 'findings.ocsf.jsonl',
};

/** Renders a report to the text of one file. */
export type ReportWriter = (report: FindingsReport) => string;

export const REPORT_WRITERS: Readonly<Record<ReportFormat, ReportWriter>> = {
  json: renderJson,
  sarif: (r) => renderSarif(r),
  junit: renderJunit,
  csv: renderCsv,
  md: renderMarkdown,
  html: renderHtml,
  oscal: renderOscal,
  ocsf: (r) => renderOcsf(r),
};

export interface WriteReportsOptions {
  /**
   * Writers to use instead of the built-in ones, per format.
   * @default - REPORT_WRITERS
   */
  readonly writers?: Partial<Record<ReportFormat, ReportWriter>>;
  /** Further files to write beside the formats, by file name (e.g. the CAF self-assessment). @default - none */
  readonly extraFiles?: Readonly<Record<string, string | Uint8Array>>;
}

/**
 * Writes the chosen formats (and `findings.json` always) into `dir`, atomically: every file is
 * written into a temporary sibling folder, which replaces `dir` only once all are complete. A
 * failed run leaves the previous report as it was and no temporary folder behind.
 *
 * An existing `dir` is replaced whole, so it must be empty or a previous report (it holds
 * `findings.json`); anything else is refused rather than deleted.
 *
 * @returns the paths written, in format order.
 */
export function writeReports(
  report: FindingsReport,
  dir: string,
  formats: Iterable<ReportFormat>,
  opts: WriteReportsOptions = {},
): string[] {
  const target = resolve(dir);
  const chosen = new Set<ReportFormat>(['json', ...formats]);
  for (const f of chosen) {
    if (!REPORT_FORMATS.includes(f)) throw new Error(`unknown report format "${String(f)}"; allowed: ${REPORT_FORMATS.join(', ')}`);
  }
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) throw new Error(`report folder ${target} is a file; give a folder for the report`);
    const entries = readdirSync(target);
    if (entries.length > 0 && !entries.includes(REPORT_FILES.json)) {
      throw new Error(
        `report folder ${target} is not empty and holds no previous report (no ${REPORT_FILES.json}); give an empty or new folder`,
      );
    }
  }

  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const staging = join(parent, `.${basename(target)}.tmp-${suffix}`);
  const written: string[] = [];
  mkdirSync(staging);
  try {
    for (const format of REPORT_FORMATS.filter((f) => chosen.has(f))) {
      const writer = opts.writers?.[format] ?? REPORT_WRITERS[format];
      writeFileSync(join(staging, REPORT_FILES[format]), writer(report), 'utf8');
      written.push(join(target, REPORT_FILES[format]));
    }
    for (const [name, content] of Object.entries(opts.extraFiles ?? {})) {
      writeFileSync(join(staging, basename(name)), content);
      written.push(join(target, basename(name)));
    }
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }

  // Two renames: a folder cannot be renamed over a non-empty one. The old report is removed only
  // after the new one is in place, and put back if the second rename fails.
  const previous = join(parent, `.${basename(target)}.old-${suffix}`);
  const hadPrevious = existsSync(target);
  if (hadPrevious) renameSync(target, previous);
  try {
    renameSync(staging, target);
  } catch (e) {
    if (hadPrevious) renameSync(previous, target);
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  if (hadPrevious) rmSync(previous, { recursive: true, force: true });
  return written;
}
