import { RemovalPolicy, Token, aws_organizations as organizations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Baseline, getForce, NplzError, AWS_TOP_LEVEL_OUS, type AwsTopLevelOu } from '@nplz/core';
import { renderBackupPolicy } from './backup-vault';
import { AWS_LIMITS } from './private/limits';
import { PolicyDocumentJson, policySize, renderGuardrails, renderTagPolicy } from './private/guardrail-policies';

/** The top-level organisational units NPLZ creates under the organisation root (the contract's list). */
export const TOP_LEVEL_OUS = AWS_TOP_LEVEL_OUS;
export type TopLevelOu = AwsTopLevelOu;

/** An extra service control policy a national team adds beside the baseline's. */
export interface AdditionalGuardrail {
  /** Policy name, unique in the organisation. */
  readonly name: string;
  readonly description: string;
  readonly document: PolicyDocumentJson;
  /** Top-level OUs it attaches to. */
  readonly targets: readonly TopLevelOu[];
  /**
   * Policy type.
   * @default 'SERVICE_CONTROL_POLICY'
   */
  readonly type?: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';
}

export interface NationalOrganizationProps {
  /** The baseline whose guardrails are rendered. */
  readonly baseline: Baseline;
  /** AWS Organizations id, `o-...`: the data perimeter admits only its principals. */
  readonly organizationId: string;
  /** The organisation root id, `r-...`, under which the OUs are created. */
  readonly rootId: string;
  /** Force ids from the registry, or successors of `successors`: one OU each under Forces. */
  readonly forces: readonly string[];
  /**
   * Successor force ids the national settings' mergers declare: accepted in `forces` beside the registry's.
   * @default - none
   */
  readonly successors?: readonly string[];
  /**
   * The national accounts inside the guardrailed OUs (log archive, audit, network): their CDK
   * deployment roles deploy the national stacks, so only there are `cdk-*` roles exempt from the
   * protective guardrails. The management account needs no exemption (SCPs never apply to it).
   * @default - none: CDK roles are exempt nowhere
   */
  readonly nationalAccounts?: readonly string[];
  /**
   * The security (audit) account, from which the national SOC tunes GuardDuty filters and Security
   * Hub controls as delegated administrator: its principals are exempt from that one guardrail.
   * @default - none: only the exempt roles may tune detection
   */
  readonly securityAccount?: string;
  /**
   * Extra policies beside the baseline's (checked against the same quotas).
   * @default - none
   */
  readonly additionalPolicies?: readonly AdditionalGuardrail[];
}

/**
 * The organisation's OU hierarchy and its guardrails: service control policies, resource
 * control policies and a tag policy, all rendered from the baseline. Policy size and the
 * number of policies per target are checked at synthesis, not discovered at deployment.
 */
export class NationalOrganization extends Construct {
  /** Top-level OUs by name. */
  public readonly ous: Readonly<Record<TopLevelOu, organizations.CfnOrganizationalUnit>>;
  /** One OU per force under Forces, by force id. */
  public readonly forceOus: ReadonlyMap<string, organizations.CfnOrganizationalUnit>;
  /** Every policy created, by name. */
  public readonly policies: ReadonlyMap<string, organizations.CfnPolicy>;

  constructor(scope: Construct, id: string, props: NationalOrganizationProps) {
    super(scope, id);
    validate(props);
    // An OU holds accounts and policy attachments: removing it from the code must not remove it
    // from the organisation (NPLZ-RET-02 counts OUs as stateful, see STATEFUL_RESOURCE_TYPES).
    const ou = (cid: string, name: string, parentId: string) => {
      const unit = new organizations.CfnOrganizationalUnit(this, cid, { name, parentId });
      unit.applyRemovalPolicy(RemovalPolicy.RETAIN);
      return unit;
    };
    const ous = {} as Record<TopLevelOu, organizations.CfnOrganizationalUnit>;
    for (const name of TOP_LEVEL_OUS) ous[name] = ou(name, name, props.rootId);
    this.ous = ous;
    const forceOus = new Map<string, organizations.CfnOrganizationalUnit>();
    for (const f of props.forces) forceOus.set(f, ou(`Force-${f}`, f, ous.Forces.attrId));
    this.forceOus = forceOus;

    const workloads: TopLevelOu[] = ['Security', 'Infrastructure', 'Forces', 'Collaborations', 'Sandbox'];
    const policies = new Map<string, organizations.CfnPolicy>();
    const attachments = new Map<string, { ou: TopLevelOu; type: string; policies: string[] }>();
    const add = (name: string, description: string, type: string, content: unknown, targets: readonly TopLevelOu[], cid: string) => {
      const policy = new organizations.CfnPolicy(this, cid, {
        name,
        description,
        type,
        content,
        targetIds: targets.map((t) => ous[t].attrId),
      });
      policies.set(name, policy);
      for (const t of targets) {
        const key = `${t}/${type}`;
        const a = attachments.get(key) ?? { ou: t, type, policies: [] };
        a.policies.push(name);
        attachments.set(key, a);
      }
      // Tag and backup policies are management policies, with their own size limits (the backup policy checks its own).
      if (type !== 'TAG_POLICY' && type !== 'BACKUP_POLICY') {
        this.node.addValidation({
          validate: () => {
            const size = policySize(content);
            return size > AWS_LIMITS.policyDocumentChars
              ? [
                  `${this.node.path}: policy "${name}" is ${size} characters; AWS Organizations allows at most ${AWS_LIMITS.policyDocumentChars} per ${type === 'SERVICE_CONTROL_POLICY' ? 'service' : 'resource'} control policy. Split it or shorten its statements.`,
                ]
              : [];
          },
        });
      }
    };
    for (const g of renderGuardrails(props.baseline, props.organizationId, {
      nationalAccounts: props.nationalAccounts,
      securityAccount: props.securityAccount,
    })) {
      add(g.name, g.description, g.type, g.document, g.attachTo === 'suspended' ? ['Suspended'] : workloads, policyId(g.name));
    }
    for (const extra of props.additionalPolicies ?? []) {
      add(extra.name, extra.description, extra.type ?? 'SERVICE_CONTROL_POLICY', extra.document, extra.targets, policyId(extra.name));
    }
    add(
      'nplz-required-tags',
      `Baseline ${props.baseline.version}: the spelling of every required tag key.`,
      'TAG_POLICY',
      renderTagPolicy(props.baseline),
      ['Forces', 'Collaborations', 'Security', 'Infrastructure'],
      'TagPolicy',
    );
    // Where the fleet StackSet deploys the vault and role its plans need.
    add(
      'nplz-backups',
      `Baseline ${props.baseline.version}: daily backups of resources tagged ${props.baseline.backup.enrolmentTag} to the locked vault.`,
      'BACKUP_POLICY',
      renderBackupPolicy(props.baseline),
      ['Forces', 'Collaborations'],
      'BackupPolicy',
    );
    this.policies = policies;

    this.node.addValidation({
      validate: () => {
        const errors: string[] = [];
        for (const a of attachments.values()) {
          if (a.type === 'TAG_POLICY' || a.type === 'BACKUP_POLICY') continue;
          // AWS attaches FullAWSAccess / RCPFullAWSAccess to every target; it counts towards the quota.
          const count = a.policies.length + 1;
          if (count > AWS_LIMITS.policiesPerTarget) {
            errors.push(
              `${this.node.path}: OU ${a.ou} would have ${count} policies of type ${a.type} (${a.policies.join(', ')} and the AWS full-access policy); AWS Organizations allows at most ${AWS_LIMITS.policiesPerTarget} per target. Merge policies.`,
            );
          }
        }
        return errors;
      },
    });
  }
}

function policyId(name: string): string {
  return name
    .replace(/^nplz-/, '')
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

function validate(props: NationalOrganizationProps): void {
  if (!Token.isUnresolved(props.rootId) && !/^r-[0-9a-z]{4,32}$/.test(props.rootId)) {
    throw NplzError.of({
      path: 'NationalOrganization.rootId',
      received: props.rootId,
      message: 'rootId is not an organisation root id',
      allowed: 'r- followed by 4 to 32 lower-case letters or digits',
    });
  }
  if (!Token.isUnresolved(props.organizationId) && !/^o-[a-z0-9]{10,32}$/.test(props.organizationId)) {
    throw NplzError.of({
      path: 'NationalOrganization.organizationId',
      received: props.organizationId,
      message: 'organizationId is not an AWS Organizations id',
      allowed: 'o- followed by 10 to 32 lower-case letters or digits',
    });
  }
  for (const a of props.nationalAccounts ?? []) {
    if (!Token.isUnresolved(a) && !/^\d{12}$/.test(a)) {
      throw NplzError.of({
        path: 'NationalOrganization.nationalAccounts',
        received: a,
        message: 'a national account is not an AWS account id',
        allowed: '12 digits',
      });
    }
  }
  for (const f of props.forces) if (!props.successors?.includes(f)) getForce(f);
  const dup = props.forces.find((f, i) => props.forces.indexOf(f) !== i);
  if (dup) {
    throw NplzError.of({
      path: 'NationalOrganization.forces',
      received: dup,
      message: `force "${dup}" is listed twice`,
      allowed: 'distinct force ids',
    });
  }
}
