import { AWS_NAMES, type AwsTopLevelOu, type Estate, getBaseline, isDecommissioning, retentionEnd } from '@nplz/core';
import type { DeployPlanStep } from './deploy-plan';

/** The OU a decommissioning tenancy's accounts move to (its deny-all SCP locks them). */
export const SUSPENDED_OU: AwsTopLevelOu = 'Suspended';

/**
 * The deploy-plan steps that move each decommissioning tenancy's accounts to the Suspended OU.
 * No template does it: CloudFormation places an account only as an `AWS::Organizations::Account`,
 * which needs the account's name and e-mail and, for an account that exists, a resource import;
 * NPLZ references accounts by id. The step is run after the tenancy's identity stack
 * (`Nplz-Identity-<tenancy>`) has removed its people's assignments, and the audit checks that the plan records it for every account.
 */
export function decommissionSteps(estate: Estate): DeployPlanStep[] {
  const aws = estate.national.aws;
  if (!aws) return [];
  const suspended = `"$(aws organizations list-organizational-units-for-parent --parent-id ${aws.rootId} --query "OrganizationalUnits[?Name=='${SUSPENDED_OU}'].Id" --output text)"`;
  return estate.tenancies
    .map((t) => t.spec)
    .filter((s) => s.aws && isDecommissioning(s))
    .map((s) => ({
      id: `suspend-${s.name}`,
      title: `Move tenancy ${s.name}'s accounts to the ${SUSPENDED_OU} OU (decommissioning since ${s.lifecycle?.since})`,
      account: `${aws.managementAccount} (management)`,
      commands: Object.entries(s.aws?.accounts ?? {}).map(
        ([env, id]) =>
          `aws organizations move-account --account-id ${id} --source-parent-id "$(aws organizations list-parents --child-id ${id} --query 'Parents[0].Id' --output text)" --destination-parent-id ${suspended}   # ${s.name} ${env}`,
      ),
      why: `Its people's Identity Center assignments are gone once ${AWS_NAMES.tenancyIdentityStack(s.name)} deploys (it keeps the national SOC and auditor roles' on its accounts); in ${SUSPENDED_OU} the deny-all SCP also stops every role in the accounts but the national auditor's and SOC's Identity Center roles, which only read, so no principal there can change or delete the data key, flow logs or local assets until the evidence may go on ${retentionEnd(s, getBaseline(s.baseline))}. The fleet StackSet keeps its stacks there (RetainStacksOnAccountRemoval). What does not stop: expiry that AWS performs itself, so S3 lifecycle rules and recovery points' own lifecycle keep deleting on their schedule (the backup policy is attached to Forces and Collaborations only, so no new backups are taken, and the deny-all stops the Config recorder's and backup roles): copy anything to be kept beyond them before this step. Deploy the tenancy's own stacks before this step, not after.`,
    }));
}
