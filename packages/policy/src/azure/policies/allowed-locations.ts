import { defineAzurePolicy } from '../define-policy';
import { str, isUnknown } from '../private/props';

/** Locations that are not regions: global services (DNS zones, Front Door) state `global`. */
export const NON_REGIONAL_LOCATIONS: readonly string[] = ['global'];

/** Azure spells locations case- and space-insensitively (`UK South` = `uksouth`). */
export function normaliseLocation(location: string): string {
  return location.toLowerCase().replace(/\s+/g, '');
}

/** NPLZ-RES-01: every Azure resource that states a location states a UK region the baseline allows. */
export const allowedLocations = defineAzurePolicy({
  name: 'allowed-locations',
  control: 'NPLZ-RES-01',
  resourceTypes: ['azure-native:*'],
  description: 'Azure resources are placed only in the UK regions the baseline allows',
  validate(props, { baseline }, report) {
    const location = str(props.location);
    if (location === undefined || isUnknown(location)) return;
    const n = normaliseLocation(location);
    if (NON_REGIONAL_LOCATIONS.includes(n)) return;
    const allowed = baseline.regions.azure.allowed;
    if (!allowed.includes(n))
      report(
        `location is ${JSON.stringify(location)}; allowed: one of ${allowed.join(', ')} (baseline ${baseline.version} regions.azure.allowed)`,
      );
  },
});
