import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import {
  AWS_NAMES,
  AWS_TENANCY_OUS,
  COLLABORATION_TAG_VALUE,
  NATIONAL_TENANCY,
  NPLZ_TAGS,
  isDecommissioning,
  type Estate,
} from '@nplz/core';

/** The top-level OU decommissioning tenancies' accounts are moved to (its SCP denies all but the evidence readers). */
const SUSPENDED_OU_NAME = 'Suspended';
import type { CfnJson, CfnResourceJson, CfnTemplateJson } from '../types';
import { asArray, refTarget } from '../private/cfn';
import { resolvePolicy, resolveValue, resourceArn, resourceName, type TemplatePlace } from './resolve';

/** A policy as the evaluator is given it, with where it came from (the evidence a finding names). */
export interface SourcedPolicy {
  /** The policy's name (SCP/RCP name, managed policy name) or what it is (`bucket policy`, `key policy`, `trust policy`). */
  readonly name: string;
  /** Stack and construct path (or logical id) of the resource that holds it. */
  readonly source: string;
  readonly document: unknown;
}

/** One level of the organisation tree (root, OU or account) and the control policies attached there. */
export interface OrgLevel {
  readonly id: string;
  readonly name: string;
  readonly scps: readonly SourcedPolicy[];
  readonly rcps: readonly SourcedPolicy[];
}

/** A role a template creates, as the evaluator sees it. */
export interface RoleInfo {
  readonly arn: string;
  readonly name: string;
  readonly source: string;
  readonly trust: SourcedPolicy;
  /** The boundary's ARN as written (resolved), if any. */
  readonly boundaryArn?: string;
  /** The boundary's document, when it is a policy the estate or AWS publishes; undefined when there is no boundary or it cannot be known offline. */
  readonly boundary?: SourcedPolicy;
}

/** A resource with a resource-based policy (a KMS key, an S3 bucket, an SNS topic). */
export interface PolicyResource {
  readonly arn: string;
  readonly name: string;
  readonly source: string;
  readonly policy: SourcedPolicy;
  /** The tags it is deployed with: its own, over those its stack (or StackSet) propagates. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** A VPC flow log a template creates, with the tags it is deployed with. */
export interface FlowLogInfo {
  readonly arn: string;
  readonly source: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** One account environment of a tenancy, as deployed. */
export interface TenancyAccount {
  readonly tenancy: string;
  readonly environment: string;
  readonly account: string;
  readonly region: string;
  readonly stackName: string;
  /** Root first, the account last. */
  readonly levels: readonly OrgLevel[];
  /** The local-assets boundary the force stack creates (`nplz-local-assets-boundary`). */
  readonly boundary?: SourcedPolicy & { readonly arn: string };
  /** Roles of the force stack (the force's own and NPLZ's) and of the fleet baseline in this account. */
  readonly roles: readonly RoleInfo[];
  readonly keys: readonly PolicyResource[];
  readonly buckets: readonly PolicyResource[];
  readonly topics: readonly PolicyResource[];
  /** The baseline's alert rules in this account. */
  readonly alertRules: readonly { readonly arn: string; readonly source: string }[];
  /** Flow logs of the force stack and of the fleet baseline in this account. */
  readonly flowLogs: readonly FlowLogInfo[];
  /** True when the fleet account baseline StackSet reaches this account. */
  readonly fleetBaseline: boolean;
}

/** The national log archive: its account, buckets with their policies, and its key. */
export interface NationalArchive {
  readonly account: string;
  readonly region: string;
  readonly levels: readonly OrgLevel[];
  readonly buckets: readonly PolicyResource[];
  readonly keys: readonly PolicyResource[];
}

/** Everything the access evaluation needs from a synthesised AWS estate. */
export interface AccessModel {
  readonly organizationId: string;
  readonly tenancies: readonly TenancyAccount[];
  readonly archive?: NationalArchive;
  /** The security (audit) account, the GuardDuty and Security Hub delegated administrator. */
  readonly security?: { readonly account: string; readonly region: string; readonly levels: readonly OrgLevel[] };
  /**
   * Accounts in the Suspended OU, where decommissioning tenancies' accounts go: each decommissioning
   * tenancy's AWS accounts, or one representative account when none is decommissioning (the OU and its
   * SCP exist either way, and an account moved there later gets exactly them).
   */
  readonly suspended?: {
    readonly region: string;
    readonly accounts: readonly {
      readonly tenancy: string;
      readonly environment?: string;
      readonly account: string;
      readonly levels: readonly OrgLevel[];
    }[];
  };
  /** The national accounts (log archive, audit, network). */
  readonly nationalAccounts: readonly string[];
  /** Problems reading the estate: each becomes a failed finding. */
  readonly problems: readonly { readonly tenancy: string; readonly resource: string; readonly message: string }[];
}

interface StackView {
  readonly name: string;
  readonly template: CfnTemplateJson;
  readonly tags: Record<string, string>;
  readonly account: string;
  readonly region: string;
}

/** The AWS managed policies NPLZ's roles use, as AWS publishes them (the document of version v1 and current). */
export const AWS_MANAGED_POLICIES: Readonly<Record<string, unknown>> = Object.freeze({
  'arn:aws:iam::aws:policy/AdministratorAccess': {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
  },
});

function pathOf(stack: string, id: string, r: CfnResourceJson, prefix = ''): string {
  const p = r.Metadata?.['aws:cdk:path'];
  if (prefix) return `${prefix}${typeof p === 'string' ? p : id}`;
  return typeof p === 'string' ? p : `${stack}/${id}`;
}

/** The organisation tree from the organisation stack: OU parents and the SCPs/RCPs attached to each target. */
function organisation(stacks: readonly StackView[], rootId: string) {
  const ous = new Map<string, { name: string; parent: string }>();
  const attached = new Map<string, { scps: SourcedPolicy[]; rcps: SourcedPolicy[] }>();
  const at = (target: string) => {
    let a = attached.get(target);
    if (!a) attached.set(target, (a = { scps: [], rcps: [] }));
    return a;
  };
  for (const s of stacks) {
    const resources = s.template.Resources ?? {};
    const place: TemplatePlace = { account: s.account, region: s.region, resources, stackName: s.name };
    for (const [id, r] of Object.entries(resources)) {
      if (r.Type === 'AWS::Organizations::OrganizationalUnit') {
        const parent = refTarget(r.Properties?.ParentId) ?? resolveValue(r.Properties?.ParentId, place);
        ous.set(id, { name: resolveValue(r.Properties?.Name, place), parent });
      }
    }
    for (const [id, r] of Object.entries(resources)) {
      if (r.Type !== 'AWS::Organizations::Policy') continue;
      const type = r.Properties?.Type;
      if (type !== 'SERVICE_CONTROL_POLICY' && type !== 'RESOURCE_CONTROL_POLICY') continue;
      let content: unknown = r.Properties?.Content;
      if (typeof content === 'string') {
        try {
          content = JSON.parse(content);
        } catch {
          // An unparsable policy is refused by Organizations; the evaluator reports it when validating.
        }
      }
      const policy: SourcedPolicy = {
        name: resolveValue(r.Properties?.Name, place) || id,
        source: pathOf(s.name, id, r),
        document: resolvePolicy(content, place),
      };
      for (const t of asArray(r.Properties?.TargetIds)) {
        const target = refTarget(t) ?? resolveValue(t, place);
        (type === 'SERVICE_CONTROL_POLICY' ? at(target).scps : at(target).rcps).push(policy);
      }
    }
  }
  const ouByName = (name: string, parent: string) => [...ous.entries()].find(([, o]) => o.name === name && o.parent === parent)?.[0];
  /** Levels root → OUs → account for an account in the OU chain named (top-level first). */
  const levels = (account: string, ouNames: readonly string[]): OrgLevel[] => {
    const chain: { id: string; name: string }[] = [{ id: rootId, name: 'the organisation root' }];
    let parent = rootId;
    for (const n of ouNames) {
      const id = ouByName(n, parent);
      if (id === undefined) break;
      chain.push({ id, name: `OU ${n}` });
      parent = id;
    }
    chain.push({ id: account, name: `account ${account}` });
    return chain.map((c) => ({ ...c, scps: attached.get(c.id)?.scps ?? [], rcps: attached.get(c.id)?.rcps ?? [] }));
  };
  return { levels, found: ous.size > 0 };
}

/** Resource-policy holders and roles of one template deployed in one account. */
/** A resource's `Tags` (CloudFormation's list of Key/Value), resolved, over the tags its stack propagates. */
function tagsOf(r: CfnResourceJson, place: TemplatePlace, inherited: Readonly<Record<string, string>>): Record<string, string> {
  const own: Record<string, string> = {};
  for (const t of asArray<CfnJson>(r.Properties?.Tags)) {
    const key = resolveValue(t?.Key, place);
    if (key) own[key] = resolveValue(t?.Value, place);
  }
  return { ...inherited, ...own };
}

function templateResources(
  stackName: string,
  template: CfnTemplateJson,
  place: TemplatePlace,
  pathPrefix = '',
  inherited: Readonly<Record<string, string>> = {},
) {
  const resources = template.Resources ?? {};
  const roles: RoleInfo[] = [];
  const keys: PolicyResource[] = [];
  const buckets: PolicyResource[] = [];
  const topics: PolicyResource[] = [];
  const alertRules: { arn: string; source: string }[] = [];
  const flowLogs: FlowLogInfo[] = [];
  let boundary: (SourcedPolicy & { arn: string }) | undefined;
  const managed = new Map<string, SourcedPolicy>();
  for (const [id, r] of Object.entries(resources)) {
    if (r.Type !== 'AWS::IAM::ManagedPolicy') continue;
    const arn = resourceArn(id, r, place);
    const p = {
      name: resourceName(id, r, place),
      source: pathOf(stackName, id, r, pathPrefix),
      document: resolvePolicy(r.Properties?.PolicyDocument, place),
    };
    managed.set(arn, p);
    if (p.name === AWS_NAMES.localAssetsBoundary) boundary = { ...p, arn };
  }
  const bucketPolicies = new Map<string, SourcedPolicy>();
  const topicPolicies = new Map<string, SourcedPolicy>();
  for (const [id, r] of Object.entries(resources)) {
    const source = pathOf(stackName, id, r, pathPrefix);
    if (r.Type === 'AWS::S3::BucketPolicy') {
      bucketPolicies.set(resolveValue(r.Properties?.Bucket, place), {
        name: 'bucket policy',
        source,
        document: resolvePolicy(r.Properties?.PolicyDocument, place),
      });
    } else if (r.Type === 'AWS::SNS::TopicPolicy') {
      const doc = { name: 'topic policy', source, document: resolvePolicy(r.Properties?.PolicyDocument, place) };
      for (const t of asArray(r.Properties?.Topics)) topicPolicies.set(resolveValue(t, place), doc);
    }
  }
  for (const [id, r] of Object.entries(resources)) {
    const source = pathOf(stackName, id, r, pathPrefix);
    const p = r.Properties ?? {};
    switch (r.Type) {
      case 'AWS::IAM::Role': {
        const arn = resourceArn(id, r, place);
        const boundaryArn = p.PermissionsBoundary === undefined ? undefined : resolveValue(p.PermissionsBoundary, place);
        const known = boundaryArn === undefined ? undefined : (managed.get(boundaryArn) ?? awsManaged(boundaryArn, source));
        roles.push({
          arn,
          name: resourceName(id, r, place),
          source,
          trust: { name: 'trust policy', source, document: resolvePolicy(p.AssumeRolePolicyDocument, place) },
          ...(boundaryArn !== undefined ? { boundaryArn } : {}),
          ...(known ? { boundary: known } : {}),
        });
        break;
      }
      case 'AWS::KMS::Key':
        keys.push({
          arn: resourceArn(id, r, place),
          name: id,
          source,
          policy: { name: 'key policy', source, document: resolvePolicy(p.KeyPolicy, place) },
          tags: tagsOf(r, place, inherited),
        });
        break;
      case 'AWS::EC2::FlowLog':
        flowLogs.push({ arn: resourceArn(id, r, place), source, tags: tagsOf(r, place, inherited) });
        break;
      case 'AWS::S3::Bucket': {
        const name = resourceName(id, r, place);
        buckets.push({
          arn: resourceArn(id, r, place),
          name,
          source,
          policy: bucketPolicies.get(name) ?? { name: 'bucket policy (none)', source, document: undefined },
        });
        break;
      }
      case 'AWS::SNS::Topic': {
        const arn = resourceArn(id, r, place);
        topics.push({
          arn,
          name: resourceName(id, r, place),
          source,
          policy: topicPolicies.get(arn) ?? { name: 'topic policy (none)', source, document: undefined },
        });
        break;
      }
      case 'AWS::Events::Rule':
        alertRules.push({ arn: resourceArn(id, r, place), source });
        break;
      default:
        break;
    }
  }
  return { roles, keys, buckets, topics, alertRules, flowLogs, boundary };
}

function awsManaged(arn: string, source: string): SourcedPolicy | undefined {
  const doc = AWS_MANAGED_POLICIES[arn];
  return doc ? { name: arn.split('/').pop() ?? arn, source, document: doc } : undefined;
}

/** The instance name CloudFormation gives a service-managed StackSet's stack in each account. */
function stackSetInstanceName(stackSetName: string): string {
  return `StackSet-${stackSetName}`;
}

/**
 * Read the access model from a cloud assembly: the organisation tree and its control policies,
 * each tenancy account's force stack (boundary, roles, keys, buckets) and the fleet account
 * baseline it receives, and the national archive.
 */
export function readAccessModel(asm: CloudAssembly, estate: Estate): AccessModel {
  const aws = estate.national.aws;
  const problems: { tenancy: string; resource: string; message: string }[] = [];
  const stacks: StackView[] = asm.stacksRecursively.map((a) => ({
    name: a.stackName,
    template: a.template as CfnTemplateJson,
    tags: a.tags,
    account: a.environment.account,
    region: a.environment.region,
  }));
  const rootId = aws?.rootId ?? 'r-root';
  const org = organisation(
    stacks.filter((s) => (s.tags[NPLZ_TAGS.tenancy] ?? NATIONAL_TENANCY) === NATIONAL_TENANCY),
    rootId,
  );
  if (!org.found)
    problems.push({
      tenancy: NATIONAL_TENANCY,
      resource: '(organisation stack)',
      message: 'no organisation stack with OUs in the assembly',
    });

  // The fleet account baseline: a service-managed StackSet with an inline template, in a national stack.
  const fleet: { name: string; template: CfnTemplateJson; path: string; ous: string[]; tags: Record<string, string> }[] = [];
  for (const s of stacks) {
    for (const [id, r] of Object.entries(s.template.Resources ?? {})) {
      if (r.Type !== 'AWS::CloudFormation::StackSet' || typeof r.Properties?.TemplateBody !== 'string') continue;
      try {
        const template = JSON.parse(r.Properties.TemplateBody) as CfnTemplateJson;
        const ous = asArray<CfnJson>(r.Properties.StackInstancesGroup).flatMap((g) =>
          asArray(g.DeploymentTargets?.OrganizationalUnitIds).map((ou) => {
            const target = refTarget(ou);
            const res = target === undefined ? undefined : s.template.Resources?.[target];
            return typeof res?.Properties?.Name === 'string' ? res.Properties.Name : String(target);
          }),
        );
        fleet.push({
          name: String(r.Properties.StackSetName ?? id),
          template,
          path: `${pathOf(s.name, id, r).replace(/\/Resource$/, '')}/TemplateBody/`,
          ous,
          // CloudFormation propagates a StackSet's tags to its stack instances and the resources in them.
          tags: tagsOf(r, { account: s.account, region: s.region, resources: s.template.Resources ?? {}, stackName: s.name }, {}),
        });
      } catch {
        problems.push({ tenancy: NATIONAL_TENANCY, resource: pathOf(s.name, id, r), message: 'the StackSet template body is not JSON' });
      }
    }
  }

  const tenancies: TenancyAccount[] = [];
  for (const s of stacks) {
    const tenancy = s.tags[NPLZ_TAGS.tenancy];
    const environment = s.tags[NPLZ_TAGS.environment];
    if (!tenancy || tenancy === NATIONAL_TENANCY || !environment) continue;
    const top = s.tags[NPLZ_TAGS.force] === COLLABORATION_TAG_VALUE ? AWS_TENANCY_OUS.collaboration : AWS_TENANCY_OUS.force;
    const place: TemplatePlace = { account: s.account, region: s.region, resources: s.template.Resources ?? {}, stackName: s.name };
    const own = templateResources(s.name, s.template, place, '', s.tags);
    const reach = fleet.filter((f) => f.ous.includes(top));
    const fromFleet = reach.map((f) =>
      templateResources(
        stackSetInstanceName(f.name),
        f.template,
        {
          account: s.account,
          region: s.region,
          resources: f.template.Resources ?? {},
          stackName: stackSetInstanceName(f.name),
        },
        f.path,
        f.tags,
      ),
    );
    tenancies.push({
      tenancy,
      environment,
      account: s.account,
      region: s.region,
      stackName: s.name,
      levels: org.levels(s.account, [top, tenancy]),
      ...(own.boundary ? { boundary: own.boundary } : {}),
      roles: [...own.roles, ...fromFleet.flatMap((f) => f.roles)],
      keys: [...own.keys, ...fromFleet.flatMap((f) => f.keys)],
      buckets: [...own.buckets, ...fromFleet.flatMap((f) => f.buckets)],
      topics: [...own.topics, ...fromFleet.flatMap((f) => f.topics)],
      alertRules: [...own.alertRules, ...fromFleet.flatMap((f) => f.alertRules)],
      flowLogs: [...own.flowLogs, ...fromFleet.flatMap((f) => f.flowLogs)],
      fleetBaseline: reach.length > 0,
    });
  }

  let archive: NationalArchive | undefined;
  if (aws) {
    const held = stacks.filter((s) => s.account === aws.logArchiveAccount);
    const parts = held.map((s) =>
      templateResources(
        s.name,
        s.template,
        { account: s.account, region: s.region, resources: s.template.Resources ?? {}, stackName: s.name },
        '',
        s.tags,
      ),
    );
    const buckets = parts
      .flatMap((p) => p.buckets)
      .filter((b) => b.name.startsWith('nplz-log-archive-') || b.name.startsWith('nplz-config-archive-'));
    archive = {
      account: aws.logArchiveAccount,
      region: held[0]?.region ?? 'eu-west-2',
      levels: org.levels(aws.logArchiveAccount, ['Security']),
      buckets,
      keys: parts.flatMap((p) => p.keys),
    };
    // An archive the evaluation cannot find would otherwise be an archive nothing is asked of.
    if (!archive.buckets.length || !archive.keys.length)
      problems.push({
        tenancy: 'national',
        resource: aws.logArchiveAccount,
        message: `the log archive account ${aws.logArchiveAccount} holds ${archive.buckets.length} national archive buckets (nplz-log-archive-*, nplz-config-archive-*) and ${archive.keys.length} keys in the assembly, so what can be done to the archives cannot be evaluated; allowed: the archive buckets and key Nplz-LogArchive renders`,
      });
  }
  const security = aws
    ? { account: aws.auditAccount, region: archive?.region ?? 'eu-west-2', levels: org.levels(aws.auditAccount, ['Security']) }
    : undefined;
  // An account of no tenancy: where a decommissioning tenancy's account would be once the deploy plan moves it.
  const REPRESENTATIVE = '000000000000';
  const leaving = estate.tenancies
    .map((t) => t.spec)
    .filter((s) => s.aws && isDecommissioning(s))
    .flatMap((s) => Object.entries(s.aws?.accounts ?? {}).map(([environment, account]) => ({ tenancy: s.name, environment, account })));
  const suspended = aws
    ? {
        region: archive?.region ?? 'eu-west-2',
        accounts: (leaving.length ? leaving : [{ tenancy: NATIONAL_TENANCY, account: REPRESENTATIVE }]).map((a) => ({
          ...a,
          levels: org.levels(a.account, [SUSPENDED_OU_NAME]),
        })),
      }
    : undefined;
  return {
    organizationId: aws?.organizationId ?? '',
    tenancies,
    ...(archive ? { archive } : {}),
    ...(security ? { security } : {}),
    ...(suspended ? { suspended } : {}),
    nationalAccounts: aws ? [aws.logArchiveAccount, aws.auditAccount, aws.networkAccount] : [],
    problems,
  };
}
