import { Fn } from 'aws-cdk-lib';

/** The physical names of the contract in @nplz/core, under the name the constructs use. */
export { AWS_NAMES as names } from '@nplz/core';

/**
 * The first `count` availability zones of the stack's region, resolved by CloudFormation
 * (`Fn::GetAZs`), so synthesis stays offline and no zone name is written into a template.
 */
export function availabilityZones(count: number): { readonly name: string; readonly label: string }[] {
  return Array.from({ length: count }, (_, i) => ({ name: Fn.select(i, Fn.getAzs()), label: `az${i + 1}` }));
}
