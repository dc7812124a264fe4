import { defineAzurePolicy } from '../define-policy';
import { show, str } from '../private/props';
import { T } from '../private/types';

/** `TLS1_2` → 1.2; anything else → undefined. */
function tlsOf(v: string | undefined): number | undefined {
  const m = v === undefined ? null : /^TLS(\d)_(\d)$/.exec(v);
  return m ? Number(`${m[1]}.${m[2]}`) : undefined;
}

/** NPLZ-ENC-04: storage accounts state a minimum TLS version at or above the baseline's. */
export const storageMinimumTls = defineAzurePolicy({
  name: 'storage-minimum-tls',
  control: 'NPLZ-ENC-04',
  resourceTypes: [T.storageAccount],
  description: 'Storage accounts set minimumTlsVersion at or above the baseline minimum',
  validate(props, { baseline }, report) {
    const min = Number(baseline.encryption.minimumTlsVersion);
    const wanted = `TLS${baseline.encryption.minimumTlsVersion.replace('.', '_')}`;
    const got = tlsOf(str(props.minimumTlsVersion));
    if (got === undefined || got < min) {
      report(
        `minimumTlsVersion is ${show(props.minimumTlsVersion)}; allowed: ${wanted} or later (baseline ${baseline.version} encryption.minimumTlsVersion)`,
      );
    }
  },
});
