import type { AttestationEvidence } from '../attestations';
import { CAF_DEFAULT_VERSION, cafFramework, cafOutcomeOf, type CafIndicatorLevel } from '../caf';
import { CONTROLS, type Control } from '../controls';
import { defined } from '../invariant';
import { NCSC_PRINCIPLES } from '../ncsc';
import { type Finding, type FindingsReport, NATIONAL_TENANCY } from './findings';

/**
 * Where the evidence for each NCSC principle and each CAF 4.0 outcome comes from, for the estate or
 * one tenancy: NPLZ's checks (findings in the audit), attestations (current ones only), both, or
 * nothing. Nothing is hidden: every principle and every outcome is listed, and the gaps are named.
 */

export type EvidenceSource = 'checks' | 'attestations' | 'checks and attestations' | 'none';

/** Whether a control's findings in a scope support its indicators. */
export type ControlVerdict = 'met' | 'failing' | 'excepted';

export interface ControlEvidence {
  readonly control: string;
  readonly title: string;
  readonly verdict: ControlVerdict;
  readonly pass: number;
  readonly fail: number;
  readonly excepted: number;
}

export interface PrincipleCoverage {
  readonly principle: number;
  readonly title: string;
  /** Controls serving the principle with findings in the scope. */
  readonly controls: readonly string[];
  /** Current attestations in the scope naming the principle. */
  readonly attestations: readonly string[];
  readonly source: EvidenceSource;
}

export interface IndicatorCoverage {
  readonly indicator: string;
  readonly level: CafIndicatorLevel;
  /** Controls whose findings support the indicator, with their verdicts. */
  readonly controls: readonly ControlEvidence[];
  readonly attestations: readonly string[];
  /** True when an attestation shows it, or a mapped control is met and none is failing or excepted. */
  readonly met: boolean;
}

export interface OutcomeCoverage {
  readonly outcome: string;
  readonly title: string;
  readonly objective: { readonly id: string; readonly title: string };
  readonly principle: { readonly id: string; readonly title: string };
  /** The outcome's achieved indicators, each with its evidence (none when nothing shows it). */
  readonly indicators: readonly IndicatorCoverage[];
  readonly controls: readonly string[];
  readonly attestations: readonly string[];
  readonly source: EvidenceSource;
}

export interface EvidenceCoverage {
  /** `estate`, or a tenancy name. */
  readonly scope: string;
  readonly cafVersion: string;
  readonly principles: readonly PrincipleCoverage[];
  readonly outcomes: readonly OutcomeCoverage[];
  /** What no evidence reaches. */
  readonly gaps: { readonly principles: readonly number[]; readonly outcomes: readonly string[] };
  /** Attestations in the scope that have expired on the as-of date: listed, never counted. */
  readonly expiredAttestations: readonly string[];
}

const sourceOf = (checks: number, attestations: number): EvidenceSource =>
  checks && attestations ? 'checks and attestations' : checks ? 'checks' : attestations ? 'attestations' : 'none';

/** The findings of a scope: every finding for the estate; the tenancy's and the national platform's for a tenancy. */
function inScope(findings: readonly Finding[], tenancy: string | undefined): readonly Finding[] {
  return tenancy === undefined ? findings : findings.filter((f) => f.tenancy === tenancy || f.tenancy === NATIONAL_TENANCY);
}

/** Attestations of a scope: the estate-wide ones, and for a tenancy also its own. */
function attestationsInScope(list: readonly AttestationEvidence[], tenancy: string | undefined): AttestationEvidence[] {
  return list.filter((a) => a.scope === 'estate' || (tenancy !== undefined && a.scope.tenancy === tenancy));
}

/**
 * Evidence coverage of a findings report for the estate (no `tenancy`) or one tenancy. A control
 * counts as check evidence where it has findings other than not-applicable; it *meets* its
 * indicators only when none of those failed or were excepted (an exception is an accepted risk,
 * not evidence the outcome is met).
 */
export function evidenceCoverage(
  report: Pick<FindingsReport, 'findings' | 'attestations'>,
  opts: { tenancy?: string; controls?: readonly Control[] } = {},
): EvidenceCoverage {
  const controls = opts.controls ?? CONTROLS;
  const byControl = new Map<string, { pass: number; fail: number; excepted: number }>();
  for (const f of inScope(report.findings, opts.tenancy)) {
    if (f.status === 'not-applicable') continue;
    let c = byControl.get(f.control);
    if (!c) byControl.set(f.control, (c = { pass: 0, fail: 0, excepted: 0 }));
    if (f.status === 'pass') c.pass += 1;
    else if (f.status === 'fail') c.fail += 1;
    else c.excepted += 1;
  }
  const evidence = new Map<string, ControlEvidence>();
  for (const c of controls) {
    const n = byControl.get(c.id);
    if (!n) continue;
    evidence.set(c.id, { control: c.id, title: c.title, verdict: n.fail ? 'failing' : n.excepted ? 'excepted' : 'met', ...n });
  }
  const scoped = attestationsInScope(report.attestations ?? [], opts.tenancy);
  const current = scoped.filter((a) => a.status === 'current');
  const evidenced = controls.filter((c) => evidence.has(c.id));

  const principles: PrincipleCoverage[] = Object.entries(NCSC_PRINCIPLES).map(([k, title]) => {
    const n = Number(k);
    const cs = evidenced.filter((c) => c.ncsc.includes(n as never)).map((c) => c.id);
    const as = current.filter((a) => a.ncsc.includes(n)).map((a) => a.id);
    return { principle: n, title, controls: cs, attestations: as, source: sourceOf(cs.length, as.length) };
  });

  const outcomes: OutcomeCoverage[] = cafFramework(CAF_DEFAULT_VERSION).outcomes.map((o) => {
    const indicators: IndicatorCoverage[] = o.indicators
      .filter((i) => i.level === 'A')
      .map((i) => {
        const cs = evidenced
          .filter((c) => c.cafIndicators.includes(i.id))
          .map((c) => defined(evidence.get(c.id), `the evidence of ${c.id}`));
        const as = current.filter((a) => a.cafIndicators.includes(i.id)).map((a) => a.id);
        const met = as.length > 0 || (cs.length > 0 && cs.every((c) => c.verdict === 'met'));
        return { indicator: i.id, level: i.level, controls: cs, attestations: as, met };
      });
    const cs = evidenced.filter((c) => c.caf.includes(o.id)).map((c) => c.id);
    const as = current.filter((a) => a.cafIndicators.some((i) => cafOutcomeOf(i) === o.id)).map((a) => a.id);
    return {
      outcome: o.id,
      title: o.title,
      objective: o.objective,
      principle: o.principle,
      indicators,
      controls: cs,
      attestations: as,
      source: sourceOf(cs.length, as.length),
    };
  });

  return {
    scope: opts.tenancy ?? 'estate',
    cafVersion: CAF_DEFAULT_VERSION,
    principles,
    outcomes,
    gaps: {
      principles: principles.filter((p) => p.source === 'none').map((p) => p.principle),
      outcomes: outcomes.filter((o) => o.source === 'none').map((o) => o.outcome),
    },
    expiredAttestations: scoped.filter((a) => a.status === 'expired').map((a) => a.id),
  };
}
