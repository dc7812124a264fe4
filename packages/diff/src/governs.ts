import type { CfnTemplate } from './aws-diff';
import type { DiffablePlan } from './azure-diff';

/**
 * The tenancies one report is about (a force's own and its collaborations) and where their accounts
 * and subscriptions sit, so that the national resources governing them are reported with them: the
 * OUs and management groups that hold them and those above, an organisation policy attached to such
 * an OU (or to the root), an Identity Center assignment on one of their accounts (each AWS
 * tenancy's, its groups' and the national roles', are in its own national stack
 * `Nplz-Identity-<tenancy>`; matched by target account, so a stack of any layout is read), an Azure policy,
 * role or eligibility assignment at such a management group, and the policy definitions held there.
 */
export interface GoverningScope {
  readonly tenancies: readonly string[];
  /**
   * Names of the AWS OUs that hold the tenancies' accounts: each force's own OU under Forces, and
   * Collaborations for a collaboration. Their ancestors are read from the organisation template.
   */
  readonly awsOus: readonly string[];
  /** The tenancies' AWS account ids. */
  readonly awsAccounts: readonly string[];
}

type Resources = NonNullable<CfnTemplate['Resources']>;

/** The logical id a `{ Ref }` or `{ Fn::GetAtt }` points at, if the value is one. */
function referenced(v: unknown): string | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.Ref === 'string') return o.Ref;
  const att = o['Fn::GetAtt'];
  if (Array.isArray(att) && typeof att[0] === 'string') return att[0];
  if (typeof att === 'string') return att.split('.')[0];
  return undefined;
}

/** Logical ids of the OUs holding the accounts and of every OU above them, and the root id they hang from. */
function awsAncestors(res: Resources, names: readonly string[]): { ous: Set<string>; roots: Set<string> } {
  const ous = new Set<string>();
  const roots = new Set<string>();
  const walk = (id: string) => {
    if (ous.has(id)) return;
    const r = res[id];
    if (r?.Type !== 'AWS::Organizations::OrganizationalUnit') return;
    ous.add(id);
    const parent = r.Properties?.ParentId;
    const up = referenced(parent);
    if (up) walk(up);
    else if (typeof parent === 'string') roots.add(parent);
  };
  for (const [id, r] of Object.entries(res))
    if (r.Type === 'AWS::Organizations::OrganizationalUnit' && names.includes(String(r.Properties?.Name))) walk(id);
  return { ous, roots };
}

const cdkPath = (id: string, r: Resources[string]) => (r.Metadata?.['aws:cdk:path'] as string | undefined) ?? id;

/** Construct paths of the resources in one AWS template that govern the scope's accounts. */
export function awsGoverning(template: CfnTemplate | undefined, scope: GoverningScope): Set<string> {
  const res = template?.Resources ?? {};
  const { ous, roots } = awsAncestors(res, scope.awsOus);
  const out = new Set<string>();
  for (const [id, r] of Object.entries(res)) {
    // The OUs themselves: the accounts' place in the organisation.
    if (ous.has(id)) out.add(cdkPath(id, r));
    if (r.Type === 'AWS::Organizations::Policy') {
      const targets = (r.Properties?.TargetIds as unknown[] | undefined) ?? [];
      const hit = targets.some((t) =>
        typeof t === 'string' ? roots.has(t) || scope.awsAccounts.includes(t) : ous.has(referenced(t) ?? ''),
      );
      if (hit) out.add(cdkPath(id, r));
    } else if (r.Type === 'AWS::SSO::Assignment') {
      if (scope.awsAccounts.includes(String(r.Properties?.TargetId))) out.add(cdkPath(id, r));
    }
  }
  return out;
}

const MG_PREFIX = '/providers/Microsoft.Management/managementGroups/';

/** URNs of the national resources in one recorded plan that govern the scope's subscriptions. */
export function azureGoverning(plan: DiffablePlan | undefined, scope: GoverningScope): Set<string> {
  const resources = plan?.resources ?? [];
  const parentOf = new Map<string, string>();
  for (const r of resources) {
    if (r.type !== 'azure-native:management:ManagementGroup') continue;
    const id = r.inputs.groupId;
    const parent = (r.inputs.details as { parent?: { id?: unknown } } | undefined)?.parent?.id;
    if (typeof id === 'string' && typeof parent === 'string' && parent.startsWith(MG_PREFIX))
      parentOf.set(id, parent.slice(MG_PREFIX.length));
  }
  const groups = new Set<string>();
  for (const r of resources) {
    if (r.type !== 'azure-native:management:ManagementGroupSubscription' || !r.tenancy || !scope.tenancies.includes(r.tenancy)) continue;
    for (let g = r.inputs.groupId as string | undefined; g && !groups.has(g); g = parentOf.get(g)) groups.add(g);
  }
  // What the renderer places at a tenancy's own subscription carries that tenancy's name already.
  const governs = (scopeId: unknown) =>
    typeof scopeId === 'string' && scopeId.startsWith(MG_PREFIX) && groups.has(scopeId.slice(MG_PREFIX.length));
  const out = new Set<string>();
  for (const r of resources) {
    if (r.tenancy && r.tenancy !== 'national') continue;
    // The management groups themselves: the subscriptions' place in the hierarchy.
    if (r.type === 'azure-native:management:ManagementGroup' && groups.has(String(r.inputs.groupId))) out.add(r.urn);
    if (governs(r.inputs.scope) || (typeof r.inputs.managementGroupId === 'string' && groups.has(r.inputs.managementGroupId)))
      out.add(r.urn);
  }
  return out;
}
