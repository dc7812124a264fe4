import type * as pulumi from '@pulumi/pulumi';

/** The tenancy and environment a ForceLandingZone renders. */
export interface Attribution {
  readonly tenancy: string;
  readonly environment: string;
}

/**
 * Where a ForceLandingZone reports itself while a plan is being recorded, so the recorder can
 * attribute every resource under it. Outside a recording nothing listens and nothing is kept.
 */
export const attributionSink: { current?: (resource: pulumi.Resource, attribution: Attribution) => void } = {};

export function reportAttribution(resource: pulumi.Resource, attribution: Attribution): void {
  attributionSink.current?.(resource, attribution);
}
