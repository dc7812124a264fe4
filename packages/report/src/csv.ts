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
  ];
}

/** `findings.csv`: one row per finding, RFC 4180 (CRLF line breaks, quoted fields where needed), with a header row. */
export function renderCsv(report: FindingsReport): string {
  const lines = [CSV_COLUMNS.join(','), ...report.findings.map((f) => row(f).map(csvField).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
