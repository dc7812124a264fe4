import {
  defineTenancy,
  isCollaboration,
  isProductionEnvironment,
  NplzError,
  productionEnvironments,
  TenancySpecInput,
  tenancyClouds,
  tenancyForces,
  validateTenancy,
} from '../src';

const NOW = new Date('2026-11-22T00:00:00Z');

/** A valid single-force spec; each test changes one thing. */
function spec(overrides: Partial<TenancySpecInput> = {}): TenancySpecInput {
  return {
    name: 'dorset',
    force: 'dorset',
    baseline: '2026.11',
    classification: 'OFFICIAL-SENSITIVE',
    environments: ['prod'],
    aws: { accounts: { prod: '400000000001' }, network: { prod: '10.210.0.0/20' } },
    identity: { groups: { 'force-admin': { displayName: 'DORSET-ADMIN', awsGroupId: 'g-1' } } },
    tags: { 'cost-centre': 'dorset-it', 'data-owner': 'Dorset IAO' },
    ...overrides,
  };
}

const problemsOf = (input: unknown) => validateTenancy(input, { now: NOW }).problems;

describe('tenancy spec', () => {
  test('a valid spec is returned typed', () => {
    const t = defineTenancy(spec(), { now: NOW });
    expect(t.name).toBe('dorset');
    expect(tenancyForces(t)).toEqual(['dorset']);
    expect(tenancyClouds(t)).toEqual(['aws']);
    expect(isCollaboration(t)).toBe(false);
  });

  test('defineTenancy throws an NplzError listing every problem, not just the first', () => {
    let err: unknown;
    try {
      defineTenancy(spec({ force: 'nowhere', classification: 'SECRET', environments: ['prod', 'prod'] }), { now: NOW });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NplzError);
    const paths = (err as NplzError).problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['force', 'classification']));
  });

  test.each<[string, unknown, string, string]>([
    ['name', 'Dorset Police', 'name', 'is not a valid name'],
    ['name', 'a', 'name', 'is not a valid name'],
    ['name', 'x'.repeat(40), 'name', 'is not a valid name'],
    ['name', 42, 'name', 'expected a string'],
    ['force', 'dorsett', 'force', 'unknown force id "dorsett"'],
    ['baseline', '2026-11', 'baseline', 'is not a baseline version'],
    ['baseline', '2030.01', 'baseline', 'unknown baseline version "2030.01"'],
    ['classification', 'TOP_SECRET', 'classification', 'may not be handled in public cloud'],
    ['classification', 'official', 'classification', 'is not a Government Security Classification'],
    ['environments', [], 'environments', 'too small'],
    ['environments', ['PROD'], 'environments[0]', 'is not a valid environment name'],
    ['tags', { 'data-owner': 'x' }, 'tags.cost-centre', 'required tag "cost-centre" is missing'],
    ['tags', { 'cost-centre': '', 'data-owner': 'x' }, 'tags.cost-centre', 'tag value must be 1–256 characters'],
    ['identity', { groups: {} }, 'identity.groups.force-admin', 'names the group that administers it'],
    [
      'identity',
      { groups: { 'force-admin': { displayName: 'A' } } },
      'identity.groups.force-admin.awsGroupId',
      'needs its IAM Identity Center group id',
    ],
    ['budget', { monthlyGbp: 0, alertEmails: ['a@b.uk'] }, 'budget.monthlyGbp', 'too small'],
    ['collaborations', ['Bad Name'], 'collaborations[0]', 'is not a valid name'],
  ])('fails if %s is %p', (field, value, path, fragment) => {
    const problems = problemsOf({ ...spec(), [field]: value });
    const hit = problems.find((p) => p.path === path);
    expect(hit?.message ?? problems.map((p) => `${p.path}: ${p.message}`).join('\n')).toContain(fragment);
  });

  test.each<[string, unknown, string, string]>([
    ['accounts', { prod: '1234' }, 'aws.accounts.prod', 'is not an AWS account id'],
    ['accounts', {}, 'aws.accounts.prod', 'environment "prod" has no AWS account'],
    ['network', { prod: '10.208.0.0/12' }, 'aws.network.prod', '/12 is outside the range sizes'],
    ['network', { prod: '192.169.0.0/20' }, 'aws.network.prod', 'not in a private address range'],
    ['region', 'eu-west-1', 'aws.region', 'region eu-west-1 is outside the UK regions'],
  ])('fails if aws.%s is %p', (field, value, path, fragment) => {
    const s = spec();
    const problems = problemsOf({ ...s, aws: { ...s.aws!, [field]: value } });
    expect(problems.find((p) => p.path === path)?.message).toContain(fragment);
  });

  test('a collaboration names two or more distinct forces and joins no collaboration itself', () => {
    expect(problemsOf(spec({ force: undefined, forces: ['kent', 'essex'] }))).toEqual([]);
    expect(problemsOf(spec({ force: undefined, forces: ['kent', 'essex'], collaborations: ['x-y'] }))[0]?.message).toContain(
      'cannot itself join collaborations',
    );
  });

  test('every problem names the value received and what is allowed', () => {
    const [p] = problemsOf(spec({ classification: 'SECRET' }));
    expect(p).toMatchObject({ path: 'classification', received: 'SECRET', allowed: 'OFFICIAL or OFFICIAL-SENSITIVE' });
  });

  describe('production', () => {
    // environments [live, dev]; live is production because the spec says so
    const live = (production?: unknown) =>
      spec({
        environments: ['live', 'dev'],
        aws: { accounts: { live: '400000000001', dev: '400000000002' }, network: { live: '10.210.0.0/20', dev: '10.210.16.0/20' } },
        ...(production === undefined ? {} : { production: production as string[] }),
      });
    test('lists environments of the tenancy that are production; the name rule adds prod, production and prod<digits>', () => {
      const t = defineTenancy(live(['live']), { now: NOW });
      expect(t.production).toEqual(['live']);
      expect(productionEnvironments(t)).toEqual(['live']);
      expect(isProductionEnvironment(t, 'dev')).toBe(false);
    });
    test('`production: []` says none is: the name alone decides, and live is not production', () => {
      const t = defineTenancy(live([]), { now: NOW });
      expect(t.production).toEqual([]);
      expect(productionEnvironments(t)).toEqual([]);
    });
    test('omitted, an environment named as production is enough: prod, prod<digits> or production', () => {
      expect(productionEnvironments(defineTenancy(spec(), { now: NOW }))).toEqual(['prod']);
      for (const name of ['prod2', 'production'])
        expect(
          problemsOf(
            spec({
              environments: [name, 'dev'],
              aws: {
                accounts: { [name]: '400000000001', dev: '400000000002' },
                network: { [name]: '10.210.0.0/20', dev: '10.210.16.0/20' },
              },
            }),
          ),
        ).toEqual([]);
    });
    test('omitted with no environment named as production, the spec is refused: production is never absent by accident', () => {
      expect(problemsOf(live())).toEqual([
        {
          path: 'production',
          received: undefined,
          message:
            'no environment is production: name one prod, prod<n> or production, or list the production ones under `production`, or write `production: []` to say none is',
          allowed: 'an environment named prod, prod<digits> or production, or production: [<one of live, dev>, ...], or production: []',
          hint: 'e.g. production: [live] if live holds live data; production: [] for a tenancy with no production (a sandbox)',
        },
      ]);
      expect(() => defineTenancy(live(), { now: NOW })).toThrow('no environment is production');
    });
    test('it adds, never takes away: prod is production though the list names another environment', () => {
      const t = defineTenancy(
        spec({
          environments: ['prod', 'live'],
          aws: { accounts: { prod: '400000000001', live: '400000000002' }, network: { prod: '10.210.0.0/20', live: '10.210.16.0/20' } },
          production: ['live'],
        }),
        { now: NOW },
      );
      expect(productionEnvironments(t)).toEqual(['prod', 'live']);
    });
    test('an entry that is not one of the environments names the field, the value, what is allowed, and the nearest name', () => {
      expect(problemsOf(live(['lve']))).toEqual([
        {
          path: 'production[0]',
          received: 'lve',
          message: '"lve" is not one of the tenancy\'s environments',
          allowed: 'one of: live, dev',
          hint: 'did you mean "live"?',
        },
      ]);
      expect(problemsOf(live(['staging']))[0]).toMatchObject({
        path: 'production[0]',
        hint: 'add it to `environments` or remove this entry',
      });
    });
    test('an entry listed twice is refused', () => {
      expect(problemsOf(live(['live', 'live']))).toEqual([
        { path: 'production[1]', received: 'live', message: 'environment "live" is listed twice', allowed: 'distinct environment names' },
      ]);
    });
    test('an entry that is not an environment name is refused by the schema, and the rule does not repeat it', () => {
      const problems = problemsOf(live(['LIVE']));
      expect(problems.map((p) => p.path)).toEqual(['production[0]']);
      expect(problems[0]?.message).toContain('is not a valid environment name');
    });
  });

  describe('exceptions', () => {
    const ex = {
      control: 'NPLZ-NET-01',
      reason: 'A public bucket serves the force website while the CDN moves.',
      approvedBy: 'ciso@dorset.police.uk',
      expires: '2027-03-01',
      scope: { cloud: 'aws' as const },
    };
    test('a reasoned, approved, dated exception is accepted', () => {
      expect(problemsOf(spec({ exceptions: [ex] }))).toEqual([]);
    });
    test.each<[string, Record<string, unknown>, string]>([
      ['expired', { expires: '2026-11-21' }, 'expired 1 day(s) ago'],
      ['open-ended', { expires: '2028-01-01' }, 'allows at most 365'],
      ['reasonless', { reason: 'because' }, 'too short'],
      ['anonymous', { approvedBy: 'someone' }, 'is not an email address'],
      ['for an unknown control', { control: 'NPLZ-FOO-01' }, 'unknown control'],
      ['for a cloud the tenancy does not use', { scope: { cloud: 'azure' } }, 'does not use azure'],
    ])('fails if the exception is %s', (_, change, fragment) => {
      const problems = problemsOf(spec({ exceptions: [{ ...ex, ...change } as never] }));
      expect(problems.map((p) => p.message).join('\n')).toContain(fragment);
    });
  });
});
