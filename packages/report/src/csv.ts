import type { Finding, FindingsReport } from '@nplz/core';
import { controlOf } from './private/catalog';

export const CSV_COLUMNS = [
  'control',
  'title',
  'status',
  'severity',
  'cloud',
  'tenancy',
  'environment',
  'resource',
  'source',
  'rule',
  'message',
  'ncsc',
  'caf',
  'exception_reason',
  'exception_approved_by',
  'exception_expires',
  'exception_days_left',
  'acknowledged_reason',
  'acknowledged_where',
] as const;

/**
 * One RFC 4180 field. Text a spreadsheet would run as a formula (leading `=`, `+`, `-`, `@`, tab or CR)
 * is prefixed with `'`: auditors open this file in Excel, and resource names and messages can carry
 * text from a tenancy's code. Numbers are left as they are.
 */
export function csvField(value: string | number): string {
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s) && !/^[+-]?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function row(f: Finding): (string | number)[] {
  const ex = f.exception;
  return [
    f.control,
    controlOf(f)?.title ?? '',
    f.status,
    f.severity,
    f.cloud,
    f.tenancy,
    f.environment ?? '',
    f.resource,
    f.source,
    f.rule,
    f.message,
    f.ncsc.join(' '),
    f.caf.join(' '),
    ex?.reason ?? '',
    ex?.approvedBy ?? '',
    ex?.expires ?? '',
    ex ? ex.daysLeft : '',
    f.acknowledgement?.reason ?? '',
    f.acknowledgement?.where ?? '',
  ];
}

/**
 * The UTF-8 byte order mark. Excel on Windows opens a double-clicked `.csv` in the machine's legacy
 * code page unless the file starts with it (so `Surrey – prod` would read `Surrey â€“ prod`);
 * LibreOffice Calc and Excel for Mac detect UTF-8 from it too. RFC 4180 readers that do not expect
 * it see it as part of the first header name, so strip it (`utf-8-sig` in Python) when scripting.
 */
export const CSV_BOM = '\uFEFF';

/**
 * `findings.csv`: a UTF-8 byte order mark, a header row, then one row per finding, RFC 4180 (CRLF
 * line breaks, quoted fields where needed, formulas neutralised).
 */
export function renderCsv(report: FindingsReport): string {
  const lines = [CSV_COLUMNS.join(','), ...report.findings.map((f) => row(f).map(csvField).join(','))];
  return `${CSV_BOM}${lines.join('\r\n')}\r\n`;
}
