import type { AttestationEvidence } from '../attestations';
import { CAF_DEFAULT_VERSION } from '../caf';
import type { Severity } from '../controls';
import type { EvidenceRetention } from '../lifecycle';

/**
 * The canonical result of `nplz audit`: the model behind `<report>/findings.json`
 * (ARCHITECTURE.md, "Command line and output contract") and the input of every report writer.
 */

/** What a check concluded about one resource. */
export type FindingStatus = 'pass' | 'fail' | 'excepted' | 'not-applicable';
export const FINDING_STATUSES: readonly FindingStatus[] = ['pass', 'fail', 'excepted', 'not-applicable'];

/** Where a finding was made: on a cloud's resources, or across the estate's specs. */
export type FindingCloud = 'aws' | 'azure' | 'estate';
export const FINDING_CLOUDS: readonly FindingCloud[] = ['aws', 'azure', 'estate'];

/**
 * The tool whose check produced the finding. `nplz` is our own packs and estate checks; the others
 * are independent evidence folded in beside them (cdk-nag's AwsSolutions pack, the Control Tower
 * proactive-control guard rules). Open-ended so a new source needs no change here.
 */
export type FindingSource = 'nplz' | 'AwsSolutions' | 'ControlTower' | (string & {});

/** The tenancy value of findings about the national platform rather than one tenancy. */
export const NATIONAL_TENANCY = 'national';

/** A declared exception that turned a failure into `excepted`. */
export interface FindingException {
  readonly reason: string;
  /** Email address of the person who accepted the risk. */
  readonly approvedBy: string;
  /** YYYY-MM-DD. */
  readonly expires: string;
  /** Days until expiry on the audit date; negative once expired (and then the finding is a failure). */
  readonly daysLeft: number;
}

/**
 * A violation of an independent pack's rule (cdk-nag AwsSolutions, a Control Tower guard rule)
 * acknowledged in NPLZ's own code (`Validations.of(construct).acknowledge(...)`), found in the
 * synthesised assembly: the finding is `excepted` with this instead of an estate exception.
 */
export interface FindingAcknowledgement {
  /** The reason given in the code. */
  readonly reason: string;
  /** Where the acknowledgement is made: the function and source file line CDK recorded. */
  readonly where: string;
}

export interface Finding {
  /** Catalog control id, e.g. `NPLZ-LOG-01`. */
  readonly control: string;
  readonly status: FindingStatus;
  readonly severity: Severity;
  readonly cloud: FindingCloud;
  /** Tenancy name, or {@link NATIONAL_TENANCY} for the national platform. */
  readonly tenancy: string;
  /** Environment of the tenancy (e.g. `prod`) when the finding is about one. */
  readonly environment?: string;
  /** Construct path (AWS), Pulumi URN (Azure) or spec path (estate). */
  readonly resource: string;
  readonly source: FindingSource;
  /** The id of the rule or policy that produced the finding, e.g. `NplzS3NoPublicAccess`, `AwsSolutions-S1`. */
  readonly rule: string;
  readonly message: string;
  /** NCSC Cloud Security Principles (1–14) the control serves. */
  readonly ncsc: readonly number[];
  /** NCSC CAF contributing outcomes the control serves, e.g. `B2.c`. */
  readonly caf: readonly string[];
  /**
   * The exception that applies, or null. Set on `excepted` findings an estate exception covers and
   * on failures caused by an expired exception.
   */
  readonly exception: FindingException | null;
  /** On an `excepted` finding of an independent pack: the acknowledgement in code. An addition to the contract; readers must accept its absence. */
  readonly acknowledgement?: FindingAcknowledgement;
}

/** A tenancy the audit covered and the forces it belongs to (one owner, or the members of a collaboration). */
export interface TenancyRef {
  readonly name: string;
  readonly forces: readonly string[];
}

/**
 * A tenancy marked for decommissioning, as the audit saw it: when and by whom, how long its
 * evidence is kept, what it holds, and the status of each decommissioning rule.
 */
export interface DecommissioningTenancy {
  readonly tenancy: string;
  readonly since: string;
  readonly approvedBy?: string;
  /** The day the last evidence was written, once recorded (`lifecycle.writesStoppedOn`). */
  readonly writesStoppedOn?: string;
  /** When its evidence may go: a date once writing has stopped, else "N days after its last write". */
  readonly retention: EvidenceRetention;
  /** Account id per environment, and subscription id per environment (empty on a cloud it does not use). */
  readonly awsAccounts: Readonly<Record<string, string>>;
  readonly azureSubscriptions: Readonly<Record<string, string>>;
  /** Each decommissioning rule: its control and the worst status of its findings (`not-evaluated` when it made none). */
  readonly rules: readonly { readonly rule: string; readonly control: string; readonly status: FindingStatus | 'not-evaluated' }[];
}

export interface FindingsSummary {
  /** Distinct controls that have at least one finding. */
  readonly controls: number;
  /** Distinct tenancies audited (declared or with findings), not counting {@link NATIONAL_TENANCY}. */
  readonly tenancies: number;
  readonly pass: number;
  readonly fail: number;
  readonly excepted: number;
  readonly notApplicable?: number;
  /** Failures per severity. */
  readonly bySeverity?: Readonly<Record<Severity, number>>;
}

export interface FindingsReport {
  readonly tool: 'nplz';
  /** Version of the tool that produced the report. */
  readonly version: string;
  /** Baseline version the estate was audited against, e.g. `2026.11`. */
  readonly baseline: string;
  /**
   * When the report was written: an ISO-8601 instant from the real clock (or `SOURCE_DATE_EPOCH`
   * in `nplz audit`, for byte-stable output). Never the "as of" date.
   */
  readonly generatedAt: string;
  /**
   * The date the estate was evaluated as of (YYYY-MM-DD): exception expiry and support windows
   * are measured against it. `NPLZ_TODAY` sets it; it is not when the report was written. An
   * addition to the contract; readers must accept its absence (then the date of `generatedAt`).
   */
  readonly asOf?: string;
  /**
   * The NCSC CAF version the `caf` outcome ids of every finding are in (`4.0` by default; see
   * `CAF_DEFAULT_VERSION`). An addition to the contract; readers must treat its absence as `3.2`
   * (reports written before it was added used 3.2 ids).
   */
  readonly cafVersion?: string;
  readonly summary: FindingsSummary;
  /**
   * The tenancies audited, with their forces, so a report can filter by force and show a tenancy
   * that produced no findings. An addition to the contract; readers must accept its absence.
   */
  readonly tenancies?: readonly TenancyRef[];
  readonly findings: readonly Finding[];
  /**
   * The estate's attestations: evidence a named owner vouches for, kept apart from the automated
   * findings (each has `source: 'attestation'`). An addition to the contract; absent when the
   * estate has none, and readers must accept its absence.
   */
  readonly attestations?: readonly AttestationEvidence[];
  /**
   * The tenancies being decommissioned. An addition to the contract; absent when none is, and
   * readers must accept its absence.
   */
  readonly decommissioning?: readonly DecommissioningTenancy[];
}

export interface ReportMeta {
  readonly version: string;
  readonly baseline: string;
  /** When the report is written. @default - now */
  readonly generatedAt?: Date | string;
  /** The evaluation date (a Date, or YYYY-MM-DD); only its UTC date is kept. @default - the date of `generatedAt` */
  readonly asOf?: Date | string;
  /** @default - only the tenancies named by findings, with no forces */
  readonly tenancies?: readonly TenancyRef[];
  /** The estate's attestations as evidence (see `attestationEvidence`). @default - none */
  readonly attestations?: readonly AttestationEvidence[];
  /** The tenancies being decommissioned. @default - none */
  readonly decommissioning?: readonly DecommissioningTenancy[];
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { critical: 3, high: 2, medium: 1, low: 0 };

/** Positive when `a` is more severe than `b`. */
export function compareSeverity(a: Severity, b: Severity): number {
  return SEVERITY_RANK[a] - SEVERITY_RANK[b];
}

const STATUS_RANK: Readonly<Record<FindingStatus, number>> = { fail: 3, excepted: 2, pass: 1, 'not-applicable': 0 };

/** The status that represents a group of findings: fail > excepted > pass > not-applicable; undefined for none. */
export function worstStatus(statuses: Iterable<FindingStatus>): FindingStatus | undefined {
  let worst: FindingStatus | undefined;
  for (const s of statuses) if (worst === undefined || STATUS_RANK[s] > STATUS_RANK[worst]) worst = s;
  return worst;
}

// Code-unit order, not localeCompare: the same findings sort the same on every machine and locale.
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The report order: control, tenancy, cloud, resource, rule; then the remaining fields so the order is total. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    cmp(a.control, b.control) ||
    cmp(a.tenancy, b.tenancy) ||
    cmp(a.cloud, b.cloud) ||
    cmp(a.resource, b.resource) ||
    cmp(a.rule, b.rule) ||
    cmp(a.source, b.source) ||
    cmp(a.environment ?? '', b.environment ?? '') ||
    cmp(a.status, b.status) ||
    cmp(a.message, b.message)
  );
}

/** Sorts the findings deterministically and computes the summary. Does not modify its arguments. */
export function buildReport(findings: readonly Finding[], meta: ReportMeta): FindingsReport {
  const sorted = [...findings].sort(compareFindings);
  const generatedAt =
    meta.generatedAt === undefined
      ? new Date().toISOString()
      : typeof meta.generatedAt === 'string'
        ? meta.generatedAt
        : meta.generatedAt.toISOString();
  const asOf = (meta.asOf === undefined ? generatedAt : typeof meta.asOf === 'string' ? meta.asOf : meta.asOf.toISOString()).slice(0, 10);

  const counts: Record<FindingStatus, number> = { pass: 0, fail: 0, excepted: 0, 'not-applicable': 0 };
  const bySeverity: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  const controls = new Set<string>();
  const tenancyNames = new Set<string>((meta.tenancies ?? []).map((t) => t.name));
  for (const f of sorted) {
    counts[f.status] += 1;
    if (f.status === 'fail') bySeverity[f.severity] += 1;
    controls.add(f.control);
    tenancyNames.add(f.tenancy);
  }
  tenancyNames.delete(NATIONAL_TENANCY);

  const tenancies = meta.tenancies ? [...meta.tenancies].sort((a, b) => cmp(a.name, b.name)) : undefined;
  return {
    tool: 'nplz',
    version: meta.version,
    baseline: meta.baseline,
    generatedAt,
    asOf,
    cafVersion: CAF_DEFAULT_VERSION,
    summary: {
      controls: controls.size,
      tenancies: tenancyNames.size,
      pass: counts.pass,
      fail: counts.fail,
      excepted: counts.excepted,
      notApplicable: counts['not-applicable'],
      bySeverity,
    },
    ...(tenancies ? { tenancies } : {}),
    findings: sorted,
    ...(meta.attestations?.length ? { attestations: meta.attestations } : {}),
    ...(meta.decommissioning?.length ? { decommissioning: meta.decommissioning } : {}),
  };
}

/** The failures at or above `severity` (critical > high > medium > low): what `--fail-on` acts on. */
export function failsAt(report: Pick<FindingsReport, 'findings'>, severity: Severity): Finding[] {
  return report.findings.filter((f) => f.status === 'fail' && compareSeverity(f.severity, severity) >= 0);
}

/** The date a report's estate was evaluated as of (YYYY-MM-DD); the date of `generatedAt` in a report written before `asOf` existed. */
export function reportAsOf(report: Pick<FindingsReport, 'asOf' | 'generatedAt'>): string {
  return report.asOf ?? report.generatedAt.slice(0, 10);
}
