import type { Severity } from '@nplz/core';
import type { Log, ReportingDescriptor, Result, Run, Location } from 'sarif';
import { CONTROL_AREAS, compareSeverity, defined, reportAsOf } from '@nplz/core';
import type { Finding, FindingsReport } from '@nplz/core';
import { cafLabel, controlOf, ncscLabel } from './private/catalog';
import { findingFingerprint } from './private/fingerprint';

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

/** The SARIF taxonomy of the NPLZ catalog: independent tools' rules relate to the control they evidence. */
const CATALOG_TAXONOMY = 'NPLZ controls';

/** `No public access to storage` → `NoPublicAccessToStorage`: the identifier-like `name` SARIF asks of a rule. */
function pascalName(title: string): string {
  return title
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

const worstSeverity = (findings: readonly [Finding, ...Finding[]]): Severity =>
  findings.reduce<Severity>((worst, f) => (compareSeverity(f.severity, worst) > 0 ? f.severity : worst), findings[0].severity);

const sortedUnique = <T>(values: Iterable<T>, cmp?: (a: T, b: T) => number): T[] => [...new Set(values)].sort(cmp);

/**
 * A rule of the nplz run: one per catalog control, id = the control id, described in full from
 * the catalog (title, rationale, area, NCSC principles, CAF outcomes) with the checks that
 * evidence it in this report.
 */
function controlDescriptor(id: string, findings: readonly [Finding, ...Finding[]]): ReportingDescriptor {
  const c = controlOf({ control: id });
  const ncsc = c
    ? [...c.ncsc]
    : sortedUnique(
        findings.flatMap((f) => f.ncsc),
        (a, b) => a - b,
      );
  const caf = c ? [...c.caf] : sortedUnique(findings.flatMap((f) => f.caf));
  const checks = sortedUnique(findings.map((f) => f.rule));
  const severity = c?.severity ?? worstSeverity(findings);
  const title = c ? c.title : '(not in the catalog)';
  const area = c ? `${c.area} ${CONTROL_AREAS[c.area]}` : undefined;
  const ncscText = ncsc.map(ncscLabel).join('; ') || 'none';
  const cafText = caf.map(cafLabel).join('; ') || 'none';
  const text = [
    `${id} ${title} (${severity}).${c ? ` ${c.rationale}` : ''}`,
    ...(area ? [`Area: ${area}.`] : []),
    `NCSC Cloud Security Principles: ${ncscText}.`,
    `NCSC CAF outcomes: ${cafText}.`,
    `Checked by: ${checks.join(', ')}.`,
  ];
  const markdown = [
    `**${id} ${title}** (${severity})${c ? `\n\n${c.rationale}` : ''}`,
    [
      ...(area ? [`- Area: ${area}`] : []),
      `- NCSC Cloud Security Principles: ${ncscText}`,
      `- NCSC CAF outcomes: ${cafText}`,
      `- Checked by: ${checks.map((r) => `\`${r}\``).join(', ')}`,
    ].join('\n'),
  ];
  return {
    id,
    name: pascalName(title),
    shortDescription: { text: `${id} ${title}` },
    fullDescription: { text: c ? c.rationale : findings[0].message },
    help: { text: text.join('\n'), markdown: markdown.join('\n\n') },
    defaultConfiguration: { level: LEVEL[severity] },
    properties: {
      tags: ['security', id, ...ncsc.map((n) => `NCSC-${n}`), ...caf.map((o) => `CAF-${o}`)],
      'security-severity': SECURITY_SEVERITY[severity],
      precision: 'high',
      ...(c ? { area: c.area } : {}),
      ncsc,
      caf,
      checks,
    },
  };
}

/**
 * A rule of an independent tool's run (cdk-nag AwsSolutions, Control Tower): its own id, related
 * to the NPLZ control(s) its findings evidence through the catalog taxonomy.
 */
function toolRuleDescriptor(
  rule: string,
  findings: readonly [Finding, ...Finding[]],
  taxonIndex: ReadonlyMap<string, number>,
): ReportingDescriptor {
  const controlIds = sortedUnique(findings.map((f) => f.control));
  const ncsc = sortedUnique(
    findings.flatMap((f) => f.ncsc),
    (a, b) => a - b,
  );
  const caf = sortedUnique(findings.flatMap((f) => f.caf));
  const severity = worstSeverity(findings);
  const controlText = controlIds.map((id) => {
    const c = controlOf({ control: id });
    return c ? `${id} ${c.title}` : id;
  });
  return {
    id: rule,
    name: pascalName(rule),
    shortDescription: { text: `${rule}, evidence for ${controlText.join('; ')}` },
    fullDescription: { text: findings[0].message },
    help: {
      text: [
        `Evidence for ${controlText.join('; ')}.`,
        `NCSC Cloud Security Principles: ${ncsc.map(ncscLabel).join('; ') || 'none'}.`,
        `NCSC CAF outcomes: ${caf.map(cafLabel).join('; ') || 'none'}.`,
      ].join('\n'),
    },
    defaultConfiguration: { level: LEVEL[severity] },
    relationships: controlIds.map((id) => ({
      target: { id, index: defined(taxonIndex.get(id), `the taxon of ${id}`), toolComponent: { name: CATALOG_TAXONOMY, index: 0 } },
      kinds: ['relevant'],
    })),
    properties: {
      tags: ['security', ...controlIds, ...ncsc.map((n) => `NCSC-${n}`), ...caf.map((o) => `CAF-${o}`)],
      'security-severity': SECURITY_SEVERITY[severity],
      precision: 'high',
      controls: controlIds,
    },
  };
}

function result(f: Finding, ruleId: string, ruleIndex: number, opts: SarifOptions): Result {
  const location: Location = {
    logicalLocations: [{ fullyQualifiedName: f.resource, kind: 'resource', properties: { cloud: f.cloud, tenancy: f.tenancy } }],
  };
  const artifact = opts.artifactFor?.(f);
  if (artifact) location.physicalLocation = { artifactLocation: { uri: artifact } };

  const problem = f.status === 'fail' || f.status === 'excepted';
  const out: Result = {
    ruleId,
    ruleIndex,
    kind: problem ? 'fail' : f.status === 'pass' ? 'pass' : 'notApplicable',
    level: problem ? LEVEL[f.severity] : 'none',
    message: { text: `${f.tenancy}: ${f.message}` },
    locations: [location],
    partialFingerprints: { 'nplzFinding/v1': findingFingerprint(f) },
    properties: {
      control: f.control,
      rule: f.rule,
      source: f.source,
      status: f.status,
      severity: f.severity,
      cloud: f.cloud,
      tenancy: f.tenancy,
      ...(f.environment ? { environment: f.environment } : {}),
      ...(f.exception ? { exception: { ...f.exception } } : {}),
      ...(f.acknowledgement ? { acknowledgement: { ...f.acknowledgement } } : {}),
    },
  };
  if (f.status === 'excepted' && f.acknowledgement) {
    // Acknowledged in NPLZ's own code: SARIF's in-source suppression.
    out.suppressions = [
      { kind: 'inSource', status: 'accepted', justification: f.acknowledgement.reason, properties: { where: f.acknowledgement.where } },
    ];
  }
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

/**
 * A SARIF 2.1.0 log: one run per source tool (nplz first). In the nplz run a rule is a catalog
 * control (`ruleId` = `NPLZ-NET-01`), the check that produced a result is in its `rule` property;
 * an independent tool's run keeps its own rule ids, each related to the NPLZ control it evidences
 * through the run's `NPLZ controls` taxonomy.
 */
export function toSarifLog(report: FindingsReport, opts: SarifOptions = {}): Log {
  const included = report.findings.filter((f) => opts.includePasses || f.status === 'fail' || f.status === 'excepted');
  const sources = [...new Set(['nplz', ...report.findings.map((f) => f.source)])].sort((a, b) =>
    a === 'nplz' ? -1 : b === 'nplz' ? 1 : a < b ? -1 : a > b ? 1 : 0,
  );
  const asOf = reportAsOf(report);

  const runs: Run[] = sources.map((source) => {
    const own = source === 'nplz';
    const ruleOf = (f: Finding) => (own ? f.control : f.rule);
    // Rules come from every finding of the source, so a rule that only passed is still described.
    const byRule = new Map<string, [Finding, ...Finding[]]>();
    for (const f of report.findings) {
      if (f.source !== source) continue;
      const list = byRule.get(ruleOf(f));
      if (list) list.push(f);
      else byRule.set(ruleOf(f), [f]);
    }
    const rules = [...byRule].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const ruleIndex = new Map(rules.map(([id], i) => [id, i]));
    const taxa = own ? [] : sortedUnique(rules.flatMap(([, fs]) => fs.map((f) => f.control)));
    const taxonIndex = new Map(taxa.map((id, i) => [id, i]));
    const informationUri = INFORMATION_URI[source];
    return {
      tool: {
        driver: {
          name: source,
          ...(own ? { version: report.version, semanticVersion: report.version } : {}),
          ...(informationUri ? { informationUri } : {}),
          rules: rules.map(([id, findings]) => (own ? controlDescriptor(id, findings) : toolRuleDescriptor(id, findings, taxonIndex))),
        },
      },
      ...(own
        ? {}
        : {
            taxonomies: [
              {
                name: CATALOG_TAXONOMY,
                organization: 'NPLZ',
                version: report.version,
                taxa: taxa.map((id) => {
                  const c = controlOf({ control: id });
                  return { id, ...(c ? { name: pascalName(c.title), shortDescription: { text: `${id} ${c.title}` } } : {}) };
                }),
              },
            ],
          }),
      automationDetails: { id: `nplz-audit/${source}/` },
      invocations: [{ executionSuccessful: true, endTimeUtc: report.generatedAt, properties: { asOf } }],
      results: included
        .filter((f) => f.source === source)
        .map((f) => result(f, ruleOf(f), defined(ruleIndex.get(ruleOf(f)), `the index of rule ${ruleOf(f)}`), opts)),
      properties: { baseline: report.baseline, asOf },
    };
  });

  return { $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs };
}

/** `findings.sarif`. */
export function renderSarif(report: FindingsReport, opts: SarifOptions = {}): string {
  return `${JSON.stringify(toSarifLog(report, opts), null, 2)}\n`;
}
