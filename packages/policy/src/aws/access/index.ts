import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { consentedMembers, getBaseline, NATIONAL_TENANCY, type Estate, type Finding } from '@nplz/core';
import { controlFinding } from '../../audit/finding';
import type { Simulation } from '@cloud-copilot/iam-simulate';
import { AccessEvaluator, evidenceOf, type AccessAnswer } from './evaluate';
import { readAccessModel, type AccessModel, type TenancyAccount } from './model';
import { nationalRequests, tenancyRequests, type AccessRequest } from './requests';
import { SimulationPool } from './simulation-pool';
import { DiskEvidenceStore, type EvidenceStore } from './evidence-store';

export * from './evaluate';
export * from './model';
export * from './requests';
export { resolvePolicy, resolveValue } from './resolve';
export { SimulationPool } from './simulation-pool';
export { DiskEvidenceStore, evidenceSalt, type EvidenceStore } from './evidence-store';

/** The rule id a finding carries for an access request: `NplzAccess-<rule>`. */
export const ACCESS_RULE_PREFIX = 'NplzAccess-';

/** Every access rule and the control it evidences (for coverage and the docs). */
export const ACCESS_RULES: Readonly<Record<string, string>> = Object.freeze({
  CrossForceDecrypt: 'NPLZ-IAM-03',
  CrossForceKeyPolicy: 'NPLZ-IAM-03',
  CrossForceReadData: 'NPLZ-IAM-03',
  CrossForceAssumeRole: 'NPLZ-IAM-03',
  SuspendedAccountLocked: 'NPLZ-IAM-03',
  SuspendedEvidenceReadable: 'NPLZ-IAM-03',
  SuspendedResourcesClosed: 'NPLZ-IAM-03',
  ArchiveObjectsProtected: 'NPLZ-LOG-03',
  ArchiveBucketProtected: 'NPLZ-LOG-03',
  ArchiveKeyProtected: 'NPLZ-LOG-03',
  ArchiveDeployExemption: 'NPLZ-LOG-03',
  SecurityServicesProtected: 'NPLZ-GRD-02',
  SecurityServicesExemption: 'NPLZ-GRD-02',
  DetectionTuningBySoc: 'NPLZ-GRD-02',
  NoIamUsers: 'NPLZ-IAM-01',
  NoOtherIdentityProviders: 'NPLZ-IAM-02',
  RootUserDenied: 'NPLZ-IAM-04',
  UkRegionsOnly: 'NPLZ-RES-01',
  GlobalServicesExempt: 'NPLZ-RES-01',
  HomeRegionsWork: 'NPLZ-RES-01',
  BoundaryHolds: 'NPLZ-PAM-03',
  BoundaryDeployable: 'NPLZ-PAM-03',
  CdkRolesProtected: 'NPLZ-PAM-03',
  BaselineResourcesProtected: 'NPLZ-GRD-02',
  ForceCleansUp: 'NPLZ-GRD-02',
  ExemptRolesProtected: 'NPLZ-GRD-02',
  CdkExemptionNarrow: 'NPLZ-GRD-02',
  RegionAllowancesWork: 'NPLZ-RES-01',
  RegionAllowancesExact: 'NPLZ-RES-01',
  StayInOrganisation: 'NPLZ-GRD-04',
  EgressThroughHub: 'NPLZ-NET-04',
  BackupsProtected: 'NPLZ-RET-04',
  BackupsExemption: 'NPLZ-RET-04',
});

/**
 * The tenancy whose data a tenancy's requests try to reach: the next one (by name) in the same
 * environment that shares no collaboration with it. Its policies, not a made-up resource, are
 * what the cross-force requests run against.
 */
function otherTenancy(
  t: TenancyAccount,
  all: readonly TenancyAccount[],
  collaborates: (a: string, b: string) => boolean,
): TenancyAccount | undefined {
  const candidates = all.filter((o) => o.environment === t.environment && o.tenancy !== t.tenancy && !collaborates(t.tenancy, o.tenancy));
  const sorted = [...candidates].sort((a, b) => a.tenancy.localeCompare(b.tenancy));
  return sorted.find((o) => o.tenancy.localeCompare(t.tenancy) > 0) ?? sorted[0];
}

/** Every request the access evaluation makes of an estate, national ones first. */
export function accessRequests(model: AccessModel, estate: Estate): AccessRequest[] {
  const consent = consentedMembers(estate.tenancies.map((t) => t.spec));
  const collaborates = (a: string, b: string) =>
    (consent[a] ?? []).includes(b) ||
    (consent[b] ?? []).includes(a) ||
    Object.values(consent).some((members) => members.includes(a) && members.includes(b));
  const baselineOf = (tenancy: string) =>
    getBaseline(estate.tenancies.find((x) => x.spec.name === tenancy)?.spec.baseline ?? estate.national.baseline);
  return [
    ...nationalRequests(model),
    ...model.tenancies.flatMap((t) => tenancyRequests(t, otherTenancy(t, model.tenancies, collaborates), model, baselineOf(t.tenancy))),
  ];
}

/** From this many requests, the simulations run in worker threads ({@link SimulationPool}). */
const POOL_FROM = 1000;

/**
 * Answer every request with the evaluator: in worker threads when there are many (a given pool is
 * closed when done), else in this thread. The answers are the same, in request order, either way.
 */
export async function answerAll(
  requests: readonly AccessRequest[],
  organizationId: string,
  options: { readonly pool?: SimulationPool; readonly store?: EvidenceStore } = {},
): Promise<{ answers: AccessAnswer[]; simulations: number }> {
  // Worker threads pay for themselves only over many simulations (each starts iam-simulate afresh).
  // Started at the first simulation the kept evidence cannot answer: a warm run starts no thread.
  let pool: SimulationPool | undefined = options.pool;
  let started = pool !== undefined;
  const simulate = (sim: Simulation) => {
    if (!started) {
      started = true;
      pool = SimulationPool.create();
    }
    return pool ? pool.run(sim) : evidenceOf(sim);
  };
  const evaluator = new AccessEvaluator(organizationId, options.pool || requests.length >= POOL_FROM ? simulate : undefined, options.store);
  const answers: AccessAnswer[] = new Array<AccessAnswer>(requests.length);
  // The simulator reads its IAM data asynchronously, and the pool's workers each run several: enough
  // requests in flight keep every core busy meanwhile.
  const CONCURRENCY = 64;
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const i = next++;
      answers[i] = await evaluator.answer(requests[i] as AccessRequest);
    }
  };
  try {
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  } finally {
    await pool?.close();
  }
  return { answers, simulations: evaluator.simulations };
}

/**
 * Findings of the access evaluation: for every tenancy account, each request of the tables in
 * `requests.ts` answered by iam-simulate against the synthesised SCPs, RCPs, boundaries and
 * resource policies. A request that gets another verdict than the landing zone promises fails,
 * naming the statement that decided it (or the Deny that does not apply, and why).
 */
export async function accessFindings(
  asm: CloudAssembly,
  estate: Estate,
  options: {
    /** Where each distinct simulation's evidence is kept between runs ({@link DiskEvidenceStore}); none when omitted. */
    readonly cacheDir?: string;
  } = {},
): Promise<Finding[]> {
  const model = readAccessModel(asm, estate);
  const findings: Finding[] = model.problems.map((p) =>
    controlFinding({
      control: 'NPLZ-GRD-01',
      status: 'fail',
      cloud: 'aws',
      tenancy: p.tenancy,
      resource: p.resource,
      rule: `${ACCESS_RULE_PREFIX}Model`,
      message: p.message,
    }),
  );
  for (const t of model.tenancies) {
    if (!t.boundary)
      findings.push(
        controlFinding({
          control: 'NPLZ-PAM-03',
          status: 'fail',
          cloud: 'aws',
          tenancy: t.tenancy,
          environment: t.environment,
          resource: t.stackName,
          rule: `${ACCESS_RULE_PREFIX}BoundaryHolds`,
          message: `The force stack ${t.stackName} creates no nplz-local-assets-boundary policy, so nothing bounds the roles of its local assets.`,
        }),
      );
  }
  const store = options.cacheDir ? new DiskEvidenceStore(options.cacheDir) : undefined;
  const { answers } = await answerAll(accessRequests(model, estate), model.organizationId, store ? { store } : {});
  // A failure is a finding of its own, with its evidence; the requests of one rule that keep their
  // promise are one passing finding per tenancy environment, listing each request and what decided it.
  const passes = new Map<string, AccessAnswer[]>();
  for (const a of answers) {
    const r = a.request;
    const environment = r.tenancy !== NATIONAL_TENANCY && r.environment ? { environment: r.environment } : {};
    if (a.status === 'fail') {
      findings.push(
        controlFinding({
          control: r.control,
          status: 'fail',
          cloud: 'aws',
          tenancy: r.tenancy,
          ...environment,
          resource: a.resource,
          rule: `${ACCESS_RULE_PREFIX}${r.rule}`,
          message: a.message,
        }),
      );
      continue;
    }
    const key = `${r.tenancy}\u0000${r.environment ?? ''}\u0000${r.rule}\u0000${r.control}`;
    const group = passes.get(key);
    if (group) group.push(a);
    else passes.set(key, [a]);
  }
  for (const group of passes.values()) {
    const r = (group[0] as AccessAnswer).request;
    findings.push(
      controlFinding({
        control: r.control,
        status: 'pass',
        cloud: 'aws',
        tenancy: r.tenancy,
        ...(r.tenancy !== NATIONAL_TENANCY && r.environment ? { environment: r.environment } : {}),
        resource:
          r.tenancy === NATIONAL_TENANCY
            ? r.at
            : (model.tenancies.find((t) => t.tenancy === r.tenancy && t.environment === r.environment)?.stackName ?? r.at),
        rule: `${ACCESS_RULE_PREFIX}${r.rule}`,
        message: `${group.length} request${group.length === 1 ? '' : 's'} answered as promised. ${group.map((a) => a.message).join(' ')}`,
      }),
    );
  }
  return findings;
}
