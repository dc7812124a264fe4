import { type AccessGranted, type MergerEvent, widenedBeyondSuccessor } from '../src';

/** Wessex (Dorset + Devon and Cornwall) as `nplz diff` describes it; grants shaped as the renderers and a careless change make them. */
const WESSEX: MergerEvent = {
  successor: 'wessex',
  name: 'Wessex Police',
  forces: ['dorset', 'devon-cornwall'],
  since: '2026-11-20',
  tenancies: ['dorset', 'devon-cornwall'],
  groups: ['00000000-0000-4a11-8000-000000000a01', '00000000-0000-4e1d-8000-000000000a01', '00000000-0000-4a11-8000-00000000005a'],
  nationalGroups: ['00000000-0000-4a11-8000-0000000dbba4'],
  awsAccounts: ['200000000091', '200000000081'],
  azureSubscriptions: ['00000000-0000-45b5-8000-00000000005B'],
  ranges: ['10.25.0.0/17', '10.73.0.0/17'],
  azureGroup: 'nplz-force-wessex',
  // Dorset's nonprod account, given to another tenancy in the head: still Wessex's to guard.
  formerAccounts: ['200000000092'],
  inheritedGroups: { '00000000-0000-4a11-8000-00000000005a': { was: "dorset's force-admin", targets: ['200000000091', '200000000092'] } },
};
const grant = (x: Partial<AccessGranted>): AccessGranted => ({
  cloud: 'aws',
  tenancy: 'national',
  resource: 'r',
  type: 'AWS::SSO::Assignment',
  message: 'm',
  ...x,
});

describe('access held to a merger’s successor', () => {
  test.each([
    ['its group on its account', { principal: '00000000-0000-4a11-8000-000000000A01', target: '200000000091' }],
    ['the national auditor on its account', { principal: '00000000-0000-4a11-8000-0000000dbba4', target: '200000000081' }],
    [
      'its group at its subscription, any letter case',
      {
        cloud: 'azure' as const,
        principal: '00000000-0000-4e1d-8000-000000000a01',
        target: '/subscriptions/00000000-0000-45b5-8000-00000000005b/resourceGroups/x',
      },
    ],
    ['a path inside its own ranges', { network: { from: '10.25.0.0/24', to: '10.73.0.0/17' } }],
    ['a role trusting a service', { type: 'AWS::IAM::Role', tenancy: 'dorset', principal: 'Service lambda.amazonaws.com' }],
    ['a role trusting a Wessex account', { type: 'AWS::IAM::Role', tenancy: 'dorset', principal: 'AWS arn:aws:iam::200000000081:root' }],
    ['Dorset’s old admin group on a Dorset account', { principal: '00000000-0000-4a11-8000-00000000005a', target: '200000000091' }],
  ])('%s stays within', (_n, g) => expect(widenedBeyondSuccessor(grant(g), WESSEX)).toBeUndefined());

  test.each([
    [
      'Surrey’s group on a Wessex account',
      { principal: '00000000-0000-4a11-8000-00000000002f', target: '200000000091' },
      /is not one of wessex's groups/,
    ],
    [
      'a Wessex group on Surrey’s account',
      { principal: '00000000-0000-4a11-8000-000000000a01', target: '200000000111' },
      /gains access outside wessex/,
    ],
    [
      'a Wessex group at the root management group',
      {
        cloud: 'azure' as const,
        principal: '00000000-0000-4e1d-8000-000000000a01',
        target: '/providers/Microsoft.Management/managementGroups/nplz',
      },
      /outside wessex/,
    ],
    [
      'a path from Wessex to another range',
      { network: { from: '10.73.0.0/17', to: '10.201.0.0/17' } },
      /joins successor wessex \(10\.73\.0\.0\/17\) and 10\.201/,
    ],
    ['a path that only starts inside Wessex', { network: { from: '10.25.0.0/16', to: '10.25.0.0/17' } }, /new network path/],
    ['a Transit Gateway propagation', { type: 'AWS::EC2::TransitGatewayRouteTablePropagation' }, /Transit Gateway/],
    [
      'a Wessex role trusting another account',
      { type: 'AWS::IAM::Role', tenancy: 'dorset', principal: 'AWS arn:aws:iam::200000000111:root' },
      /trusts AWS arn:aws:iam::200000000111/,
    ],
    [
      'a role trusting an ARN that only contains a Wessex account id',
      { type: 'AWS::IAM::Role', tenancy: 'dorset', principal: 'AWS arn:aws:iam::999999999999:role/x200000000091' },
      /trusts AWS arn:aws:iam::999999999999/,
    ],
    [
      'another force’s group on an account Dorset had in the base',
      { principal: '00000000-0000-4a11-8000-00000000008c', target: '200000000092' },
      /is not one of wessex's groups/,
    ],
    [
      'another group at the successor’s management group',
      {
        cloud: 'azure' as const,
        principal: '00000000-0000-4e1d-8000-00000000008c',
        target: '/providers/Microsoft.Management/managementGroups/nplz-force-wessex',
      },
      /is not one of wessex's groups/,
    ],
    [
      'a new peering of a Wessex spoke',
      {
        cloud: 'azure' as const,
        type: 'azure-native:network:VirtualNetworkPeering',
        tenancy: 'dorset',
        target: '/subscriptions/x/virtualNetworks/y',
      },
      /a new peering of successor wessex's network/,
    ],
    [
      'Dorset’s old admin group reaching Devon and Cornwall',
      { principal: '00000000-0000-4a11-8000-00000000005a', target: '200000000081' },
      /was dorset's force-admin before the merger; as one of wessex's groups it now reaches 200000000081/,
    ],
  ])('%s widens access', (_n, g, expected) => expect(widenedBeyondSuccessor(grant(g), WESSEX)).toMatch(expected));
});
