import { Baseline, getBaseline, NplzError, TenancySpec } from '@nplz/core';

/** Where one environment of a tenancy lives on AWS, read from its validated spec. */
export interface TenancyEnvironment {
  readonly baseline: Baseline;
  readonly account: string;
  readonly region: string;
  /** The environment's spoke address range. */
  readonly range: string;
}

/**
 * The account, region and range of one environment of a tenancy, or an NplzError naming the
 * missing field. Shared by ForceTenancy (which checks its stack against it) and ForceTenancyStack
 * (which needs the env before its Stack exists), so both reject a bad spec with the same message;
 * `where` is the construct reporting, e.g. `ForceTenancy(kent)`. An empty account or range counts as
 * missing.
 */
export function tenancyEnvironment(where: string, spec: TenancySpec, environment: string): TenancyEnvironment {
  const fail = (path: string, received: unknown, message: string, allowed: string): never => {
    throw NplzError.of({ path: `${where}.${path}`, received, message, allowed });
  };
  const aws = spec.aws ?? fail('spec.aws', undefined, `tenancy "${spec.name}" has no aws section`, 'a tenancy that uses AWS');
  if (!spec.environments.includes(environment))
    fail(
      'environment',
      environment,
      `"${environment}" is not one of the tenancy's environments`,
      `one of: ${spec.environments.join(', ')}`,
    );
  const account =
    aws.accounts[environment] ||
    fail(`spec.aws.accounts.${environment}`, undefined, 'no account for this environment', 'a 12-digit AWS account id');
  const range =
    aws.network[environment] ||
    fail(`spec.aws.network.${environment}`, undefined, 'no address range for this environment', 'a private IPv4 CIDR');
  const baseline = getBaseline(spec.baseline);
  return { baseline, account, range, region: aws.region ?? baseline.regions.aws.home };
}

/** A tenancy spec with an `aws` section. */
export type AwsTenancySpec = TenancySpec & { readonly aws: NonNullable<TenancySpec['aws']> };

/** True for a tenancy that uses AWS. */
export function usesAws(spec: TenancySpec): spec is AwsTenancySpec {
  return spec.aws !== undefined;
}
