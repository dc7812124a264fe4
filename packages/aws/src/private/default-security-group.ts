import { CustomResource, Duration, Stack, Validations, aws_ec2 as ec2, aws_iam as iam, aws_lambda as lambda } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AWS_NAMES } from '@nplz/core';
import { acknowledgeGuardRule, defaultChildOf } from './acknowledge';

/**
 * Inline handler (no asset, like the account settings handler): removes every inbound and outbound
 * rule of the VPC's default security group, which AWS creates with "all traffic from members of
 * the group" in and "all traffic to anywhere" out, and which CloudFormation cannot change. On
 * delete it does nothing: the group goes with its VPC. It writes no logs (it has no log
 * permission): a failure comes back to CloudFormation as the resource's status reason.
 */
export const CLOSE_DEFAULT_SECURITY_GROUP_HANDLER = `
const { EC2Client, DescribeSecurityGroupsCommand, RevokeSecurityGroupIngressCommand, RevokeSecurityGroupEgressCommand } = require('@aws-sdk/client-ec2');
exports.handler = async (event) => {
  let status = 'SUCCESS';
  let reason = 'ok';
  const groupId = event.ResourceProperties.GroupId;
  try {
    if (event.RequestType !== 'Delete') {
      const ec2 = new EC2Client({});
      const out = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }));
      const group = out.SecurityGroups[0];
      if (group.IpPermissions.length) await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: group.IpPermissions }));
      if (group.IpPermissionsEgress.length) await ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: groupId, IpPermissions: group.IpPermissionsEgress }));
    }
  } catch (e) {
    status = 'FAILED';
    reason = String(e).slice(0, 500);
  }
  await fetch(event.ResponseURL, {
    method: 'PUT',
    body: JSON.stringify({
      Status: status, Reason: reason, PhysicalResourceId: 'nplz-default-sg-closed-' + groupId,
      StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId,
    }),
  });
};
`;

export interface DefaultSecurityGroupClosedProps {
  readonly vpc: ec2.CfnVPC;
  /** The boundary the handler's role carries (a force stack's local-assets boundary). @default - none */
  readonly permissionsBoundary?: iam.IManagedPolicy;
}

/**
 * Closes a VPC's default security group at deployment (Security Hub EC2.2, CIS 5.4): a custom
 * resource of type `AWS_NAMES.defaultSecurityGroupClosedType` with the group's id, backed by one
 * small inline Lambda that may revoke rules of that group only.
 */
export class DefaultSecurityGroupClosed extends Construct {
  public readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: DefaultSecurityGroupClosedProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const groupId = props.vpc.attrDefaultSecurityGroup;
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: "NPLZ: removes the rules of the VPC's default security group",
      ...(props.permissionsBoundary ? { permissionsBoundary: props.permissionsBoundary } : {}),
    });
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['ec2:RevokeSecurityGroupIngress', 'ec2:RevokeSecurityGroupEgress'],
        resources: [`arn:${stack.partition}:ec2:${stack.region}:${stack.account}:security-group/${groupId}`],
      }),
    );
    role.addToPolicy(new iam.PolicyStatement({ actions: ['ec2:DescribeSecurityGroups'], resources: ['*'] }));
    Validations.of(defaultChildOf(role.node.findChild('DefaultPolicy'))).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'ec2:DescribeSecurityGroups supports no resource ARN; the revokes are limited to the default group.',
    });
    const handler = new lambda.Function(this, 'Handler', {
      description: "NPLZ: removes the rules of the VPC's default security group",
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(CLOSE_DEFAULT_SECURITY_GROUP_HANDLER),
      timeout: Duration.minutes(1),
      role,
    });
    acknowledgeGuardRule(
      defaultChildOf(handler),
      'lambda_inside_vpc_check',
      'Runs only during deployment to call the EC2 API on the default security group; inside the VPC it would need the API through the egress allow-list.',
    );
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: handler.functionArn,
      resourceType: AWS_NAMES.defaultSecurityGroupClosedType,
      properties: { GroupId: groupId },
    });
    // The handler runs when the resource is created: its role's policy must be attached by then.
    this.resource.node.addDependency(role);
  }
}
