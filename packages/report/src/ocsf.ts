import { NATIONAL_TENANCY, reportAsOf } from '@nplz/core';
import type { Finding, FindingsReport, Severity } from '@nplz/core';
import { cafLabel, controlOf, ncscLabel } from './private/catalog';
import { findingFingerprint } from './private/fingerprint';

/**
 * The OCSF schema version the events are written in (`metadata.version`). The test validates every
 * event against that release's class and object definitions (test/fixtures/ocsf/SOURCE.md).
 */
export const OCSF_VERSION = '1.6.0';

/** Compliance Finding: class 3 of the Findings category (2). */
export const OCSF_COMPLIANCE_FINDING = {
  categoryUid: 2,
  categoryName: 'Findings',
  classUid: 2003,
  className: 'Compliance Finding',
} as const;

/** Finding activity 1 "Create": each audit reports its findings afresh; `finding_info.uid` is stable across audits. */
const ACTIVITY = { id: 1, name: 'Create' } as const;

/** OCSF severity_id: 2 Low, 3 Medium, 4 High, 5 Critical (1 Informational for what passed). */
const SEVERITY: Readonly<Record<Severity, { id: number; name: string }>> = {
  low: { id: 2, name: 'Low' },
  medium: { id: 3, name: 'Medium' },
  high: { id: 4, name: 'High' },
  critical: { id: 5, name: 'Critical' },
};
const INFORMATIONAL = { id: 1, name: 'Informational' } as const;

/** compliance.status_id: 1 Pass, 3 Fail, 99 Other (then `status` says what). */
function complianceStatus(f: Finding): { status_id: number; status: string } {
  if (f.status === 'pass') return { status_id: 1, status: 'Pass' };
  if (f.status === 'not-applicable') return { status_id: 99, status: 'Not applicable' };
  return { status_id: 3, status: 'Fail' };
}

/** The finding's own status_id: a failure is New; an excepted one Suppressed (risk accepted). Passes carry none. */
function findingStatus(f: Finding): { status_id: number; status: string } | undefined {
  if (f.status === 'fail') return { status_id: 1, status: 'New' };
  if (f.status === 'excepted') return { status_id: 3, status: 'Suppressed' };
  return undefined;
}

const PROVIDER: Readonly<Record<string, string>> = { aws: 'AWS', azure: 'Azure' };

const RESOURCE_TYPE: Readonly<Record<string, string>> = {
  aws: 'CDK construct (CloudFormation resource)',
  azure: 'Pulumi resource (URN)',
  estate: 'Estate spec field',
};

/** The finding's stable id: the same as SARIF's `nplzFinding/v1` fingerprint. */
export const findingUid = (f: Finding): string => findingFingerprint(f);

/** One OCSF Compliance Finding event (class_uid 2003) for one finding. */
export function toOcsfEvent(f: Finding, report: FindingsReport): Record<string, unknown> {
  const c = controlOf(f);
  const title = c ? `${f.control} ${c.title}` : f.control;
  const ncsc = c ? c.ncsc : f.ncsc;
  const caf = c ? c.caf : f.caf;
  const problem = f.status === 'fail' || f.status === 'excepted';
  const severity = problem ? SEVERITY[f.severity] : INFORMATIONAL;
  const status = findingStatus(f);
  const time = Date.parse(report.generatedAt);
  const provider = PROVIDER[f.cloud];
  const where = f.tenancy === NATIONAL_TENANCY ? 'national platform' : `tenancy ${f.tenancy}`;
  const cafVersion = 'cafVersion' in report && typeof report.cafVersion === 'string' ? report.cafVersion : undefined;
  const cafStandard = cafVersion ? `NCSC Cyber Assessment Framework ${cafVersion}` : 'NCSC Cyber Assessment Framework';

  return {
    activity_id: ACTIVITY.id,
    activity_name: ACTIVITY.name,
    category_uid: OCSF_COMPLIANCE_FINDING.categoryUid,
    category_name: OCSF_COMPLIANCE_FINDING.categoryName,
    class_uid: OCSF_COMPLIANCE_FINDING.classUid,
    class_name: OCSF_COMPLIANCE_FINDING.className,
    type_uid: OCSF_COMPLIANCE_FINDING.classUid * 100 + ACTIVITY.id,
    type_name: `${OCSF_COMPLIANCE_FINDING.className}: ${ACTIVITY.name}`,
    time,
    severity_id: severity.id,
    severity: severity.name,
    ...(status ?? {}),
    message: `${title} (${where}, ${f.cloud}): ${f.status}. ${f.message}`,
    metadata: {
      version: OCSF_VERSION,
      product: { name: 'nplz', vendor_name: 'NPLZ', version: report.version },
      ...(provider ? { profiles: ['cloud'] } : {}),
      log_name: 'nplz-audit',
      tenant_uid: f.tenancy,
      labels: [`baseline:${report.baseline}`, `as-of:${reportAsOf(report)}`, `source:${f.source}`],
    },
    ...(provider ? { cloud: { provider } } : {}),
    finding_info: {
      uid: findingUid(f),
      title,
      desc: c ? c.rationale : f.message,
      types: ['Compliance'],
      created_time: time,
    },
    compliance: {
      control: f.control,
      standards: ['NPLZ controls catalog', 'NCSC Cloud Security Principles', cafStandard],
      requirements: [...ncsc.map((n) => `NCSC ${ncscLabel(n)}`), ...caf.map((o) => `CAF ${cafLabel(o)}`)],
      ...complianceStatus(f),
      checks: [
        {
          uid: f.rule,
          name: f.rule,
          severity_id: SEVERITY[f.severity].id,
          severity: SEVERITY[f.severity].name,
          ...complianceStatus(f),
          standards: [f.source === 'nplz' ? 'NPLZ' : f.source],
        },
      ],
      ...(f.exception
        ? {
            status_details: [
              `Exception: ${f.exception.reason}`,
              `Approved by ${f.exception.approvedBy}, expires ${f.exception.expires} (${f.exception.daysLeft < 0 ? `expired ${-f.exception.daysLeft} days ago` : `${f.exception.daysLeft} days left`}).`,
            ],
          }
        : f.acknowledgement
          ? { status_details: [`Acknowledged in code: ${f.acknowledgement.reason}`, `At ${f.acknowledgement.where}.`] }
          : {}),
    },
    resources: [
      {
        uid: f.resource,
        name: f.resource,
        type: RESOURCE_TYPE[f.cloud] ?? f.cloud,
        labels: [`tenancy:${f.tenancy}`, ...(f.environment ? [`environment:${f.environment}`] : [])],
      },
    ],
    // What OCSF has no attribute for: NPLZ's own status word and the exception as data.
    unmapped: {
      nplz_status: f.status,
      ...(f.exception ? { exception: { ...f.exception } } : {}),
      ...(f.acknowledgement ? { acknowledgement: { ...f.acknowledgement } } : {}),
    },
  };
}

export interface OcsfOptions {
  /**
   * Also emit passes and not-applicable findings. A SIEM alerting on compliance drift needs only
   * problems; a posture dashboard needs the passes too (an estate has tens of thousands).
   * @default true
   */
  readonly includePasses?: boolean;
}

/** `findings.ocsf.jsonl`: one OCSF Compliance Finding event per finding, one JSON object per line. */
export function renderOcsf(report: FindingsReport, opts: OcsfOptions = {}): string {
  const included =
    opts.includePasses === false ? report.findings.filter((f) => f.status === 'fail' || f.status === 'excepted') : report.findings;
  return included.map((f) => `${JSON.stringify(toOcsfEvent(f, report))}\n`).join('');
}
