import { createHash } from 'node:crypto';
import type { Severity } from '@nplz/core';
import type { Log, ReportingDescriptor, Result, Run, Location } from 'sarif';
import { compareSeverity, defined } from '@nplz/core';
import type { Finding, FindingsReport } from '@nplz/core';
import { cafLabel, controlOf, ncscLabel } from './private/catalog';

export interface SarifOptions {
  /**
   * Also emit passes (`kind: 'pass'`) and not-applicable findings (`kind: 'notApplicable'`).
   * Code scanning only needs problems, and an estate produces tens of thousands of passes.
   * @default false
   */
  readonly includePasses?: boolean;
  /**
   * A repository-relative file for a finding (typically its tenancy spec), added as a physical
   * location. GitHub code scanning requires one on every result.
   * @default - logical locations only
   */
  readonly artifactFor?: (finding: Finding) => string | undefined;
}

const LEVEL: Readonly<Record<Severity, Result.level>> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };

/** GitHub code scanning ranks security alerts by this CVSS-like score. */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };

const INFORMATION_URI: Readonly<Record<string, string>> = {
  AwsSolutions: 'https://github.com/cdklabs/cdk-nag/blob/main/RULES.md',
  ControlTower: 'https://docs.aws.amazon.com/controltower/latest/controlreference/proactive-controls.html',
};

function ruleDescriptor(rule: string, findings: readonly [Finding, ...Finding[]]): ReportingDescriptor {
  const [first] = findings;
  const controlIds = [...new Set(findings.map((f) => f.control))].sort();
  const controls = controlIds.map((id) => controlOf({ control: id }));
  const ncsc = [...new Set(findings.flatMap((f) => f.ncsc))].sort((a, b) => a - b);
  const caf = [...new Set(findings.flatMap((f) => f.caf))].sort();
  const severity = findings.reduce<Severity>((worst, f) => (compareSeverity(f.severity, worst) > 0 ? f.severity : worst), first.severity);
  const main = controls[0];
  const title = main ? `${main.id} ${main.title}` : `${first.control}: ${rule}`;

  const lines = [
    ...controlIds.map((id, i) => {
      const c = controls[i];
      return c ? `${c.id} ${c.title} (${c.severity}). ${c.rationale}` : `${id}.`;
    }),
    `NCSC Cloud Security Principles: ${ncsc.map(ncscLabel).join('; ') || 'none'}.`,
    `NCSC CAF outcomes: ${caf.map(cafLabel).join('; ') || 'none'}.`,
  ];
  const markdown = [
    ...controlIds.map((id, i) => {
      const c = controls[i];
      return c ? `**${c.id} ${c.title}** (${c.severity})\n\n${c.rationale}` : `**${id}**`;
    }),
    `- NCSC Cloud Security Principles: ${ncsc.map(ncscLabel).join('; ') || 'none'}`,
    `- NCSC CAF outcomes: ${caf.map(cafLabel).join('; ') || 'none'}`,
  ];

  return {
    id: rule,
    name: rule,
    shortDescription: { text: title },
    fullDescription: { text: main ? main.rationale : first.message },
    help: { text: lines.join('\n'), markdown: markdown.join('\n\n') },
    defaultConfiguration: { level: LEVEL[severity] },
    properties: {
      tags: ['security', ...controlIds, ...ncsc.map((n) => `NCSC-${n}`), ...caf.map((o) => `CAF-${o}`)],
      'security-severity': SECURITY_SEVERITY[severity],
      precision: 'high',
      controls: controlIds,
    },
  };
}

function fingerprint(f: Finding): string {
  return createHash('sha256')
    .update([f.control, f.tenancy, f.cloud, f.environment ?? '', f.resource, f.rule].join('\u0000'))
    .digest('hex');
}

function result(f: Finding, ruleIndex: number, opts: SarifOptions): Result {
  const location: Location = {
    logicalLocations: [{ fullyQualifiedName: f.resource, kind: 'resource', properties: { cloud: f.cloud, tenancy: f.tenancy } }],
  };
  const artifact = opts.artifactFor?.(f);
  if (artifact) location.physicalLocation = { artifactLocation: { uri: artifact } };

  const problem = f.status === 'fail' || f.status === 'excepted';
  const out: Result = {
    ruleId: f.rule,
    ruleIndex,
    kind: problem ? 'fail' : f.status === 'pass' ? 'pass' : 'notApplicable',
    level: problem ? LEVEL[f.severity] : 'none',
    message: { text: `${f.tenancy}: ${f.message}` },
    locations: [location],
    partialFingerprints: { 'nplzFinding/v1': fingerprint(f) },
    properties: {
      control: f.control,
      status: f.status,
      severity: f.severity,
      cloud: f.cloud,
      tenancy: f.tenancy,
      ...(f.environment ? { environment: f.environment } : {}),
      ...(f.exception ? { exception: { ...f.exception } } : {}),
    },
  };
  if (f.status === 'excepted' && f.exception) {
    out.suppressions = [
      {
        kind: 'external',
        status: 'accepted',
        justification: f.exception.reason,
        properties: { approvedBy: f.exception.approvedBy, expires: f.exception.expires, daysLeft: f.exception.daysLeft },
      },
    ];
  }
  return out;
}

/** A SARIF 2.1.0 log: one run per source tool (nplz first), rules described from the controls catalog. */
export function toSarifLog(report: FindingsReport, opts: SarifOptions = {}): Log {
  const included = report.findings.filter((f) => opts.includePasses || f.status === 'fail' || f.status === 'excepted');
  const sources = [...new Set(['nplz', ...report.findings.map((f) => f.source)])].sort((a, b) =>
    a === 'nplz' ? -1 : b === 'nplz' ? 1 : a < b ? -1 : a > b ? 1 : 0,
  );

  const runs: Run[] = sources.map((source) => {
    // Rules come from every finding of the source, so a rule that only passed is still described.
    const byRule = new Map<string, [Finding, ...Finding[]]>();
    for (const f of report.findings) {
      if (f.source !== source) continue;
      const list = byRule.get(f.rule);
      if (list) list.push(f);
      else byRule.set(f.rule, [f]);
    }
    const rules = [...byRule].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const ruleIndex = new Map(rules.map(([id], i) => [id, i]));
    const informationUri = INFORMATION_URI[source];
    return {
      tool: {
        driver: {
          name: source,
          ...(source === 'nplz' ? { version: report.version, semanticVersion: report.version } : {}),
          ...(informationUri ? { informationUri } : {}),
          rules: rules.map(([id, findings]) => ruleDescriptor(id, findings)),
        },
      },
      automationDetails: { id: `nplz-audit/${source}/` },
      invocations: [{ executionSuccessful: true, endTimeUtc: report.generatedAt }],
      results: included
        .filter((f) => f.source === source)
        .map((f) => result(f, defined(ruleIndex.get(f.rule), `the index of rule ${f.rule}`), opts)),
      properties: { baseline: report.baseline },
    };
  });

  return { $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs };
}

/** `findings.sarif`. */
export function renderSarif(report: FindingsReport, opts: SarifOptions = {}): string {
  return `${JSON.stringify(toSarifLog(report, opts), null, 2)}\n`;
}
