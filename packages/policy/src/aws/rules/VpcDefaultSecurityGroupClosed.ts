import { AWS_NAMES } from '@nplz/core';
import type { AwsRule } from '../types';
import { fail, resourcesOfType } from '../private/cfn';

/** The custom resource types that remove a default security group's rules: NPLZ's, and CDK's `restrictDefaultSecurityGroup`. */
const CLOSERS = [AWS_NAMES.defaultSecurityGroupClosedType, 'Custom::VpcRestrictDefaultSG'];

/** True if `v` is `Fn::GetAtt` of the VPC's `DefaultSecurityGroup` (either form CloudFormation accepts). */
function isDefaultGroupOf(v: unknown, vpc: string): boolean {
  const att = (v as { 'Fn::GetAtt'?: unknown } | undefined)?.['Fn::GetAtt'];
  if (Array.isArray(att)) return att[0] === vpc && att[1] === 'DefaultSecurityGroup';
  return att === `${vpc}.DefaultSecurityGroup`;
}

export const VpcDefaultSecurityGroupClosed: AwsRule = {
  name: 'VpcDefaultSecurityGroupClosed',
  control: 'NPLZ-NET-02',
  resourceTypes: ['AWS::EC2::VPC'],
  info: "The VPC's default security group keeps its rules.",
  explanation: `AWS creates every VPC's default security group admitting all traffic from its members and sending anywhere, and CloudFormation cannot change it; anything launched without a group of its own gets it (Security Hub EC2.2, CIS AWS Foundations 5.4). Add a ${AWS_NAMES.defaultSecurityGroupClosedType} resource (or CDK's restrictDefaultSecurityGroup) with GroupId set to this VPC's DefaultSecurityGroup.`,
  evaluate(r, ctx) {
    const closed = CLOSERS.some((type) =>
      resourcesOfType(ctx, type).some(([, c]) => Object.values(c.Properties ?? {}).some((v) => isDefaultGroupOf(v, ctx.logicalId))),
    );
    return closed ? 'COMPLIANT' : fail("nothing in the stack removes the rules of this VPC's default security group");
  },
};
