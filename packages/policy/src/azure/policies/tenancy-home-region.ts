import { defineAzurePolicy } from '../define-policy';
import { str, isUnknown } from '../private/props';
import { NON_REGIONAL_LOCATIONS, normaliseLocation } from './allowed-locations';

/**
 * NPLZ-RES-02: a tenancy's resources sit in the baseline's home region or its pair (the paired
 * region is where Azure fails over and where geo-redundant copies land).
 */
export const tenancyHomeRegion = defineAzurePolicy({
  name: 'tenancy-home-region',
  control: 'NPLZ-RES-02',
  resourceTypes: ['azure-native:*'],
  description: 'Tenancy resources are placed in the baseline home region or its pair',
  validate(props, { baseline, placement }, report) {
    if (!placement.tenancy) return;
    const location = str(props.location);
    if (location === undefined || isUnknown(location)) return;
    const n = normaliseLocation(location);
    if (NON_REGIONAL_LOCATIONS.includes(n)) return;
    const { home, pair } = baseline.regions.azure;
    if (n !== home && n !== pair) {
      report(
        `location is ${JSON.stringify(location)} in tenancy ${placement.tenancy}; allowed: ${home} (home) or ${pair} (pair) (baseline ${baseline.version} regions.azure)`,
      );
    }
  },
});
