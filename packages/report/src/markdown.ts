import { SEVERITIES } from '@nplz/core';
import { compareSeverity, reportAsOf } from '@nplz/core';
import type { DecommissioningTenancy, Finding, FindingsReport } from '@nplz/core';
import { controlOf } from './private/catalog';

/**
 * Text safe in a Markdown table cell: no line breaks or pipes to break the table, no HTML for a
 * renderer to run, no emphasis or links smuggled in through a resource name or message.
 */
export function markdownCell(value: string): string {
  return value
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#!~])/g, '\\$1');
}

function table(head: string[], rows: string[][]): string {
  if (rows.length === 0) return '_None._\n';
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n') + '\n';
}

const bySeverityThenOrder = (a: Finding, b: Finding) => compareSeverity(b.severity, a.severity);

/** `NPLZ-NET-01 No public access to storage` for a catalog control, else the bare control id. */
function controlTitle(f: Finding): string {
  const control = controlOf(f);
  return control ? `${f.control} ${control.title}` : f.control;
}

/** `report.md`: summary, then every failure, then every exception in force. For pull requests and tickets. */
export function renderMarkdown(report: FindingsReport): string {
  const s = report.summary;
  const failures = report.findings.filter((f) => f.status === 'fail').sort(bySeverityThenOrder);
  const excepted = report.findings.filter((f) => f.status === 'excepted' && !f.acknowledgement);
  const acknowledged = report.findings.filter((f) => f.status === 'excepted' && f.acknowledgement);
  const bySeverity = s.bySeverity;

  const out: string[] = [];
  out.push(`# NPLZ audit report\n`);
  out.push(
    `Baseline **${markdownCell(report.baseline)}**, as of **${markdownCell(reportAsOf(report))}**, nplz ${markdownCell(report.version)}, generated ${markdownCell(report.generatedAt)}.\n`,
  );
  out.push(`## Summary\n`);
  out.push(
    table(
      ['Controls', 'Tenancies', 'Pass', 'Fail', 'Excepted', 'Not applicable'],
      [[s.controls, s.tenancies, s.pass, s.fail, s.excepted, s.notApplicable ?? 0].map(String)],
    ),
  );
  if (bySeverity) {
    out.push(`Failures by severity: ${SEVERITIES.map((sev) => `${sev} ${bySeverity[sev]}`).join(', ')}.\n`);
  }
  out.push(`## Failures (${failures.length})\n`);
  out.push(
    table(
      ['Severity', 'Control', 'Tenancy', 'Cloud', 'Resource', 'Rule', 'Message'],
      failures.map((f) => [
        f.severity,
        markdownCell(controlTitle(f)),
        markdownCell(f.tenancy),
        f.cloud + (f.environment ? ` (${markdownCell(f.environment)})` : ''),
        markdownCell(f.resource),
        markdownCell(`${f.source}/${f.rule}`),
        markdownCell(f.exception ? `${f.message} (exception expired ${f.exception.expires})` : f.message),
      ]),
    ),
  );
  out.push(`## Exceptions in force (${excepted.length})\n`);
  out.push(
    table(
      ['Control', 'Tenancy', 'Cloud', 'Resource', 'Reason', 'Approved by', 'Expires', 'Days left'],
      excepted.map((f) => [
        markdownCell(f.control),
        markdownCell(f.tenancy),
        f.cloud + (f.environment ? ` (${markdownCell(f.environment)})` : ''),
        markdownCell(f.resource),
        markdownCell(f.exception?.reason ?? ''),
        markdownCell(f.exception?.approvedBy ?? ''),
        markdownCell(f.exception?.expires ?? ''),
        f.exception ? String(f.exception.daysLeft) : '',
      ]),
    ),
  );
  out.push(`## Independent rules acknowledged in code (${acknowledged.length})\n`);
  out.push(
    table(
      ['Source', 'Rule', 'Tenancy', 'Resource', 'Reason', 'Acknowledged at'],
      acknowledged.map((f) => [
        markdownCell(f.source),
        markdownCell(f.rule),
        markdownCell(f.tenancy),
        markdownCell(f.resource),
        markdownCell(f.acknowledgement?.reason ?? ''),
        markdownCell(f.acknowledgement?.where ?? ''),
      ]),
    ),
  );
  if (report.decommissioning?.length) out.push(decommissioningSection(report.decommissioning));
  return out.join('\n');
}

const RULE_STATUS: Readonly<Record<DecommissioningTenancy['rules'][number]['status'], string>> = {
  pass: 'pass',
  fail: '**FAIL**',
  excepted: 'excepted',
  'not-applicable': 'not applicable',
  'not-evaluated': 'not evaluated',
};

/** What each decommissioning tenancy holds, until when, and whether each decommissioning rule holds. */
function decommissioningSection(tenancies: readonly DecommissioningTenancy[]): string {
  const rules = tenancies[0]?.rules.map((r) => r.rule) ?? [];
  const holdings = (t: DecommissioningTenancy) =>
    [
      ...Object.entries(t.awsAccounts).map(([env, id]) => `AWS account ${id} (${env})`),
      ...Object.entries(t.azureSubscriptions).map(([env, id]) => `Azure subscription ${id} (${env})`),
    ].join(', ');
  const out = [
    `## Decommissioning tenancies (${tenancies.length})\n`,
    'Workforce access removed, accounts in the Suspended OU and subscriptions under the decommissioned management group, data kept under its locks. Each record is kept for the retention from when it was written; until `lifecycle.writesStoppedOn` records the last write, the day the evidence may go is counted from a day still to come.\n',
    table(
      ['Tenancy', 'Since', 'Approved by', 'Last write', 'Evidence may go', 'Accounts and subscriptions', ...rules],
      tenancies.map((t) => [
        markdownCell(t.tenancy),
        markdownCell(t.since),
        markdownCell(t.approvedBy ?? ''),
        markdownCell(t.writesStoppedOn ?? 'not recorded'),
        markdownCell(t.retention.until ?? t.retention.text),
        markdownCell(holdings(t)),
        ...rules.map((rule) => {
          const r = t.rules.find((x) => x.rule === rule);
          return r ? `${RULE_STATUS[r.status]} (${markdownCell(r.control)})` : '';
        }),
      ]),
    ),
  ];
  return out.join('\n');
}
