import * as path from 'node:path';
import {
  AWS_NAMES,
  awsNamePattern,
  BASELINES,
  checkEstate,
  collaborationMembers,
  ControlException,
  ESTATE_RULE_CONTROLS,
  evaluateEstateRules,
  exceptionCovers,
  exceptionInScope,
  isCollaboration,
  isInternetSource,
  isReservedTagKey,
  isStatefulType,
  linkedTenancies,
  loadEstate,
  MANAGEMENT_GROUP_IDS,
  NPLZ_TAGS,
  tagKeyFor,
  tenancyConsents,
  type Estate,
  type TenancySpec,
} from '../src';

const SAMPLE = path.join(__dirname, '../../../examples/estate');
const NOW = new Date('2026-11-22T00:00:00Z');

function sample(): Estate {
  const r = loadEstate(SAMPLE, { now: NOW });
  if (!r.estate) throw new Error(r.problems.map((p) => p.message).join('\n'));
  return r.estate;
}
const spec = (e: Estate, name: string): TenancySpec => e.tenancies.find((t) => t.spec.name === name)!.spec;

describe('tag keys', () => {
  test('every published baseline fills its NPLZ-sourced tags under the contract keys', () => {
    for (const b of BASELINES)
      for (const source of ['force', 'tenancy', 'environment', 'classification', 'baseline'] as const)
        expect(tagKeyFor(b, source)).toBe(NPLZ_TAGS[source]);
  });

  test.each(['nplz:x', 'NPLZ:x', 'Nplz:Force', 'nPlZ:'])(
    '%s is reserved, in any letter case (Azure tag names are case-insensitive)',
    (k) => {
      expect(isReservedTagKey(k)).toBe(true);
    },
  );

  test.each(['cost-centre', 'nplz', 'nplz-x', 'x:nplz:'])('%s is not reserved', (k) => expect(isReservedTagKey(k)).toBe(false));
});

describe('internet sources', () => {
  test.each(['*', 'Any', 'any', 'Internet', 'INTERNET', '0.0.0.0/0', '::/0', ' 0.0.0.0/0 '])('%s is the internet', (s) =>
    expect(isInternetSource(s)).toBe(true),
  );
  test.each(['10.0.0.0/8', 'VirtualNetwork', 'AzureLoadBalancer', '0.0.0.0/1', '', undefined, 42])('%s is not', (s) =>
    expect(isInternetSource(s)).toBe(false),
  );
});

describe('stateful types and names', () => {
  test('the stateful lists hold data stores on both clouds and nothing that is not one', () => {
    expect(isStatefulType('aws', 'AWS::DynamoDB::GlobalTable')).toBe(true);
    expect(isStatefulType('aws', 'AWS::EC2::SecurityGroup')).toBe(false);
    expect(isStatefulType('azure', 'azure-native:keyvault:Vault')).toBe(true);
    expect(isStatefulType('azure', 'azure-native:network:NetworkSecurityGroup')).toBe(false);
  });

  test('a name pattern recognises any bucket named like the archive, whatever its account and region', () => {
    const re = awsNamePattern(AWS_NAMES.logArchiveBucket);
    expect(re.test(AWS_NAMES.logArchiveBucket('111111111111', 'eu-west-2'))).toBe(true);
    expect(re.test('nplz-log-archive-${AWS::AccountId}')).toBe(true);
    expect(re.test('nplz-config-archive-111111111111-eu-west-2')).toBe(false);
    expect(re.test('my-log-archive')).toBe(false);
    expect(re.test('my-nplz-log-archive-111111111111-eu-west-2')).toBe(false);
    expect(re.test('arn:aws:s3:::nplz-log-archive-111111111111-eu-west-2/flow-logs/')).toBe(true);
  });

  test('management-group ids hang off the root id', () => {
    expect(MANAGEMENT_GROUP_IDS.forces('nplz')).toBe('nplz-forces');
    expect(MANAGEMENT_GROUP_IDS.force('nplz', 'kent')).toBe('nplz-force-kent');
    expect(MANAGEMENT_GROUP_IDS.collaboration('nplz', 'kent-essex-its')).toBe('nplz-collab-kent-essex-its');
  });
});

describe('exception scope', () => {
  const ex = (scope: ControlException['scope']): ControlException => ({
    control: 'NPLZ-NET-02',
    reason: 'a reason long enough to be accepted by the baseline',
    approvedBy: 'ciso@kent.police.uk',
    expires: '2027-01-01',
    scope,
  });

  test('cloud, environment and resource pattern all narrow it', () => {
    const e = ex({ cloud: 'aws', environment: 'prod', resource: 'Spoke/Sg*' });
    expect(exceptionInScope(e, { cloud: 'aws', environment: 'prod', resource: 'Force-kent-prod/Spoke/SgWeb/Resource' })).toBe(true);
    expect(exceptionInScope(e, { cloud: 'azure', environment: 'prod', resource: 'Force-kent-prod/Spoke/SgWeb/Resource' })).toBe(false);
    expect(exceptionInScope(e, { cloud: 'aws', environment: 'nonprod', resource: 'Force-kent-prod/Spoke/SgWeb/Resource' })).toBe(false);
    expect(exceptionInScope(e, { cloud: 'aws', resource: 'Force-kent-prod/Spoke/SgWeb/Resource' })).toBe(false);
    expect(exceptionInScope(e, { cloud: 'aws', environment: 'prod', resource: 'Force-kent-prod/Data/Bucket' })).toBe(false);
    expect(exceptionInScope(e, { cloud: 'aws', environment: 'prod' })).toBe(false);
  });

  test('a question about a whole environment (an Azure exemption) ignores the resource pattern, never the cloud or environment', () => {
    const e = ex({ cloud: 'azure', environment: 'prod', resource: 'kent-prod-nsg' });
    expect(exceptionInScope(e, { cloud: 'azure', environment: 'prod', anyResource: true })).toBe(true);
    expect(exceptionInScope(e, { cloud: 'azure', environment: 'nonprod', anyResource: true })).toBe(false);
    expect(exceptionInScope(e, { cloud: 'aws', environment: 'prod', anyResource: true })).toBe(false);
  });

  test('covers adds the control to the scope', () => {
    const e = ex({ cloud: 'aws' });
    expect(exceptionCovers(e, { control: 'NPLZ-NET-02', cloud: 'aws' })).toBe(true);
    expect(exceptionCovers(e, { control: 'NPLZ-NET-01', cloud: 'aws' })).toBe(false);
  });
});

describe('collaboration membership and consent', () => {
  test('the sample collaboration links both members, and each member links the collaboration', () => {
    const e = sample();
    const specs = e.tenancies.map((t) => t.spec);
    const collab = spec(e, 'kent-essex-its');
    expect(collaborationMembers(collab, specs).map((m) => [m.force, m.status])).toEqual([
      ['kent', 'linked'],
      ['essex', 'linked'],
    ]);
    expect(linkedTenancies(collab, specs).map((t) => t.name)).toEqual(['essex', 'kent']);
    expect(linkedTenancies(spec(e, 'kent'), specs).map((t) => t.name)).toEqual(['kent-essex-its']);
    expect(linkedTenancies(spec(e, 'durham'), specs)).toEqual([]);
  });

  test('a member that does not consent, or has no tenancy, is not linked; a stray consent is named', () => {
    const e = sample();
    const specs = e.tenancies.map((t) => (t.spec.name === 'essex' ? { ...t.spec, collaborations: [] } : t.spec));
    const its = spec(e, 'kent-essex-its');
    if (!isCollaboration(its)) throw new Error('kent-essex-its is a collaboration');
    const collab: TenancySpec = { ...its, forces: ['kent', 'essex', 'surrey-not-a-tenancy'] };
    expect(collaborationMembers(collab, specs).map((m) => m.status)).toEqual(['linked', 'no-consent', 'no-tenancy']);
    const durham = { ...spec(e, 'durham'), collaborations: ['kent-essex-its', 'no-such'] };
    expect(tenancyConsents(durham, specs).map((c) => c.status)).toEqual(['not-a-member', 'no-collaboration']);
  });
});

describe('the estate-rule engine', () => {
  test('the sample estate: no problem for validate, a pass per control and tenancy for the audit', () => {
    const e = sample();
    const results = evaluateEstateRules(e, NOW);
    expect(checkEstate(e)).toEqual([]);
    expect(results.filter((r) => r.status === 'fail')).toEqual([]);
    for (const control of new Set(Object.values(ESTATE_RULE_CONTROLS))) {
      const tenancies = new Set(results.filter((r) => r.control === control).map((r) => r.tenancy));
      expect(tenancies.size).toBe(e.tenancies.length);
    }
  });

  test('one broken consent is a validation problem and a GOV-04 failure, from the same rule run', () => {
    const e = sample();
    const broken: Estate = {
      ...e,
      tenancies: e.tenancies.map((t) => (t.spec.name === 'essex' ? { ...t, spec: { ...t.spec, collaborations: [] } } : t)),
    };
    const results = evaluateEstateRules(broken, NOW);
    const gov04 = results.filter((r) => r.control === 'NPLZ-GOV-04' && r.status === 'fail');
    expect(gov04.map((r) => [r.tenancy, r.message])).toEqual([['kent-essex-its', 'no consent from: essex']]);
    const problems = checkEstate(broken);
    expect(problems.map((p) => [p.path, p.message])).toEqual([
      ['collaborations', 'force "essex" does not consent to collaboration "kent-essex-its", which names it as a member'],
    ]);
  });

  test('the same subscription GUID in another letter case is used twice', () => {
    const e = sample();
    const kent = spec(e, 'kent');
    const durham = spec(e, 'durham');
    const upper = kent.azure!.subscriptions.prod!.toUpperCase();
    const broken: Estate = {
      ...e,
      tenancies: e.tenancies.map((t) =>
        t.spec.name === 'durham'
          ? { ...t, spec: { ...durham, azure: { ...durham.azure!, subscriptions: { ...durham.azure!.subscriptions, prod: upper } } } }
          : t,
      ),
    };
    // durham's file is read first, so kent's (lower-case) id is the second use.
    expect(checkEstate(broken).map((p) => p.message)).toEqual([`${kent.azure!.subscriptions.prod} is already used by durham/prod`]);
  });
});
