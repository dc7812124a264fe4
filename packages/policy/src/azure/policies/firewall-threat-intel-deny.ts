import { defineAzurePolicy } from '../define-policy';
import { show } from '../private/props';
import { T } from '../private/types';

/** NPLZ-NET-04: the hub firewall filters egress, not only logs it: threat intelligence denies. */
export const firewallThreatIntelDeny = defineAzurePolicy({
  name: 'firewall-threat-intel-deny',
  control: 'NPLZ-NET-04',
  resourceTypes: [T.firewallPolicy],
  description: 'Firewall policies deny traffic to and from known-malicious addresses',
  validate(props, _ctx, report) {
    if (props.threatIntelMode !== 'Deny') report(`threatIntelMode is ${show(props.threatIntelMode)}; allowed: "Deny"`);
  },
});
