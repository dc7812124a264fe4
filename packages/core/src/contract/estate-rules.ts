import { BASELINE_VERSIONS, findBaseline, supportedVersions } from '../baselines';
import { ALLOWED_CLASSIFICATIONS, isAllowedClassification } from '../classification';
import type { Problem } from '../errors';
import type { Estate, TenancyEntry } from '../estate';
import { Ipv4Cidr } from '../ipv4';
import { currentForce, type Merger, mergedForces, mergerOf, successorIds } from '../mergers';
import { CLOUDS, isCollaboration, isProductionName, tenancyForces, type TenancySpecFields } from '../tenancy-spec';
import { daysBetween, todayUtc } from '../time';
import { collaborationMembers, tenancyConsents } from './collaboration';
import { nationalGuardrailConflicts } from './national-guardrails';

/**
 * The estate rules: one engine, two readers. `nplz validate` shows the failures that carry a
 * {@link EstateRuleResult.problem} as problems; `nplz audit` turns every result that names a
 * control into a finding (pass or fail), so the matrix of controls × tenancies is complete.
 */

/** The estate rules the audit reports: rule id → the catalog control it implements. */
export const ESTATE_RULE_CONTROLS: Readonly<Record<string, string>> = Object.freeze({
  EstateAddressSpaceDisjoint: 'NPLZ-NET-06',
  CollaborationConsented: 'NPLZ-GOV-04',
  BaselineSupported: 'NPLZ-GOV-01',
  ExceptionsCurrent: 'NPLZ-GOV-02',
  ClassificationAllowed: 'NPLZ-CLS-01',
  IdentityGroupOwned: 'NPLZ-IAM-03',
  SuccessorGroupsReconciled: 'NPLZ-IAM-03',
});

/** An exception's state on the day the rules ran (NPLZ-GOV-02 results). */
export interface EstateRuleException {
  readonly reason: string;
  readonly approvedBy: string;
  readonly expires: string;
  readonly daysLeft: number;
}

/** One rule's verdict on one tenancy (or, for validation-only rules, on one place in the estate). */
export interface EstateRuleResult {
  /** Rule id, e.g. `EstateAddressSpaceDisjoint`. */
  readonly rule: string;
  /** The control the rule implements, for rules the audit reports. */
  readonly control?: string;
  /** The tenancy the result is about. */
  readonly tenancy?: string;
  /** The spec file and field path the result points at. */
  readonly file?: string;
  readonly path: string;
  readonly status: 'pass' | 'fail';
  /** The verdict in words, as the audit reports it. */
  readonly message: string;
  /** The validation problem, on failures that `validate` refuses. */
  readonly problem?: Problem;
  /** The exception a GOV-02 result is about. */
  readonly exception?: EstateRuleException;
}

/** An address range somewhere in the estate. */
export interface PlacedRange {
  readonly owner: string;
  readonly file?: string;
  readonly path: string;
  readonly text: string;
  readonly cidr: Ipv4Cidr;
}

/** Every address range in the estate: national hubs and each tenancy's environments. */
export function estateRanges(estate: Estate): PlacedRange[] {
  const out: PlacedRange[] = [];
  const n = estate.national;
  const hub = (owner: string, path: string, text: string) =>
    out.push({ owner, file: estate.nationalFile, path, text, cidr: Ipv4Cidr.parse(text) });
  if (n.aws) hub('national AWS hub', 'aws.hubCidr', n.aws.hubCidr);
  if (n.azure) hub('national Azure hub', 'azure.hubCidr', n.azure.hubCidr);
  for (const t of estate.tenancies) {
    for (const c of CLOUDS) {
      const section = t.spec[c];
      if (section === undefined) continue; // a cloud the tenancy does not use
      for (const [env, text] of Object.entries(section.network)) {
        out.push({ owner: `tenancy ${t.spec.name}`, file: t.file, path: `${c}.network.${env}`, text, cidr: Ipv4Cidr.parse(text) });
      }
    }
  }
  return out;
}

/**
 * Run every estate rule. `now` is the audit date (exception expiry); validation does not depend on
 * it. Results come in a stable order: the order of the rules, then of the tenancies.
 */
export function evaluateEstateRules(estate: Estate, now: Date = new Date()): EstateRuleResult[] {
  const out: EstateRuleResult[] = [];
  const specs = estate.tenancies.map((t) => t.spec);
  const current = estate.national.baseline;
  const window = supportedVersions(current);
  const byName = new Map<string, TenancyEntry>();
  const fileOf = new Map(estate.tenancies.map((t) => [t.spec, t.file]));

  for (const t of estate.tenancies) {
    const s = t.spec;
    const prior = byName.get(s.name);
    if (prior)
      out.push(
        fail('TenancyNameUnique', t.file, 'name', `tenancy name "${s.name}" is also used by ${prior.file ?? 'another tenancy'}`, {
          received: s.name,
          allowed: 'a name unique in the estate',
        }),
      );
    byName.set(s.name, t);

    const supported = window.includes(s.baseline);
    const newer = BASELINE_VERSIONS.indexOf(s.baseline) > BASELINE_VERSIONS.indexOf(current);
    out.push({
      rule: 'BaselineSupported',
      control: ESTATE_RULE_CONTROLS.BaselineSupported,
      tenancy: s.name,
      file: t.file,
      path: 'baseline',
      status: supported ? 'pass' : 'fail',
      message: supported
        ? `baseline ${s.baseline} is supported (${window.join(', ')})`
        : `baseline ${s.baseline} is outside the support window (${window.join(', ')})`,
      ...(supported
        ? {}
        : {
            problem: problem(t.file, 'baseline', {
              received: s.baseline,
              message: newer
                ? `baseline ${s.baseline} is newer than the ${current} the national platform runs`
                : `baseline ${s.baseline} is outside the support window (the national platform runs ${current})`,
              allowed: `one of: ${window.join(', ')}`,
              hint: newer
                ? 'wait for the national platform to move to it'
                : `upgrade to ${current}: run \`nplz diff --from ${s.baseline} --to ${current} --force ${tenancyForces(s)[0]}\` to see the impact`,
            }),
          }),
    });
  }

  // On Azure the national guardrails are one program at the national baseline, so a tenancy
  // pinned to an older baseline is still governed by them: whatever their Deny refuses, Azure
  // would refuse at deploy, after the spec validated, synthesised and audited clean. What of that a
  // spec decides (required tags, the baseline's own tags, the location) must pass them.
  const nationalBaseline = findBaseline(current);
  if (nationalBaseline) {
    for (const t of estate.tenancies)
      for (const c of nationalGuardrailConflicts(t.spec, nationalBaseline))
        out.push(
          fail('NationalGuardrailsAccepted', t.file, c.path, c.message, {
            received: c.received,
            allowed: c.allowed,
            ...(c.hint !== undefined ? { hint: c.hint } : {}),
          }),
        );
  }

  // A force owns at most one tenancy of its own; a successor owns the tenancies of the forces it was made from.
  const mergers = estate.national.mergers ?? [];
  const successors = new Set(successorIds(mergers));
  const owners = new Map<string, TenancyEntry>();
  for (const t of estate.tenancies) {
    if (!t.spec.force || successors.has(t.spec.force)) continue;
    const prior = owners.get(t.spec.force);
    if (prior)
      out.push(
        fail(
          'OneTenancyPerForce',
          t.file,
          'force',
          `force "${t.spec.force}" already has tenancy "${prior.spec.name}" (${prior.file ?? 'in code'})`,
          {
            received: t.spec.force,
            allowed: 'one force tenancy per force; use environments for separation',
          },
        ),
      );
    else owners.set(t.spec.force, t);
  }

  // Mergers: a merged force owns nothing any more; its successor owns its tenancies with one set of groups.
  out.push(...mergerRules(estate, mergers, todayUtc(now)));

  // Collaborations: every member has a tenancy and consents; every consent names a real collaboration that names the force.
  const consent = (t: TenancyEntry, path: string, ok: boolean, pass: string, failure: string): EstateRuleResult => ({
    rule: 'CollaborationConsented',
    control: ESTATE_RULE_CONTROLS.CollaborationConsented,
    tenancy: t.spec.name,
    file: t.file,
    path,
    status: ok ? 'pass' : 'fail',
    message: ok ? pass : failure,
  });
  for (const t of estate.tenancies) {
    const s = t.spec;
    if (isCollaboration(s)) {
      const members = collaborationMembers(s, specs);
      for (const m of members) {
        if (m.status === 'no-tenancy')
          out.push(
            fail(
              'CollaborationMemberExists',
              t.file,
              'forces',
              `collaboration "${s.name}" names force "${m.force}", which has no tenancy in the estate`,
              {
                received: m.force,
                allowed: 'forces that each have their own tenancy',
              },
            ),
          );
        else if (m.status === 'no-consent')
          out.push(
            fail(
              'CollaborationMemberConsents',
              fileOf.get(m.tenancy),
              'collaborations',
              `force "${m.force}" does not consent to collaboration "${s.name}", which names it as a member`,
              {
                received: m.tenancy.collaborations ?? [],
                allowed: `a list that includes "${s.name}"`,
                hint: `add "${s.name}" to collaborations in ${m.force}'s tenancy, or remove ${m.force} from the collaboration`,
              },
            ),
          );
      }
      const missing = members.filter((m) => m.status !== 'linked').map((m) => m.force);
      out.push(
        consent(
          t,
          'forces',
          missing.length === 0,
          `every member (${(s.forces ?? []).join(', ')}) consents`,
          `no consent from: ${missing.join(', ')}`,
        ),
      );
    } else {
      const consents = tenancyConsents(s, specs);
      for (const c of consents) {
        if (c.status === 'no-collaboration')
          out.push(
            fail(
              'ConsentNamesCollaboration',
              t.file,
              `collaborations[${c.index}]`,
              `no collaboration tenancy is named "${c.collaboration}"`,
              {
                received: c.collaboration,
                allowed: 'the name of a collaboration tenancy in the estate',
              },
            ),
          );
        else if (c.status === 'not-a-member')
          out.push(
            fail(
              'ConsentNamesCollaboration',
              t.file,
              `collaborations[${c.index}]`,
              `collaboration "${c.collaboration}" does not list force "${s.force}" as a member`,
              { received: c.collaboration, allowed: `a collaboration whose forces include "${s.force}"` },
            ),
          );
      }
      const bad = consents.filter((c) => c.status !== 'linked').map((c) => c.collaboration);
      out.push(
        consent(
          t,
          'collaborations',
          bad.length === 0,
          `joins ${consents.length} collaboration(s), each naming this force`,
          `consents to collaborations that do not name it: ${bad.join(', ')}`,
        ),
      );
    }
  }

  // Address ranges do not overlap anywhere in the estate (forces may interconnect through the hubs).
  const ranges = estateRanges(estate);
  for (const [i, a] of ranges.entries()) {
    for (const b of ranges.slice(i + 1)) {
      if (a.owner === b.owner || !a.cidr.overlaps(b.cidr)) continue; // within one tenancy: checked with the tenancy
      out.push(
        fail('EstateAddressOverlap', b.file, b.path, `${b.owner} ${b.path} ${b.text} overlaps ${a.owner} ${a.path} ${a.text}`, {
          received: b.text,
          allowed: 'a range that overlaps no other range in the estate',
          hint: 'see the address plan in docs/tenancy-spec.md',
        }),
      );
    }
  }
  for (const t of estate.tenancies) {
    const mine = ranges.filter((r) => r.owner === `tenancy ${t.spec.name}`);
    const clashes = mine.flatMap((m) =>
      ranges
        .filter((o) => o.owner !== m.owner && o.cidr.overlaps(m.cidr))
        .map((o) => `${m.path} ${m.text} overlaps ${o.owner} ${o.path} ${o.text}`),
    );
    out.push({
      rule: 'EstateAddressSpaceDisjoint',
      control: ESTATE_RULE_CONTROLS.EstateAddressSpaceDisjoint,
      tenancy: t.spec.name,
      file: t.file,
      path: 'network',
      status: clashes.length === 0 ? 'pass' : 'fail',
      message: clashes.length === 0 ? `${mine.length} range(s) overlap no other range in the estate` : clashes.join('; '),
    });
  }

  // Accounts and subscriptions are used once.
  const seen = new Map<string, string>();
  const n = estate.national;
  if (n.aws)
    for (const k of ['managementAccount', 'logArchiveAccount', 'auditAccount', 'networkAccount'] as const)
      seen.set(n.aws[k], `the national ${k}`);
  if (n.azure) for (const [k, v] of Object.entries(n.azure.subscriptions)) seen.set(v.toLowerCase(), `the national ${k} subscription`);
  const claim = (id: string, key: string, who: string, file: string | undefined, path: string) => {
    const prior = seen.get(key);
    if (prior)
      out.push(
        fail('AccountUsedOnce', file, path, `${id} is already used by ${prior}`, {
          received: id,
          allowed: 'an account or subscription used by one environment only',
        }),
      );
    else seen.set(key, who);
  };
  for (const t of estate.tenancies) {
    for (const [env, id] of Object.entries(t.spec.aws?.accounts ?? {}))
      claim(id, id, `${t.spec.name}/${env}`, t.file, `aws.accounts.${env}`);
    // Subscription ids are GUIDs: Azure compares them without regard to letter case.
    for (const [env, id] of Object.entries(t.spec.azure?.subscriptions ?? {}))
      claim(id, id.toLowerCase(), `${t.spec.name}/${env}`, t.file, `azure.subscriptions.${env}`);
  }

  // A group id is one owner's: one role of one tenancy, or one national role. A second owner would
  // get the first owner's access (a force's admin group reused in another force administers both).
  const owned = identityGroupOwnership(estate);
  for (const c of owned.conflicts) {
    out.push(
      fail(
        'IdentityGroupOwnedOnce',
        c.claim.file,
        c.claim.path,
        `${c.claim.kind} ${c.claim.id} is already the group of ${c.prior.owner} role ${c.prior.role} (${c.prior.file ?? 'in code'} ${c.prior.path})`,
        {
          received: c.claim.id,
          allowed: 'a group id that belongs to one tenancy role or one national role only',
          hint: `give ${c.claim.owner} role ${c.claim.role} a group of its own`,
        },
      ),
    );
  }
  for (const t of estate.tenancies) {
    const mine = owned.conflicts.filter((c) => c.claim.owner === `tenancy ${t.spec.name}` || c.prior.owner === `tenancy ${t.spec.name}`);
    const count = owned.claims.filter((c) => c.owner === `tenancy ${t.spec.name}`).length;
    out.push({
      rule: 'IdentityGroupOwned',
      control: ESTATE_RULE_CONTROLS.IdentityGroupOwned,
      tenancy: t.spec.name,
      file: t.file,
      path: 'identity.groups',
      status: mine.length === 0 ? 'pass' : 'fail',
      message:
        mine.length === 0
          ? `${count} group id(s), each owned by this ${t.spec.force && successors.has(t.spec.force) ? `tenancy and the other tenancies of successor ${t.spec.force}` : 'tenancy'} alone`
          : mine
              .map((c) => `${c.claim.kind} ${c.claim.id} is both ${c.prior.owner} ${c.prior.path} and ${c.claim.owner} ${c.claim.path}`)
              .join('; '),
    });
  }

  // Audit-only rules: exceptions unexpired on the audit date (validation checks expiry per file) and a classification public cloud may hold.
  const today = todayUtc(now);
  for (const t of estate.tenancies) {
    const s = t.spec;
    const exceptions = s.exceptions ?? [];
    const base = { rule: 'ExceptionsCurrent', control: ESTATE_RULE_CONTROLS.ExceptionsCurrent, tenancy: s.name, file: t.file };
    if (exceptions.length === 0) out.push({ ...base, path: 'exceptions', status: 'pass', message: 'no exceptions declared' });
    exceptions.forEach((ex, i) => {
      const left = daysBetween(today, ex.expires);
      out.push({
        ...base,
        path: `exceptions[${i}]`,
        status: left >= 0 ? 'pass' : 'fail',
        message:
          left >= 0
            ? `exception to ${ex.control} approved by ${ex.approvedBy} runs ${left} more day(s)`
            : `exception to ${ex.control} expired ${-left} day(s) ago (${ex.expires})`,
        exception: { reason: ex.reason, approvedBy: ex.approvedBy, expires: ex.expires, daysLeft: left },
      });
    });
    const allowed = isAllowedClassification(s.classification);
    out.push({
      rule: 'ClassificationAllowed',
      control: ESTATE_RULE_CONTROLS.ClassificationAllowed,
      tenancy: s.name,
      file: t.file,
      path: 'classification',
      status: allowed ? 'pass' : 'fail',
      message: allowed
        ? `${s.classification} may be held in public cloud`
        : `${s.classification} may not be held in public cloud (allowed: ${ALLOWED_CLASSIFICATIONS.join(', ')})`,
    });
  }
  return out;
}

// The name rule lives beside the spec's validation, which refuses a tenancy with no production.
export { isProductionName };

/**
 * True for a tenancy environment that is production: one named as production
 * ({@link isProductionName}), or one the spec lists under `production` (a force that calls its
 * production environment `live` or `prd`). Production is held to production's rules everywhere
 * from this one answer: the AWS force-developer assignment is read-only there, Azure's privileged
 * roles are PIM eligibilities only, and the audit fails standing privileged access.
 */
export function isProductionEnvironment(spec: Pick<TenancySpecFields, 'production'>, environment: string): boolean {
  return isProductionName(environment) || (spec.production?.includes(environment) ?? false);
}

/** The tenancy's production environments ({@link isProductionEnvironment}), in `environments` order. */
export function productionEnvironments(spec: Pick<TenancySpecFields, 'environments' | 'production'>): string[] {
  return spec.environments.filter((env) => isProductionEnvironment(spec, env));
}

/** One place an identity group id is given. */
export interface GroupIdClaim {
  /** `AWS group id` or `Entra object id`: ids are compared within their cloud. */
  readonly kind: 'AWS group id' | 'Entra object id';
  readonly id: string;
  /** `national` or `tenancy <name>`. */
  readonly owner: string;
  /**
   * Who holds the group: the owner, or `force <id>` for the tenancies of a merger's successor, which
   * share one set of groups (a group of one unit given to another is the conflict).
   */
  readonly unit: string;
  readonly role: string;
  readonly file?: string;
  readonly path: string;
}

/**
 * Every group id in the estate (national roles first, then each tenancy's roles) and each id given
 * a second time. Ids compare without regard to letter case (Entra object ids are GUIDs; Identity
 * Center group ids are lower-case GUIDs, optionally prefixed).
 */
export function identityGroupOwnership(estate: Estate): {
  claims: GroupIdClaim[];
  conflicts: { prior: GroupIdClaim; claim: GroupIdClaim }[];
} {
  const claims: GroupIdClaim[] = [];
  const add = (owner: string, unit: string, file: string | undefined, groups: Readonly<Record<string, unknown>> | undefined) => {
    for (const [role, g] of Object.entries(groups ?? {})) {
      if (g === null || typeof g !== 'object') continue;
      const group = g as { awsGroupId?: unknown; entraObjectId?: unknown };
      if (typeof group.awsGroupId === 'string')
        claims.push({ kind: 'AWS group id', id: group.awsGroupId, owner, unit, role, file, path: `identity.groups.${role}.awsGroupId` });
      if (typeof group.entraObjectId === 'string')
        claims.push({
          kind: 'Entra object id',
          id: group.entraObjectId,
          owner,
          unit,
          role,
          file,
          path: `identity.groups.${role}.entraObjectId`,
        });
    }
  };
  const successors = new Set(successorIds(estate.national.mergers));
  add('national', 'national', estate.nationalFile, estate.national.identity?.groups);
  for (const t of estate.tenancies) {
    const owner = `tenancy ${t.spec.name}`;
    // A tenancy still naming a merged force is its successor's (MergedForceRetired says so once).
    const force = t.spec.force ? currentForce(t.spec.force, estate.national.mergers) : undefined;
    const unit = force && successors.has(force) ? `force ${force}` : owner;
    add(owner, unit, t.file, t.spec.identity?.groups);
  }
  const first = new Map<string, GroupIdClaim>();
  const conflicts: { prior: GroupIdClaim; claim: GroupIdClaim }[] = [];
  for (const c of claims) {
    const key = `${c.kind}|${c.id.toLowerCase()}`;
    const prior = first.get(key);
    if (prior && (prior.unit !== c.unit || prior.role !== c.role)) conflicts.push({ prior, claim: c });
    else if (!prior) first.set(key, c);
  }
  return { claims, conflicts };
}

/**
 * The merger rules. A force a merger retired owns no tenancy and is no collaboration's member (its
 * successor is). A successor's tenancies name one set of groups: the same group for each role in
 * every one of them, so that after the merger one team administers, develops and reads them all,
 * and no group of a predecessor keeps access it would hold alone.
 */
function mergerRules(estate: Estate, declared: readonly Merger[], today: string): EstateRuleResult[] {
  // A merger whose successor or forces the schema refused is reported there; its consequences here would only repeat it.
  const mergers = declared.filter((m) => typeof m?.successor === 'string' && Array.isArray(m.forces));
  if (!mergers.length) return [];
  const out: EstateRuleResult[] = [];
  declared.forEach((m, i) => {
    if (typeof m?.since === 'string' && m.since > today)
      out.push(
        fail('MergerNotInFuture', estate.nationalFile, `mergers[${i}].since`, `a merger cannot start in the future (today is ${today})`, {
          received: m.since,
          allowed: `a date no later than ${today}`,
          hint: 'declare the merger in the pull request that makes it effective; preview it before then with `nplz diff --estate <a copy> --base <the estate>`',
        }),
      );
  });
  const merged = new Set(mergedForces(mergers));
  const retired = (force: string) => {
    const m = mergerOf(force, mergers);
    return m ? `force "${force}" merged into "${m.merger.successor}" on ${m.merger.since} (national settings mergers[${m.index}])` : '';
  };
  for (const t of estate.tenancies) {
    const s = t.spec;
    if (s.force && merged.has(s.force)) {
      const successor = currentForce(s.force, mergers);
      out.push(
        fail('MergedForceRetired', t.file, 'force', `${retired(s.force)}: it owns no tenancy now`, {
          received: s.force,
          allowed: `force: ${successor}`,
          hint: `the successor owns this tenancy: set force: ${successor} and give it the successor's groups (identity.groups)`,
        }),
      );
    }
    (s.forces ?? []).forEach((f, i) => {
      if (!merged.has(f)) return;
      const successor = currentForce(f, mergers);
      const after = [...new Set((s.forces ?? []).map((x) => currentForce(x, mergers)))];
      out.push(
        fail('MergedForceRetired', t.file, `forces[${i}]`, `${retired(f)}: it is no collaboration's member now`, {
          received: f,
          allowed: after.length >= 2 ? `${successor} in its place` : `force: ${successor} (one owner)`,
          hint:
            after.length >= 2
              ? `list ${successor} instead of ${f}, and add "${s.name}" to collaborations in one of ${successor}'s tenancies`
              : `every member merged into ${successor}: make the tenancy ${successor}'s own (force: ${successor}, no forces)`,
        }),
      );
    });
  }
  for (const successor of successorIds(mergers)) {
    const own = estate.tenancies.filter((t) => t.spec.force === successor);
    const [first, ...rest] = own;
    if (!first) continue;
    const differences = new Map<TenancyEntry, string[]>([[first, []]]);
    const groups = (t: TenancyEntry) => t.spec.identity?.groups ?? {};
    for (const t of rest) {
      const found: string[] = [];
      const roles = [...new Set([...Object.keys(groups(first)), ...Object.keys(groups(t))])].sort();
      for (const role of roles) {
        const a = groups(first)[role];
        const b = groups(t)[role];
        for (const field of a && b ? (['awsGroupId', 'entraObjectId'] as const) : (['displayName'] as const)) {
          const x = a?.[field];
          const y = b?.[field];
          if (a && b && (x ?? '').toLowerCase() === (y ?? '').toLowerCase()) continue;
          const path = `identity.groups.${role}${a && b ? `.${field}` : ''}`;
          found.push(`${path} is ${y ?? '(none)'} here, ${x ?? '(none)'} in ${first.spec.name}`);
          out.push(
            fail('SuccessorGroupsReconciled', t.file, path, `successor ${successor}'s tenancies name different groups for role ${role}`, {
              received: y,
              allowed: `${x ?? 'no group'}, as tenancy ${first.spec.name} (${first.file ?? 'in code'}) names it: a successor has one group per role`,
              hint: "give every tenancy of the successor the successor's groups, and remove the predecessors' groups from Identity Center and Entra ID once the merger is deployed",
            }),
          );
        }
      }
      differences.set(t, found);
    }
    for (const [t, found] of differences)
      out.push({
        rule: 'SuccessorGroupsReconciled',
        control: ESTATE_RULE_CONTROLS.SuccessorGroupsReconciled,
        tenancy: t.spec.name,
        file: t.file,
        path: 'identity.groups',
        status: found.length ? 'fail' : 'pass',
        message: found.length
          ? `successor ${successor}'s tenancies do not share one set of groups: ${found.join('; ')}`
          : `successor ${successor}'s ${own.length} tenanc${own.length === 1 ? 'y names' : 'ies name'} one set of groups`,
      });
  }
  return out;
}

function problem(file: string | undefined, path: string, p: Omit<Problem, 'file' | 'path'>): Problem {
  return { file, path, ...p };
}

/** A validation-only failure: no control, a problem for `validate`. */
function fail(
  rule: string,
  file: string | undefined,
  path: string,
  message: string,
  p: Omit<Problem, 'file' | 'path' | 'message'>,
): EstateRuleResult {
  return { rule, file, path, status: 'fail', message, problem: problem(file, path, { ...p, message }) };
}

/**
 * Checks across the estate, as validation problems: each force has at most one tenancy of its own,
 * address ranges do not overlap, collaborations are consented by every member, baselines sit in
 * the support window, no account or subscription is used twice, and no identity group id is given
 * to two roles.
 */
export function checkEstate(estate: Estate): Problem[] {
  return evaluateEstateRules(estate).flatMap((r) => (r.status === 'fail' && r.problem ? [r.problem] : []));
}
