import { worstStatus, defined } from '@nplz/core';
import type { Finding, FindingsReport } from '@nplz/core';
import { controlOf } from './private/catalog';
import { xmlAttr, xmlText } from './private/text';

interface TestCase {
  readonly control: string;
  readonly cloud: string;
  readonly resource: string;
  readonly findings: Finding[];
}

function describe(f: Finding): string {
  const at = f.environment ? ` [${f.environment}]` : '';
  return `${f.source} ${f.rule}${at}: ${f.message}`;
}

function exceptionText(f: Finding): string {
  const ex = f.exception;
  if (!ex) return describe(f);
  return `${f.rule}: excepted: ${ex.reason} (approved by ${ex.approvedBy}, expires ${ex.expires}, ${ex.daysLeft} days left)`;
}

function testcase(tenancy: string, tc: TestCase): { xml: string; status: string } {
  const status = defined(worstStatus(tc.findings.map((f) => f.status)), `the status of test case ${tc.control} ${tc.resource}`);
  const control = controlOf(tc);
  const attrs = `classname="${xmlAttr(`${tenancy}.${tc.control}`)}" name="${xmlAttr(`[${tc.cloud}] ${tc.resource}`)}" time="0"`;
  const lines = (s: string) => tc.findings.filter((f) => f.status === s);
  const failing = lines('fail');
  const [first] = failing;
  if (first) {
    const title = control ? `${control.id} ${control.title}` : tc.control;
    const body = failing.map((f) => (f.exception ? `${describe(f)} (exception expired ${f.exception.expires})` : describe(f))).join('\n');
    return {
      status,
      xml: `      <testcase ${attrs}>\n        <failure message="${xmlAttr(`${title}: ${first.message}`)}" type="${xmlAttr(first.severity)}">${xmlText(body)}</failure>\n      </testcase>\n`,
    };
  }
  if (status === 'excepted' || status === 'not-applicable') {
    const why = status === 'excepted' ? lines('excepted').map(exceptionText).join('\n') : lines('not-applicable').map(describe).join('\n');
    return { status, xml: `      <testcase ${attrs}>\n        <skipped message="${xmlAttr(why)}"/>\n      </testcase>\n` };
  }
  return { status, xml: `      <testcase ${attrs}/>\n` };
}

/**
 * JUnit XML (the Jenkins/Surefire dialect most CI systems read): one testsuite per tenancy, one
 * testcase per control × resource. A testcase fails when any of its findings fails and is skipped,
 * with the reason, when its findings are excepted or not applicable.
 */
export function renderJunit(report: FindingsReport): string {
  const byTenancy = new Map<string, Map<string, TestCase>>();
  for (const f of report.findings) {
    const cases = byTenancy.get(f.tenancy) ?? new Map<string, TestCase>();
    byTenancy.set(f.tenancy, cases);
    const key = `${f.control}\u0000${f.cloud}\u0000${f.resource}`;
    const tc = cases.get(key) ?? { control: f.control, cloud: f.cloud, resource: f.resource, findings: [] };
    tc.findings.push(f);
    cases.set(key, tc);
  }

  let tests = 0;
  let failures = 0;
  let skipped = 0;
  const suites: string[] = [];
  for (const [tenancy, byKey] of [...byTenancy].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const cases = [...byKey.values()].map((tc) => testcase(tenancy, tc));
    const f = cases.filter((c) => c.status === 'fail').length;
    const s = cases.filter((c) => c.status === 'excepted' || c.status === 'not-applicable').length;
    tests += cases.length;
    failures += f;
    skipped += s;
    suites.push(
      `  <testsuite name="${xmlAttr(tenancy)}" tests="${cases.length}" failures="${f}" errors="0" skipped="${s}" time="0" timestamp="${xmlAttr(report.generatedAt)}">\n` +
        `    <properties>\n      <property name="baseline" value="${xmlAttr(report.baseline)}"/>\n    </properties>\n` +
        cases.map((c) => c.xml).join('') +
        `  </testsuite>\n`,
    );
  }
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="${xmlAttr(`nplz audit ${report.version} (baseline ${report.baseline})`)}" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}" time="0">\n` +
    suites.join('') +
    `</testsuites>\n`
  );
}
