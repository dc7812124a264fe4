import { createHash } from 'node:crypto';
import { NATIONAL_TENANCY, reportAsOf, worstStatus } from '@nplz/core';
import type { Finding, FindingsReport, FindingStatus } from '@nplz/core';
import { cafLabel, controlOf, ncscLabel } from './private/catalog';
import { NPLZ_UUID_NAMESPACE, uuidV5 } from './private/uuid';

/**
 * The NIST OSCAL version the assessment results are written in: 1.1.2, the release FedRAMP and
 * most GRC tools read. The test validates the output against that release's published JSON schema.
 */
export const OSCAL_VERSION = '1.1.2';

/** The namespace of NPLZ's own OSCAL properties (`props[].ns`), so they never clash with NIST's. */
export const NPLZ_OSCAL_NS = 'https://github.com/nplz/nplz/ns/oscal';

/** An OSCAL property (`name` a token, `value` a non-empty single-line string). */
export interface OscalProp {
  readonly name: string;
  readonly value: string;
  readonly ns?: string;
  readonly remarks?: string;
}

/** OSCAL's assessment-results document, as far as NPLZ fills it (the schema test holds the rest). */
export interface OscalAssessmentResults {
  readonly 'assessment-results': {
    readonly uuid: string;
    readonly metadata: Record<string, unknown>;
    readonly 'import-ap': { readonly href: string; readonly remarks?: string };
    readonly results: readonly Record<string, unknown>[];
    readonly 'back-matter': Record<string, unknown>;
  };
}

const uuid = (kind: string, ...parts: readonly string[]): string => uuidV5([kind, ...parts].join('\u0000'), NPLZ_UUID_NAMESPACE);

/** OSCAL's string datatype: no leading or trailing whitespace, no line breaks (its pattern's `.` stops at them). */
function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

function prop(name: string, value: string | number, remarks?: string): OscalProp[] {
  const v = oneLine(String(value));
  return v ? [{ name, ns: NPLZ_OSCAL_NS, value: v, ...(remarks ? { remarks } : {}) }] : [];
}

/** `[]` as an absent member: OSCAL arrays must have at least one item. */
const nonEmpty = <K extends string, T>(key: K, items: readonly T[]): Partial<Record<K, readonly T[]>> =>
  items.length ? ({ [key]: items } as Record<K, readonly T[]>) : {};

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function findingKey(f: Finding): string {
  return [f.control, f.tenancy, f.cloud, f.environment ?? '', f.resource, f.source, f.rule].join('\u0000');
}

function controlTitle(id: string): string {
  const c = controlOf({ control: id });
  return c ? `${id} ${c.title}` : id;
}

type Decommissioning = NonNullable<FindingsReport['decommissioning']>[number];

/** A decommissioning tenancy's mark as component properties: since, approver, last write, evidence end, each rule's status. */
function decommissioningProps(d: Decommissioning | undefined): OscalProp[] {
  if (!d) return [];
  return [
    ...prop('lifecycle-state', 'decommissioning'),
    ...prop('decommissioning-since', d.since),
    ...(d.approvedBy ? prop('decommissioning-approved-by', d.approvedBy) : []),
    ...(d.writesStoppedOn ? prop('evidence-writes-stopped-on', d.writesStoppedOn) : []),
    ...prop('evidence-kept-until', d.retention.until ?? d.retention.text),
    ...d.rules.flatMap((r) => prop('decommission-rule', `${r.rule} ${r.status}`, `${r.control}`)),
  ];
}

/** OSCAL's component status: `disposition` (being retired) for a decommissioning tenancy, else `operational`. */
function decommissioningStatus(d: Decommissioning | undefined): Record<string, string> {
  if (!d) return { state: 'operational' };
  return {
    state: 'disposition',
    remarks: `Decommissioning since ${d.since}${d.approvedBy ? `, approved by ${d.approvedBy}` : ''}; its evidence is kept until ${d.retention.until ?? d.retention.text}.`,
  };
}

/** OSCAL's objective status for a control in one tenancy: `satisfied` only when nothing failed or is excepted. */
function targetStatus(status: FindingStatus): { state: 'satisfied' | 'not-satisfied'; reason: 'pass' | 'fail' | 'other' } {
  if (status === 'fail') return { state: 'not-satisfied', reason: 'fail' };
  if (status === 'excepted') return { state: 'not-satisfied', reason: 'other' };
  return { state: 'satisfied', reason: 'pass' };
}

function evidenceText(f: Finding): string {
  const where = `${f.cloud}${f.environment ? `/${f.environment}` : ''}`;
  return `${f.status.toUpperCase()}: ${f.source} ${f.rule} on ${f.resource} (${where}): ${f.message}`;
}

function exceptionRemark(f: Finding): string | undefined {
  if (f.acknowledgement) return `Acknowledged in code at ${f.acknowledgement.where}: ${f.acknowledgement.reason}`;
  const ex = f.exception;
  if (!ex) return undefined;
  const state = ex.daysLeft < 0 ? `expired ${-ex.daysLeft} days ago` : `${ex.daysLeft} days left`;
  return `Exception: ${ex.reason} Approved by ${ex.approvedBy}, expires ${ex.expires} (${state}).`;
}

/**
 * The findings as a NIST OSCAL assessment-results document: one result for the audit, with
 *
 * - `local-definitions`: a component per tenancy (and the national platform) and per tool that
 *   produced evidence, and an inventory item per resource;
 * - `reviewed-controls`: every control with evidence;
 * - an observation per control × tenancy × cloud, its subjects the tenancy and each resource, its
 *   `relevant-evidence` each finding (status, tool, rule, resource, message, exception);
 * - a finding per control × tenancy with any pass, failure or exception, its `target` the control
 *   (`satisfied` only when nothing failed or is excepted), linked to its observations.
 *
 * Every UUID is a v5 UUID derived from what it identifies, so the same findings give the same bytes.
 */
export function toOscalAssessmentResults(report: FindingsReport): OscalAssessmentResults {
  const asOf = reportAsOf(report);
  const collected = report.generatedAt;

  const tenancyNames = [...new Set([...(report.tenancies ?? []).map((t) => t.name), ...report.findings.map((f) => f.tenancy)])].sort(
    (a, b) => (a === NATIONAL_TENANCY ? -1 : b === NATIONAL_TENANCY ? 1 : cmp(a, b)),
  );
  const forcesOf = new Map((report.tenancies ?? []).map((t) => [t.name, t.forces]));
  const tenancyUuid = (name: string) => uuid('tenancy', name);
  const leaving = new Map((report.decommissioning ?? []).map((d) => [d.tenancy, d]));
  const components: Record<string, unknown>[] = tenancyNames.map((name) => ({
    uuid: tenancyUuid(name),
    type: name === NATIONAL_TENANCY ? 'this-system' : 'system',
    title: name === NATIONAL_TENANCY ? 'The national platform' : `Tenancy ${name}`,
    description:
      name === NATIONAL_TENANCY
        ? 'The national policing landing zone: organisation, hubs, identity, logging and guardrails shared by every force.'
        : `The landing zone of tenancy ${name}${(forcesOf.get(name) ?? []).length ? `, for ${(forcesOf.get(name) ?? []).join(', ')}` : ''}.`,
    props: [
      ...prop('tenancy', name),
      ...(forcesOf.get(name) ?? []).flatMap((force) => prop('force', force)),
      ...decommissioningProps(leaving.get(name)),
    ],
    status: decommissioningStatus(leaving.get(name)),
  }));

  const sources = [...new Set(report.findings.map((f) => f.source))].sort(cmp);
  const toolUuid = (source: string) => uuid('tool', source);
  for (const source of sources) {
    components.push({
      uuid: toolUuid(source),
      type: 'software',
      title: source === 'nplz' ? `nplz ${report.version}` : source,
      description:
        source === 'nplz'
          ? 'NPLZ audit: its own checks of the synthesised templates, the recorded Azure plan and the estate specs.'
          : `Independent evidence: the ${source} rules, run over the synthesised templates.`,
      props: prop('source', source),
      status: { state: 'operational' },
    });
  }

  const resources = [...new Map(report.findings.map((f) => [`${f.cloud}\u0000${f.resource}`, f])).values()].sort(
    (a, b) => cmp(a.cloud, b.cloud) || cmp(a.resource, b.resource),
  );
  const resourceUuid = (f: Pick<Finding, 'cloud' | 'resource'>) => uuid('resource', f.cloud, f.resource);
  const inventoryItems = resources.map((f) => ({
    uuid: resourceUuid(f),
    description: f.resource,
    props: [...prop('cloud', f.cloud), ...prop('resource', f.resource)],
  }));

  // Observations: a control's evidence in one tenancy on one cloud.
  const groups = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const key = [f.control, f.tenancy, f.cloud].join('\u0000');
    const list = groups.get(key);
    if (list) list.push(f);
    else groups.set(key, [f]);
  }
  const observationUuid = (control: string, tenancy: string, cloud: string, findings: readonly Finding[]) =>
    uuid(
      'observation',
      control,
      tenancy,
      cloud,
      createHash('sha256')
        .update(findings.map((f) => `${findingKey(f)}\u0000${f.status}\u0000${f.message}`).join('\u0001'))
        .digest('hex'),
    );
  const observations: Record<string, unknown>[] = [];
  const observationsOf = new Map<string, string[]>();
  for (const fs of groups.values()) {
    const [first] = fs;
    if (!first) continue;
    const id = observationUuid(first.control, first.tenancy, first.cloud, fs);
    const worst = worstStatus(fs.map((f) => f.status)) ?? 'not-applicable';
    const subjectResources = [...new Map(fs.map((f) => [resourceUuid(f), f])).entries()].sort(([a], [b]) => cmp(a, b));
    observations.push({
      uuid: id,
      title: `${controlTitle(first.control)}: ${first.tenancy} on ${first.cloud}`,
      description: `${fs.length} ${fs.length === 1 ? 'check' : 'checks'} of ${first.control} in ${first.tenancy === NATIONAL_TENANCY ? 'the national platform' : `tenancy ${first.tenancy}`} on ${first.cloud}; worst status ${worst}.`,
      props: [
        ...prop('control', first.control),
        ...prop('tenancy', first.tenancy),
        ...prop('cloud', first.cloud),
        ...prop('status', worst),
      ],
      // Automated examination of the synthesised configuration, not a test against running systems.
      methods: ['EXAMINE'],
      types: ['control-objective'],
      origins: [{ actors: [...new Set(fs.map((f) => f.source))].sort(cmp).map((s) => ({ type: 'tool', 'actor-uuid': toolUuid(s) })) }],
      subjects: [
        { 'subject-uuid': tenancyUuid(first.tenancy), type: 'component', title: first.tenancy },
        ...subjectResources.map(([u, f]) => ({ 'subject-uuid': u, type: 'inventory-item', title: f.resource })),
      ],
      'relevant-evidence': fs.map((f) => {
        const remark = exceptionRemark(f);
        return {
          description: evidenceText(f),
          // The resource is a subject of the observation and named in the description.
          props: [
            ...prop('status', f.status),
            ...prop('source', f.source),
            ...prop('rule', f.rule),
            ...(f.environment ? prop('environment', f.environment) : []),
            ...(f.exception
              ? [...prop('exception-approved-by', f.exception.approvedBy), ...prop('exception-expires', f.exception.expires)]
              : []),
          ],
          ...(remark ? { remarks: remark } : {}),
        };
      }),
      collected,
    });
    const tenancyKey = `${first.control}\u0000${first.tenancy}`;
    observationsOf.set(tenancyKey, [...(observationsOf.get(tenancyKey) ?? []), id]);
  }

  // Findings: a control in one tenancy, across its clouds. Only not-applicable evidence is no finding.
  const byControlTenancy = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const key = `${f.control}\u0000${f.tenancy}`;
    const list = byControlTenancy.get(key);
    if (list) list.push(f);
    else byControlTenancy.set(key, [f]);
  }
  const findings: Record<string, unknown>[] = [];
  for (const [key, fs] of byControlTenancy) {
    const [first] = fs;
    if (!first) continue;
    const worst = worstStatus(fs.map((f) => f.status));
    if (!worst || worst === 'not-applicable') continue;
    const c = controlOf(first);
    const ncsc = c ? c.ncsc : first.ncsc;
    const caf = c ? c.caf : first.caf;
    const status = targetStatus(worst);
    const counts = (['fail', 'excepted', 'pass'] as const).map((s) => [s, fs.filter((f) => f.status === s).length] as const);
    const remarks = [...new Set(fs.map(exceptionRemark).filter((r): r is string => r !== undefined))];
    findings.push({
      uuid: uuid('finding', first.control, first.tenancy),
      title: `${controlTitle(first.control)}: ${first.tenancy}`,
      description: `${c ? c.rationale : first.message} In ${first.tenancy === NATIONAL_TENANCY ? 'the national platform' : `tenancy ${first.tenancy}`}: ${counts.map(([s, n]) => `${n} ${s}`).join(', ')}.`,
      props: [
        ...prop('control', first.control),
        ...prop('tenancy', first.tenancy),
        ...prop('status', worst),
        ...prop('severity', c ? c.severity : first.severity),
        ...ncsc.flatMap((n) => prop('ncsc-principle', n, ncscLabel(n))),
        ...caf.flatMap((o) => prop('caf-outcome', o, cafLabel(o))),
      ],
      target: {
        type: 'objective-id',
        'target-id': first.control,
        title: controlTitle(first.control),
        status: { state: status.state, reason: status.reason, ...(remarks.length ? { remarks: remarks.join('\n') } : {}) },
      },
      ...nonEmpty(
        'related-observations',
        (observationsOf.get(key) ?? []).map((o) => ({ 'observation-uuid': o })),
      ),
    });
  }

  const controls = [...new Set(report.findings.map((f) => f.control))].sort(cmp);
  const catalogResource = uuid('resource-catalog', report.version);
  const findingsResource = uuid('resource-findings', report.version);
  const content = createHash('sha256')
    .update(JSON.stringify([report.version, report.baseline, asOf, report.generatedAt, report.findings]))
    .digest('hex');

  return {
    'assessment-results': {
      uuid: uuid('assessment-results', content),
      metadata: {
        title: `NPLZ audit of the estate, baseline ${report.baseline}, as of ${asOf}`,
        'last-modified': report.generatedAt,
        version: `${report.baseline}+${asOf}`,
        'oscal-version': OSCAL_VERSION,
        props: [
          ...prop('baseline', report.baseline),
          ...prop('as-of', asOf),
          ...prop('generated-at', report.generatedAt),
          ...prop('tool-version', report.version),
          ...('cafVersion' in report && typeof report.cafVersion === 'string' ? prop('caf-version', report.cafVersion) : []),
        ],
        parties: [{ uuid: uuid('party', 'nplz'), type: 'organization', name: 'National Policing Landing Zone (NPLZ)' }],
      },
      'import-ap': {
        href: `#${catalogResource}`,
        remarks: 'NPLZ has no separate assessment plan: the plan is its controls catalog (`nplz controls`), checked against every tenancy.',
      },
      results: [
        {
          uuid: uuid('result', content),
          title: `NPLZ audit, baseline ${report.baseline}`,
          description: `Automated audit of the synthesised estate as of ${asOf}: ${report.summary.pass} pass, ${report.summary.fail} fail, ${report.summary.excepted} excepted, ${report.summary.notApplicable ?? 0} not applicable, across ${report.summary.controls} controls and ${report.summary.tenancies} tenancies and the national platform.`,
          start: collected,
          end: collected,
          props: [...prop('as-of', asOf), ...prop('baseline', report.baseline)],
          'local-definitions': {
            components,
            ...nonEmpty('inventory-items', inventoryItems),
          },
          'reviewed-controls': {
            'control-selections': [
              {
                description: 'The controls of the NPLZ catalog with evidence in this audit.',
                ...(controls.length ? { 'include-controls': controls.map((id) => ({ 'control-id': id })) } : { 'include-all': {} }),
              },
            ],
          },
          ...nonEmpty('observations', observations),
          ...nonEmpty('findings', findings),
        },
      ],
      'back-matter': {
        resources: [
          {
            uuid: catalogResource,
            title: `NPLZ controls catalog (nplz ${report.version})`,
            description: 'The controls, their rationale and their NCSC Cloud Security Principles and CAF outcomes: `nplz controls --json`.',
          },
          {
            uuid: findingsResource,
            title: 'findings.json',
            description: 'The canonical audit result this document was written from, beside it in the report folder.',
            rlinks: [{ href: 'findings.json', 'media-type': 'application/json' }],
          },
        ],
      },
    },
  };
}

/**
 * `assessment-results.oscal.json`, without indentation: an estate's document is tens of megabytes,
 * read by GRC tools rather than people (`jq .` indents it).
 */
export function renderOscal(report: FindingsReport): string {
  return `${JSON.stringify(toOscalAssessmentResults(report))}\n`;
}
