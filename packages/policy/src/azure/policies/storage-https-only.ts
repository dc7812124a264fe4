import { defineAzurePolicy } from '../define-policy';
import { show } from '../private/props';
import { T } from '../private/types';

/** NPLZ-ENC-04: storage refuses plain HTTP when the baseline asks for HTTPS only. */
export const storageHttpsOnly = defineAzurePolicy({
  name: 'storage-https-only',
  control: 'NPLZ-ENC-04',
  resourceTypes: [T.storageAccount],
  description: 'Storage accounts accept HTTPS only (supportsHttpsTrafficOnly)',
  validate(props, { baseline }, report) {
    if (!baseline.guardrails.azure.httpsOnly) return;
    // enableHttpsTrafficOnly defaults to true; only an explicit false (or an odd value) fails.
    if (props.enableHttpsTrafficOnly !== undefined && props.enableHttpsTrafficOnly !== true) {
      report(
        `enableHttpsTrafficOnly is ${show(props.enableHttpsTrafficOnly)}; allowed: true (baseline ${baseline.version} guardrails.azure.httpsOnly)`,
      );
    }
  },
});
