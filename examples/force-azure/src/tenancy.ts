import { defineTenancy } from '@nplz/core';

/** Surrey Police's tenancy on Azure, validated against its pinned baseline when this module loads. */
export const tenancy = defineTenancy({
  name: 'surrey',
  force: 'surrey',
  description: 'Surrey Police landing zone tenancy',
  baseline: '2026.11',
  classification: 'OFFICIAL-SENSITIVE',
  environments: ['prod', 'nonprod'],
  azure: {
    subscriptions: { prod: '00000000-0000-45b5-8000-000000000137', nonprod: '00000000-0000-45b5-8000-000000000138' },
    network: { prod: '10.95.0.0/17', nonprod: '10.95.128.0/17' },
  },
  identity: {
    groups: {
      'force-admin': { displayName: 'SURREY-NPLZ-ADMIN', entraObjectId: '00000000-0000-4e1d-8000-000000000136' },
      'force-developer': { displayName: 'SURREY-NPLZ-DEVELOPER', entraObjectId: '00000000-0000-4e1d-8000-000000000137' },
      'force-readonly': { displayName: 'SURREY-NPLZ-READONLY', entraObjectId: '00000000-0000-4e1d-8000-000000000138' },
      'force-security': { displayName: 'SURREY-NPLZ-SECURITY', entraObjectId: '00000000-0000-4e1d-8000-000000000139' },
    },
  },
  tags: {
    'cost-centre': 'surrey-digital',
    'data-owner': 'Surrey information asset owner',
    'service-owner': 'Surrey head of digital services',
  },
  budget: { monthlyGbp: 8000, alertEmails: ['cloud-finance@surrey.police.uk'] },
  localAssets: { resourceGroups: ['surrey-crime-analytics'] },
});
