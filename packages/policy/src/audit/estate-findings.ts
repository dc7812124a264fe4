import {
  ALLOWED_CLASSIFICATIONS,
  daysBetween,
  Estate,
  estateRanges,
  isAllowedClassification,
  isCollaboration,
  supportedVersions,
  todayUtc,
} from '@nplz/core';
import type { Finding } from '../findings';
import { controlFinding } from './finding';

/** The estate checks: rule id → the control it implements. */
export const ESTATE_CHECKS: Readonly<Record<string, string>> = Object.freeze({
  EstateAddressSpaceDisjoint: 'NPLZ-NET-06',
  CollaborationConsented: 'NPLZ-GOV-04',
  BaselineSupported: 'NPLZ-GOV-01',
  ExceptionsCurrent: 'NPLZ-GOV-02',
  ClassificationAllowed: 'NPLZ-CLS-01',
});

/**
 * The estate controls, as findings for every tenancy: address space does not overlap (NPLZ-NET-06),
 * collaborations are consented by every member (NPLZ-GOV-04), the baseline is in the support window
 * (NPLZ-GOV-01), exceptions are unexpired (NPLZ-GOV-02), and the classification is one public cloud
 * may hold (NPLZ-CLS-01). Each tenancy gets a pass or a fail per control, so the matrix is complete.
 */
export function estateFindings(estate: Estate, now: Date): Finding[] {
  const out: Finding[] = [];
  const today = todayUtc(now);
  const window = supportedVersions(estate.national.baseline);
  const ranges = estateRanges(estate);
  const byName = new Map(estate.tenancies.map((t) => [t.spec.name, t.spec]));
  const owners = new Map(estate.tenancies.filter((t) => t.spec.force).map((t) => [t.spec.force!, t.spec]));

  for (const { spec, file } of estate.tenancies) {
    const at = (path: string) => `${file ?? spec.name}#${path}`;
    const f = (control: string, rule: string, path: string, ok: boolean, pass: string, fail: string) =>
      out.push(
        controlFinding({
          control,
          status: ok ? 'pass' : 'fail',
          cloud: 'estate',
          tenancy: spec.name,
          resource: at(path),
          rule,
          message: ok ? pass : fail,
        }),
      );

    // NET-06: no overlap with any other tenancy or a hub.
    const mine = ranges.filter((r) => r.owner === `tenancy ${spec.name}`);
    const clashes = mine.flatMap((m) =>
      ranges
        .filter((o) => o.owner !== m.owner && o.cidr.overlaps(m.cidr))
        .map((o) => `${m.path} ${m.text} overlaps ${o.owner} ${o.path} ${o.text}`),
    );
    f(
      'NPLZ-NET-06',
      'EstateAddressSpaceDisjoint',
      'network',
      clashes.length === 0,
      `${mine.length} range(s) overlap no other range in the estate`,
      clashes.join('; '),
    );

    // GOV-04: consent.
    if (isCollaboration(spec)) {
      const missing = spec.forces!.filter((m) => !(owners.get(m)?.collaborations ?? []).includes(spec.name));
      f(
        'NPLZ-GOV-04',
        'CollaborationConsented',
        'forces',
        missing.length === 0,
        `every member (${spec.forces!.join(', ')}) consents`,
        `no consent from: ${missing.join(', ')}`,
      );
    } else {
      const bad = (spec.collaborations ?? []).filter((c) => !(byName.get(c)?.forces ?? []).includes(spec.force!));
      f(
        'NPLZ-GOV-04',
        'CollaborationConsented',
        'collaborations',
        bad.length === 0,
        `joins ${(spec.collaborations ?? []).length} collaboration(s), each naming this force`,
        `consents to collaborations that do not name it: ${bad.join(', ')}`,
      );
    }

    // GOV-01: support window.
    f(
      'NPLZ-GOV-01',
      'BaselineSupported',
      'baseline',
      window.includes(spec.baseline),
      `baseline ${spec.baseline} is supported (${window.join(', ')})`,
      `baseline ${spec.baseline} is outside the support window (${window.join(', ')})`,
    );

    // GOV-02: exceptions unexpired (each exception is its own finding; none declared is a pass).
    const exceptions = spec.exceptions ?? [];
    if (exceptions.length === 0) f('NPLZ-GOV-02', 'ExceptionsCurrent', 'exceptions', true, 'no exceptions declared', '');
    exceptions.forEach((ex, i) => {
      const left = daysBetween(today, ex.expires);
      out.push({
        ...controlFinding({
          control: 'NPLZ-GOV-02',
          status: left >= 0 ? 'pass' : 'fail',
          cloud: 'estate',
          tenancy: spec.name,
          resource: at(`exceptions[${i}]`),
          rule: 'ExceptionsCurrent',
          message:
            left >= 0
              ? `exception to ${ex.control} approved by ${ex.approvedBy} runs ${left} more day(s)`
              : `exception to ${ex.control} expired ${-left} day(s) ago (${ex.expires})`,
        }),
        exception: { reason: ex.reason, approvedBy: ex.approvedBy, expires: ex.expires, daysLeft: left },
      });
    });

    // CLS-01: classification.
    f(
      'NPLZ-CLS-01',
      'ClassificationAllowed',
      'classification',
      isAllowedClassification(spec.classification),
      `${spec.classification} may be held in public cloud`,
      `${spec.classification} may not be held in public cloud (allowed: ${ALLOWED_CLASSIFICATIONS.join(', ')})`,
    );
  }
  return out;
}
