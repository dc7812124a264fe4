import {
  Aspects,
  BootstraplessSynthesizer,
  CfnOutput,
  CfnResource,
  CfnWaitConditionHandle,
  DefaultStackSynthesizer,
  Stack,
  Stage,
} from 'aws-cdk-lib';
import {
  AWS_GLOBAL_EVENTS_DEPLOYMENT,
  AWS_NAMES,
  Baseline,
  Estate,
  forcesWithGroups,
  getBaseline,
  isDecommissioning,
  NplzError,
  owningForce,
  successorIds,
} from '@nplz/core';
import { GlobalEventForwarders } from './account-baseline';
import { AccountBaselineStackSet } from './account-baseline-stack-set';
import { ForceTenancy } from './force-tenancy';
import { ForceTenancyStack } from './force-tenancy-stack';
import { IdentityCenter } from './identity-center';
import { KeptTemplateStack, TenancyTemplateStore, tenancyTemplateKey } from './kept-templates';
import { LogArchive } from './log-archive';
import { NationalOrganization } from './national-organization';
import { NationalServices } from './national-services';
import { NetworkHub } from './network-hub';
import { SecurityHubDelegation, SecurityHubOrganization, SecurityTooling } from './security-tooling';
import { StackLimitChecks } from './stack-limits';
import { TenancyRouting } from './tenancy-routing';
import { nationalTags, tagStack } from './private/tags';
import { names } from './private/names';
import { tenancyEnvironment, usesAws } from './private/tenancy-environment';

/** The OUs the fleet StackSets (account baseline, global events) deploy to: every OU under the guardrails. */
export const FLEET_OUS = ['Security', 'Infrastructure', 'Forces', 'Collaborations', 'Sandbox'] as const;

/**
 * Stack id of a tenancy's Identity Center assignments (management account, home region): its
 * groups' on its accounts and the national SOC and auditor roles' on its accounts. A national
 * stack (national tags, deployed with the management account's credentials), one per AWS tenancy,
 * so that the identity stacks grow with the estate one tenancy at a time and stay within
 * CloudFormation's 500 resources per stack.
 */
export function tenancyIdentityStackId(tenancy: string): string {
  return AWS_NAMES.tenancyIdentityStack(tenancy);
}

/** Ids of the national stacks. */
export const NATIONAL_STACK_IDS = {
  organization: 'Nplz-Organization',
  /**
   * Management account: the permission sets, the national accounts' assignments and the force
   * attribute. Each AWS tenancy's assignments (its groups' and the national SOC and auditor
   * roles' on its accounts) are in its own stack, {@link tenancyIdentityStackId}.
   */
  identity: 'Nplz-Identity',
  logArchive: 'Nplz-LogArchive',
  security: 'Nplz-Security',
  /** Management account: the audit account made Security Hub delegated administrator, after its hub exists. */
  securityAdmin: 'Nplz-SecurityAdmin',
  /** Audit account: the Security Hub organisation configuration, once the audit account is administrator. */
  securityOrganization: 'Nplz-SecurityOrganization',
  network: 'Nplz-Network',
  /** Management account, us-east-1: its global service events' monitors (no service-managed StackSet reaches the management account). */
  managementGlobalEvents: 'Nplz-ManagementGlobalEvents',
  /** Followed by `-<n>`: the per-tenancy Transit Gateway route tables, sharded to stay within stack quotas. */
  networkRouting: 'Nplz-NetworkRouting',
} as const;

export interface NationalLandingZoneProps {
  /** The estate (from `loadEstateOrThrow`). Its national settings need an `aws` section. */
  readonly estate: Estate;
  /**
   * The deployed national services (a manifest): fills identifiers known only after deployment, such as the Transit Gateway id.
   * @default - values derived from the national settings; force stacks take the Transit Gateway id as a parameter
   */
  readonly services?: NationalServices;
  /**
   * Spoke attachment ids of deployed tenancy environments, by `<tenancy>/<environment>`.
   * @default - none: route tables and static routes only
   */
  readonly spokeAttachments?: Readonly<Record<string, string>>;
  /**
   * Roll the account baseline out with a StackSet to the Forces and Collaborations OUs (and leave it out of force stacks).
   * @default true
   */
  readonly fleetRollout?: boolean;
  /**
   * For a reading of the templates only (`nplz diff`): a tenancy environment whose stack inputs
   * ({@link tenancyTemplateKey}) have a kept template gets a {@link KeptTemplateStack} in its place
   * instead of being built, and the key of each stack that is built is in
   * {@link NationalLandingZoneStacks.tenancyTemplateKeys}, for `keepTenancyTemplates` after
   * synthesis. An assembly with kept stacks is not deployable and not auditable, and the key covers
   * the estate as this function builds it: see {@link tenancyTemplateKey} for what is never kept.
   * @default - every tenancy stack is built
   */
  readonly keptTemplates?: TenancyTemplateStore;
  /**
   * Tenancy environments per network routing stack (`Nplz-NetworkRouting-<n>`): an integer of at
   * least 1. A shard too large for CloudFormation's 500 resources per stack fails synthesis
   * ({@link StackLimitChecks}) naming the stack and its count.
   * @default 40
   */
  readonly routingShardSize?: number;
}

/** The stacks {@link addNationalLandingZone} created, and what it built them from. */
export interface NationalLandingZoneStacks {
  /** The national settings' baseline. */
  readonly baseline: Baseline;
  /** The national services the force stacks connect to. */
  readonly services: NationalServices;
  /** The national stacks: organisation, identity, each AWS tenancy's identity (in estate order), log archive, security, Security Hub administrator and organisation, the management account's us-east-1 global events, network, then the routing shards in order. */
  readonly nationalStacks: readonly Stack[];
  /** Each AWS tenancy's Identity Center assignments stack (`Nplz-Identity-<tenancy>`), by tenancy name; also in {@link nationalStacks}. */
  readonly identityStacks: ReadonlyMap<string, Stack>;
  /** One stack per tenancy environment, by stack id (`Force-<tenancy>-<environment>`); with `keptTemplates`, the ones built (the others are in {@link keptTenancyStacks}). */
  readonly tenancyStacks: ReadonlyMap<string, ForceTenancyStack>;
  /** Each tenancy stack's {@link ForceTenancy}, by the same stack id. */
  readonly tenancies: ReadonlyMap<string, ForceTenancy>;
  /** With `keptTemplates`: the stand-ins of the tenancy stacks not built, by stack id (not in {@link tenancyStacks}). */
  readonly keptTenancyStacks: ReadonlyMap<string, KeptTemplateStack>;
  /** With `keptTemplates`: the template key of each tenancy stack built, by stack id, to keep its template under after synthesis. */
  readonly tenancyTemplateKeys: ReadonlyMap<string, string>;
}

/** A default bootstrap role ARN of `account` in `region` (the CLI fills in the partition). */
function homeBootstrapRole(template: string, account: string, region: string): string {
  return template
    .replace('${Qualifier}', DefaultStackSynthesizer.DEFAULT_QUALIFIER)
    .replace(/\$\{AWS::AccountId\}/g, account)
    .replace('${AWS::Region}', region);
}
/**
 * Add the whole AWS estate to a Stage (an App is a Stage): the national stacks (organisation,
 * identity, each AWS tenancy's identity assignments, log archive, security tooling, network hub
 * and routing) and one {@link ForceTenancyStack} per tenancy environment, `Force-<tenancy>-<env>`.
 * Every stack carries the baseline's required tags as stack tags, and the stage gets
 * {@link StackLimitChecks}.
 *
 * The stacks are direct children of `stage`, not of a construct of their own: their ids are the
 * artifact ids and template file names in the stage's cloud assembly, and the roots of the
 * construct paths (`aws:cdk:path`) that exceptions and findings name. So this is a function that
 * returns what it added, not a construct (which would be an empty node beside the stacks) nor a
 * Stage (which would nest the assembly and move every artifact).
 */
export function addNationalLandingZone(stage: Stage, props: NationalLandingZoneProps): NationalLandingZoneStacks {
  const { estate } = props;
  const national = estate.national;
  const aws = national.aws;
  if (!aws) {
    throw NplzError.of({
      file: estate.nationalFile,
      path: 'aws',
      received: undefined,
      message: 'the national settings have no AWS section',
      allowed: 'an `aws` section with the organisation and national accounts',
    });
  }
  const shard = props.routingShardSize ?? 40;
  // 0 would add routing stacks for ever (i * 0 never reaches the count); a fraction adds one per fraction of an environment.
  if (!Number.isInteger(shard) || shard < 1) {
    throw NplzError.of({
      path: 'addNationalLandingZone.routingShardSize',
      // JSON (which describes the value in the message) would show NaN and Infinity as null.
      received: typeof shard === 'number' && !Number.isFinite(shard) ? String(shard) : shard,
      message: 'routingShardSize is not a whole number of tenancy environments per routing stack',
      allowed: 'an integer of at least 1 (default 40)',
    });
  }
  const baseline = getBaseline(national.baseline);
  const region = aws.region ?? baseline.regions.aws.home;
  const services = props.services ?? NationalServices.fromNationalSettings(national);
  const awsTenancies = estate.tenancies.map((t) => t.spec).filter(usesAws);
  const fleet = props.fleetRollout ?? true;

  const nTags = nationalTags(baseline, national);
  const nationalStack = (sid: string, account: string, description: string) => {
    const s = new Stack(stage, sid, { env: { account, region }, description, terminationProtection: true });
    tagStack(s, nTags);
    return s;
  };

  const orgStack = nationalStack(
    NATIONAL_STACK_IDS.organization,
    aws.managementAccount,
    `NPLZ organisation and guardrails (baseline ${baseline.version})`,
  );
  const forceIds = forcesWithGroups(
    awsTenancies.map(owningForce).filter((force) => force !== undefined),
    national.mergers,
  );
  const org = new NationalOrganization(orgStack, 'Organization', {
    baseline,
    organizationId: aws.organizationId,
    rootId: aws.rootId,
    forces: forceIds,
    successors: successorIds(national.mergers),
    // The national stacks deploy into these accounts with their CDK roles; the management account is outside every SCP.
    nationalAccounts: [aws.logArchiveAccount, aws.auditAccount, aws.networkAccount],
    // The national SOC tunes GuardDuty and Security Hub from the delegated administrator.
    securityAccount: aws.auditAccount,
  });
  // Every account's alerts are forwarded to the national SOC's bus; the SOC mailbox subscribes once, to the SOC topic.
  const socEventBusArn = `arn:aws:events:${region}:${aws.auditAccount}:event-bus/${AWS_NAMES.socEventBus}`;
  if (fleet) {
    new AccountBaselineStackSet(orgStack, 'AccountBaseline', {
      baseline,
      managementAccount: aws.managementAccount,
      configArchiveBucketName: services.configArchiveBucketName,
      // Every OU under the guardrails: the national accounts (Security, Infrastructure), forces,
      // collaborations and sandboxes. Service-managed StackSets never deploy to the management account.
      targetOrganizationalUnitIds: FLEET_OUS.map((ou) => org.ous[ou].attrId),
      socEventBusArn,
    });
  }
  new CfnOutput(orgStack, 'ForcesOuId', { value: org.ous.Forces.attrId });

  const idStack = nationalStack(
    NATIONAL_STACK_IDS.identity,
    aws.managementAccount,
    "NPLZ IAM Identity Center permission sets, the national accounts' assignments and the force attribute",
  );
  // Each tenancy's assignments in a stack of its own: adding or removing a tenancy adds or removes
  // that stack, and no assignment moves between stacks when another tenancy changes.
  const identityStacks = new Map<string, Stack>();
  new IdentityCenter(idStack, 'IdentityCenter', {
    baseline,
    instanceArn: aws.identityCenter.instanceArn,
    nationalAccounts: {
      management: aws.managementAccount,
      logArchive: aws.logArchiveAccount,
      audit: aws.auditAccount,
      network: aws.networkAccount,
    },
    nationalGroups: national.identity.groups,
    // A decommissioning tenancy's people lose their assignments (its accounts move to Suspended);
    // the national roles that reach every account keep theirs.
    tenancies: awsTenancies.map((t) => (isDecommissioning(t) ? { ...t, identity: { groups: {} } } : t)),
    tenancyAssignmentScope: (t) => {
      const s = nationalStack(
        tenancyIdentityStackId(t.name),
        aws.managementAccount,
        `NPLZ IAM Identity Center assignments of tenancy ${t.name}: its groups and the national SOC and auditor roles on its accounts`,
      );
      identityStacks.set(t.name, s);
      return s;
    },
  });
  // CloudFormation takes no template without resources, so a tenancy with no assignment (a
  // decommissioning tenancy when no national group reaches every account) keeps its stack with a
  // resource that does nothing: every AWS tenancy has its identity stack, and deploying it removes
  // the assignments it held.
  for (const s of identityStacks.values()) {
    if (!s.node.findAll().some((c) => c instanceof CfnResource)) new CfnWaitConditionHandle(s, 'NoAssignments');
  }

  const logStack = nationalStack(NATIONAL_STACK_IDS.logArchive, aws.logArchiveAccount, 'NPLZ central log archive');
  new LogArchive(logStack, 'LogArchive', {
    baseline,
    organizationId: aws.organizationId,
    bucketName: services.logArchiveBucketName,
    configBucketName: services.configArchiveBucketName,
    managementAccount: aws.managementAccount,
    // The trail is created by the audit account; AWS names an organisation trail by the management account.
    organizationTrailArns: [aws.managementAccount, aws.auditAccount].map(
      (account) => `arn:aws:cloudtrail:${region}:${account}:trail/${AWS_NAMES.organizationTrail}`,
    ),
  });

  // The archive buckets exist before anything delivers to them: the fleet StackSet's Config
  // channels (organisation stack) and the trail and Config of the audit account.
  orgStack.addStackDependency(logStack, 'the fleet Config channels deliver to the Config archive');
  const secStack = nationalStack(NATIONAL_STACK_IDS.security, aws.auditAccount, 'NPLZ security tooling (audit account)');
  secStack.addStackDependency(logStack, 'the organisation trail and Config deliver to the archives');
  new SecurityTooling(secStack, 'SecurityTooling', {
    baseline,
    organizationId: aws.organizationId,
    logArchiveBucketName: services.logArchiveBucketName,
    configArchiveBucketName: services.configArchiveBucketName,
    socEmail: national.soc.email,
    // With the fleet StackSet every account but the management account records (a service-managed
    // StackSet cannot target the management account), the audit account included, so this stack
    // must not record there too. Without it, only the audit account records.
    recordConfig: !fleet,
    configRuleExcludedAccounts: fleet ? [aws.managementAccount] : [aws.managementAccount, aws.logArchiveAccount, aws.networkAccount],
    // Nplz-SecurityOrganization's policy enables the standards in the audit account too, which it then centrally manages.
    standards: 'central-configuration',
  });
  // Organisation Config rules reach every account they do not exclude: their recorders come first.
  if (fleet) secStack.addStackDependency(orgStack, 'the organisation Config rules need the fleet StackSet recorders');

  // Designation after the audit account's detector and hub exist (designating enables both, and the
  // template's would then fail); the organisation configuration needs the designation.
  const secAdminStack = nationalStack(
    NATIONAL_STACK_IDS.securityAdmin,
    aws.managementAccount,
    'NPLZ security delegated administrators (management account)',
  );
  secAdminStack.addStackDependency(secStack, 'the audit account has its Security Hub before it is made administrator');
  new SecurityHubDelegation(secAdminStack, 'SecurityHubDelegation', { auditAccount: aws.auditAccount });
  const secOrgStack = nationalStack(
    NATIONAL_STACK_IDS.securityOrganization,
    aws.auditAccount,
    'NPLZ security organisation configuration (audit account, as delegated administrator)',
  );
  secOrgStack.addStackDependency(secAdminStack, 'only the Security Hub delegated administrator can configure the organisation');
  // The management account has no Config recorder (no StackSet reaches it): it stays self-managed.
  new SecurityHubOrganization(secOrgStack, 'SecurityHubOrganization', {
    baseline,
    rootId: aws.rootId,
    selfManagedAccounts: [aws.managementAccount],
  });

  // The management account's own global service events (IAM, Organizations, console sign-in, root
  // use) arrive on its us-east-1 default bus, and the global-events StackSet, service-managed,
  // never deploys there: the same forwarders, as a stack of the management account in us-east-1.
  const mgmtGlobalStack = new Stack(stage, NATIONAL_STACK_IDS.managementGlobalEvents, {
    env: { account: aws.managementAccount, region: AWS_GLOBAL_EVENTS_DEPLOYMENT.region },
    description: `NPLZ global service event monitors of the management account (${AWS_GLOBAL_EVENTS_DEPLOYMENT.region} only)`,
    terminationProtection: true,
    // No CDK bootstrap in us-east-1 (its bucket and repository would hold data outside the UK): the
    // stack has no assets, its template goes inline (under 51,200 bytes), with the home region's bootstrap roles (IAM is global).
    synthesizer: new BootstraplessSynthesizer({
      deployRoleArn: homeBootstrapRole(DefaultStackSynthesizer.DEFAULT_DEPLOY_ROLE_ARN, aws.managementAccount, region),
      cloudFormationExecutionRoleArn: homeBootstrapRole(
        DefaultStackSynthesizer.DEFAULT_CLOUDFORMATION_ROLE_ARN,
        aws.managementAccount,
        region,
      ),
    }),
  });
  tagStack(mgmtGlobalStack, nTags);
  new GlobalEventForwarders(mgmtGlobalStack, 'GlobalEvents', { socEventBusArn });
  mgmtGlobalStack.addStackDependency(secStack, 'the rules forward to the SOC bus of the audit account');

  const netStack = nationalStack(NATIONAL_STACK_IDS.network, aws.networkAccount, 'NPLZ network hub');
  const hub = new NetworkHub(netStack, 'NetworkHub', {
    baseline,
    hubCidr: aws.hubCidr,
    organizationId: aws.organizationId,
    managementAccount: aws.managementAccount,
    logArchiveBucketName: services.logArchiveBucketName,
    spokeRanges: awsTenancies.flatMap((t) => Object.values(t.aws.network)),
  });
  new CfnOutput(netStack, 'TransitGatewayId', { value: hub.transitGateway.attrId });

  const allEnvs = awsTenancies.flatMap((t) => t.environments.map((environment) => ({ tenancy: t.name, environment })));
  const routingStacks: Stack[] = [];
  for (let i = 0; i * shard < allEnvs.length; i++) {
    const rs = nationalStack(
      `${NATIONAL_STACK_IDS.networkRouting}-${i + 1}`,
      aws.networkAccount,
      `NPLZ per-tenancy Transit Gateway routing (${i + 1})`,
    );
    new TenancyRouting(rs, 'Routing', {
      transitGatewayId: hub.transitGateway.attrId,
      inspectionAttachmentId: hub.inspectionAttachment.attrId,
      inspectionRouteTableId: hub.inspectionRouteTable.attrTransitGatewayRouteTableId,
      hubCidr: aws.hubCidr,
      tenancies: awsTenancies,
      environments: allEnvs.slice(i * shard, (i + 1) * shard),
      attachments: props.spokeAttachments,
    });
    routingStacks.push(rs);
  }

  const tenancyStacks = new Map<string, ForceTenancyStack>();
  const tenancies = new Map<string, ForceTenancy>();
  const keptTenancyStacks = new Map<string, KeptTemplateStack>();
  const tenancyTemplateKeys = new Map<string, string>();
  /** Every tenancy stack, built or kept, by `<tenancy>/<environment>`. */
  const byEnvironment = new Map<string, Stack>();
  for (const spec of awsTenancies) {
    for (const environment of spec.environments) {
      const inputs = { spec, environment, services, includeAccountBaseline: !fleet };
      const key = props.keptTemplates ? tenancyTemplateKey(stage, inputs) : undefined;
      const kept = key === undefined ? undefined : props.keptTemplates?.get(key);
      let s: Stack;
      if (kept) {
        const { account, region } = tenancyEnvironment(`ForceTenancyStack(${spec.name})`, spec, environment);
        s = new KeptTemplateStack(
          stage,
          names.forceStack(spec.name, environment),
          { env: { account, region }, tags: kept.tags },
          kept.template,
        );
        keptTenancyStacks.set(s.node.id, s as KeptTemplateStack);
      } else {
        const built = new ForceTenancyStack(stage, inputs);
        tenancyStacks.set(built.node.id, built);
        tenancies.set(built.node.id, built.tenancy);
        if (key !== undefined) tenancyTemplateKeys.set(built.node.id, key);
        s = built;
      }
      // Deploy order, for `cdk deploy` and the deploy plan: the spoke attaches to the hub's Transit
      // Gateway, and the budget notifies the account alerts topic the fleet StackSet creates.
      s.addStackDependency(netStack, 'the spoke attaches to the hub Transit Gateway');
      if (fleet) s.addStackDependency(orgStack, 'the budget notifies the account alerts topic of the fleet StackSet');
      byEnvironment.set(`${spec.name}/${environment}`, s);
    }
  }
  // Second phase: a routing shard associates the attachments it is given, so it deploys after the
  // tenancy stacks that create them.
  routingStacks.forEach((rs, i) => {
    for (const { tenancy, environment } of allEnvs.slice(i * shard, (i + 1) * shard)) {
      if (props.spokeAttachments?.[`${tenancy}/${environment}`] === undefined) continue;
      const ts = byEnvironment.get(`${tenancy}/${environment}`);
      if (ts) rs.addStackDependency(ts, 'the routing associates the spoke attachment the tenancy stack creates');
    }
  });
  Aspects.of(stage).add(new StackLimitChecks());
  return {
    baseline,
    services,
    nationalStacks: [
      orgStack,
      idStack,
      ...identityStacks.values(),
      logStack,
      secStack,
      secAdminStack,
      secOrgStack,
      mgmtGlobalStack,
      netStack,
      ...routingStacks,
    ],
    identityStacks,
    tenancyStacks,
    tenancies,
    keptTenancyStacks,
    tenancyTemplateKeys,
  };
}
