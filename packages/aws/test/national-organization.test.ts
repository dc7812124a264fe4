import { Match, Template } from 'aws-cdk-lib/assertions';
import { AWS_GLOBAL_EVENTS_DEPLOYMENT, BASELINE_2026_11, BASELINES, getBaseline, NplzError } from '@nplz/core';
import { NationalOrganization, NationalOrganizationProps } from '@nplz/aws';
import { policySize, renderGuardrails } from '../src/private/guardrail-policies';
import { policyDenies, scpDenies, testStack, validationErrors } from './helpers';

const props: NationalOrganizationProps = {
  baseline: BASELINE_2026_11,
  organizationId: 'o-nplzsample01',
  rootId: 'r-nplz',
  forces: ['kent', 'essex'],
};

describe('NationalOrganization', () => {
  test('GIVEN two forces WHEN rendered THEN six top-level OUs under the root and one OU per force under Forces', () => {
    const stack = testStack();
    new NationalOrganization(stack, 'Org', props);
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Organizations::OrganizationalUnit', 8);
    for (const name of ['Security', 'Infrastructure', 'Forces', 'Collaborations', 'Sandbox', 'Suspended']) {
      t.hasResourceProperties('AWS::Organizations::OrganizationalUnit', { Name: name, ParentId: 'r-nplz' });
    }
    t.hasResourceProperties('AWS::Organizations::OrganizationalUnit', {
      Name: 'kent',
      ParentId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrgForces'), 'Id'] },
    });
  });

  test('GIVEN the baseline WHEN rendered THEN guardrails are SCPs, the data perimeter is an RCP and required tags a tag policy', () => {
    const stack = testStack();
    new NationalOrganization(stack, 'Org', props);
    const t = Template.fromStack(stack);
    const policies = Object.values(t.findResources('AWS::Organizations::Policy')).map(
      (r) => r.Properties as { Name: string; Type: string; Content: unknown; TargetIds: unknown[] },
    );
    expect(policies.map((p) => [p.Name, p.Type]).sort()).toEqual([
      ['nplz-backups', 'BACKUP_POLICY'],
      ['nplz-data-perimeter', 'RESOURCE_CONTROL_POLICY'],
      ['nplz-identity', 'SERVICE_CONTROL_POLICY'],
      ['nplz-protect-backups', 'SERVICE_CONTROL_POLICY'],
      ['nplz-protect-baseline', 'SERVICE_CONTROL_POLICY'],
      ['nplz-required-tags', 'TAG_POLICY'],
      ['nplz-suspended-deny-all', 'SERVICE_CONTROL_POLICY'],
      ['nplz-suspended-resources', 'RESOURCE_CONTROL_POLICY'],
      ['nplz-uk-regions-only', 'SERVICE_CONTROL_POLICY'],
    ]);
    const perimeter = policies.find((p) => p.Name === 'nplz-data-perimeter')!;
    expect(JSON.stringify(perimeter.Content)).toContain('"aws:PrincipalOrgID":"o-nplzsample01"');
    const tags = policies.find((p) => p.Name === 'nplz-required-tags')!.Content as { tags: Record<string, unknown> };
    expect(Object.keys(tags.tags)).toEqual(BASELINE_2026_11.requiredTags.map((x) => x.key));
  });

  describe('the region guardrail', () => {
    const region = renderGuardrails(BASELINE_2026_11, 'o-nplzsample01').find((g) => g.name === 'nplz-uk-regions-only')!;
    const statement = region.document.Statement[0]!;
    test.each([
      ['ec2:RunInstances', 'us-east-1', true],
      ['s3:CreateBucket', 'eu-west-1', true],
      ['ec2:RunInstances', 'eu-west-2', false],
      ['iam:CreateRole', 'us-east-1', false],
      ['sts:AssumeRole', 'us-east-1', false],
      ['cloudfront:CreateDistribution', 'us-east-1', false],
      ['route53:ChangeResourceRecordSets', 'us-east-1', false],
      ['support:CreateCase', 'us-east-1', false],
      ['budgets:ViewBudget', 'us-east-1', false],
      ['organizations:DescribeOrganization', 'us-east-1', false],
    ])('%s in %s: denied=%s', (action, requested, denied) => {
      expect(scpDenies(statement, { action, context: { 'aws:RequestedRegion': requested } })).toBe(denied);
    });
    test('allowed regions and global services come from the baseline', () => {
      // The global services, and the actions of the allowances (each denied outside its own region and resources by statements of its own).
      expect(statement.NotAction).toEqual([
        ...new Set([
          ...BASELINE_2026_11.regions.aws.globalServiceActions,
          ...BASELINE_2026_11.regionGuardrail.allowances.flatMap((a) => a.actions),
          ...AWS_GLOBAL_EVENTS_DEPLOYMENT.actions,
        ]),
      ]);
      expect(statement.Condition).toEqual({ StringNotEquals: { 'aws:RequestedRegion': ['eu-west-2'] } });
    });
  });

  describe("the region guardrail's us-east-1 allowances for CloudFront, by baseline", () => {
    const FORCE = '200000000171';
    const admin = `arn:aws:iam::${FORCE}:role/AWSReservedSSO_force-admin_0123456789abcdef`;
    const document = (version: string) =>
      renderGuardrails(getBaseline(version), 'o-nplzsample01').find((g) => g.name === 'nplz-uk-regions-only')!.document;
    const denied = (version: string, action: string, region: string, resource = '*') =>
      policyDenies(document(version), { action, resource, context: { 'aws:RequestedRegion': region, 'aws:PrincipalARN': admin } });
    const cert = (region: string) => `arn:aws:acm:${region}:${FORCE}:certificate/0123abcd-0123-4567-89ab-0123456789ab`;
    const globalAcl = `arn:aws:wafv2:us-east-1:${FORCE}:global/webacl/edge/0123abcd`;

    // A force importing its own CA's certificate for CloudFront (ACM in us-east-1 only); the
    // log delivery a CLOUDFRONT web ACL needs to log to an S3 bucket in the UK.
    test.each([
      ['2026.11', true],
      ['2027.02', true],
      ['2027.05', false],
    ])('%s: importing a certificate and creating the WAF log delivery in us-east-1, denied=%s', (version, expected) => {
      expect(denied(version, 'acm:ImportCertificate', 'us-east-1', cert('us-east-1'))).toBe(expected);
      expect(denied(version, 'acm:ImportCertificate', 'us-east-1')).toBe(expected);
      expect(denied(version, 'logs:CreateLogDelivery', 'us-east-1')).toBe(expected);
      expect(denied(version, 'logs:DeleteLogDelivery', 'us-east-1')).toBe(expected);
    });

    test.each(BASELINES.map((b) => b.version))('%s: what CloudFront already had stays allowed in us-east-1', (version) => {
      for (const [action, resource] of [
        ['acm:RequestCertificate', '*'],
        ['acm:DescribeCertificate', cert('us-east-1')],
        ['wafv2:CreateWebACL', globalAcl],
        ['wafv2:PutLoggingConfiguration', globalAcl],
        ['wafv2:DeleteLoggingConfiguration', globalAcl],
        ['wafv2:ListWebACLs', '*'],
      ] as const)
        expect([action, denied(version, action, 'us-east-1', resource)]).toEqual([action, false]);
    });

    test.each(BASELINES.map((b) => b.version))('%s: nothing else of these services, and nowhere else', (version) => {
      for (const [action, region, resource] of [
        // Key material out of ACM: CloudFront needs none.
        ['acm:ExportCertificate', 'us-east-1', cert('us-east-1')],
        // A log destination in us-east-1 (a WAF log group or Firehose stream must be in the web ACL's Region).
        ['logs:CreateLogGroup', 'us-east-1', `arn:aws:logs:us-east-1:${FORCE}:log-group:aws-waf-logs-edge`],
        ['logs:PutLogEvents', 'us-east-1', `arn:aws:logs:us-east-1:${FORCE}:log-group:aws-waf-logs-edge:log-stream:x`],
        ['firehose:CreateDeliveryStream', 'us-east-1', `arn:aws:firehose:us-east-1:${FORCE}:deliverystream/aws-waf-logs-edge`],
        ['s3:CreateBucket', 'us-east-1', 'arn:aws:s3:::aws-waf-logs-edge-us'],
        // A regional web ACL's logging in us-east-1, and the allowances outside their one region.
        ['wafv2:PutLoggingConfiguration', 'us-east-1', `arn:aws:wafv2:us-east-1:${FORCE}:regional/webacl/app/0123abcd`],
        ['acm:ImportCertificate', 'eu-west-1', cert('eu-west-1')],
        ['logs:CreateLogDelivery', 'eu-west-1', '*'],
      ] as const)
        expect([action, region, denied(version, action, region, resource)]).toEqual([action, region, true]);
    });

    test.each(BASELINES.map((b) => b.version))("%s: the UK bucket the WAF logs go to is the home region's to allow", (version) => {
      for (const action of ['s3:CreateBucket', 's3:GetBucketPolicy', 's3:PutBucketPolicy'])
        expect([action, denied(version, action, 'eu-west-2', 'arn:aws:s3:::aws-waf-logs-edge')]).toEqual([action, false]);
    });

    test.each(BASELINES.map((b) => b.version))('%s: the region guardrail fits the 5,120-character SCP quota', (version) => {
      expect(policySize(document(version))).toBeLessThanOrEqual(5120);
    });
  });

  describe('the protective guardrails cannot be switched off from a force account', () => {
    const FORCE = '200000000171';
    const AUDIT = '100000000003';
    const rendered = renderGuardrails(BASELINE_2026_11, 'o-nplzsample01', {
      nationalAccounts: ['100000000002', AUDIT, '100000000004'],
    });
    const protectOnly = rendered.find((g) => g.name === 'nplz-protect-baseline')!;
    // The exempt roles' own protection (and the boundary's) is in nplz-identity, beside the identity guardrails.
    const identity = rendered.find((g) => g.name === 'nplz-identity')!;
    const protect = {
      ...protectOnly,
      document: { ...protectOnly.document, Statement: [...protectOnly.document.Statement, ...identity.document.Statement] },
    };
    /** The bootstrap's execution role name (the bootstrap template's `cdk-<qualifier>-cfn-exec-role-<account>-<region>`). */
    const exec = (account: string) => `cdk-hnb659fds-cfn-exec-role-${account}-eu-west-2`;
    const role = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;
    const denied = (principal: string, action: string, resource?: string) =>
      policyDenies(protect.document, { action, ...(resource ? { resource } : {}), context: { 'aws:PrincipalARN': principal } });

    test.each([
      ['a CDK-named role in a force account', role(FORCE, 'cdk-x'), true],
      ["the force's own CDK bootstrap role", role(FORCE, exec(FORCE)), true],
      ['a force administrator', role(FORCE, 'AWSReservedSSO_force-admin_0123456789abcdef'), true],
      ['an NPLZ role', role(FORCE, 'nplz-account-settings'), false],
      ['the StackSets execution role', role(FORCE, 'stacksets-exec-0123456789abcdef'), false],
      ['the CDK execution role of a national account', role(AUDIT, exec(AUDIT)), false],
      ['a cdk-* role a national administrator made', role(AUDIT, 'cdk-mine'), true],
    ])('guardduty:DeleteDetector by %s (%s): denied=%s', (_who, principal, expected) => {
      expect(denied(principal, 'guardduty:DeleteDetector')).toBe(expected);
    });

    test('s3:PutAccountPublicAccessBlock is denied to a CDK-named role in a force account', () => {
      expect(denied(role(FORCE, exec(FORCE)), 's3:PutAccountPublicAccessBlock')).toBe(true);
    });

    const admin = role(FORCE, 'AWSReservedSSO_force-admin_0123456789abcdef');
    test.each([
      ['iam:CreateRole', 'nplz-mine'],
      ['iam:CreateRole', 'stacksets-exec-mine'],
      ['iam:TagRole', 'nplz-break-glass'],
      ['iam:UntagRole', 'nplz-break-glass'],
      ['iam:PassRole', 'nplz-account-settings'],
      ['iam:UpdateAssumeRolePolicy', 'stacksets-exec-0123456789abcdef'],
      ['iam:AttachRolePolicy', 'nplz-account-settings'],
    ])('denies a force administrator %s on role/%s', (action, name) => {
      expect(denied(admin, action, role(FORCE, name))).toBe(true);
    });

    test('a force administrator may still create and pass roles of its own', () => {
      expect(denied(admin, 'iam:CreateRole', role(FORCE, 'case-notes-reader'))).toBe(false);
      expect(denied(admin, 'iam:PassRole', role(FORCE, 'case-notes-reader'))).toBe(false);
    });

    test.each([
      ['s3:PutBucketPolicy', 'arn:aws:s3:::nplz-config-archive-100000000002-eu-west-2'],
      ['s3:DeleteObjectVersion', 'arn:aws:s3:::nplz-config-archive-100000000002-eu-west-2/config/AWSLogs/x.json.gz'],
      ['s3:PutLifecycleConfiguration', 'arn:aws:s3:::nplz-log-archive-100000000002-eu-west-2'],
      ['s3:PutBucketVersioning', 'arn:aws:s3:::nplz-config-archive-100000000002-eu-west-2'],
    ])('an administrator of the log archive account is denied %s on %s', (action, resource) => {
      const logAdmin = role('100000000002', 'AWSReservedSSO_national-platform-admin_0123456789abcdef');
      expect(denied(logAdmin, action, resource)).toBe(true);
      // The national deployment roles still manage the archives.
      expect(denied(role('100000000002', exec('100000000002')), action, resource)).toBe(false);
    });

    test('legal holds on the archives, and other buckets, stay allowed', () => {
      const logAdmin = role('100000000002', 'AWSReservedSSO_national-platform-admin_0123456789abcdef');
      expect(denied(logAdmin, 's3:PutObjectLegalHold', 'arn:aws:s3:::nplz-log-archive-100000000002-eu-west-2/x')).toBe(false);
      expect(denied(admin, 's3:PutBucketPolicy', 'arn:aws:s3:::kent-case-files')).toBe(false);
    });

    test('the StackSets execution role may create NPLZ roles', () => {
      expect(denied(role(FORCE, 'stacksets-exec-0123456789abcdef'), 'iam:CreateRole', role(FORCE, 'nplz-account-settings'))).toBe(false);
    });

    test('names only real IAM actions for the public access block (deleting it is authorised by the Put action)', () => {
      const actions = protect.document.Statement.flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action]));
      expect(actions).toContain('s3:PutAccountPublicAccessBlock');
      expect(actions).not.toContain('s3:DeleteAccountPublicAccessBlock');
    });

    test('no CDK role is exempt when no national account is named', () => {
      const doc = renderGuardrails(BASELINE_2026_11, 'o-nplzsample01').find((g) => g.name === 'nplz-protect-baseline')!.document;
      expect(JSON.stringify(doc)).not.toContain('cdk-');
    });

    test('the protective SCP attaches to the Security and Infrastructure OUs (where national accounts sit), so national CDK roles are named', () => {
      expect(protect.attachTo).toBe('workloads');
      expect(JSON.stringify(protect.document)).toContain(`arn:aws:iam::${AUDIT}:role/cdk-hnb659fds-cfn-exec-role-*`);
      expect(JSON.stringify(protect.document)).not.toContain(`arn:aws:iam::${AUDIT}:role/cdk-*"`);
      expect(JSON.stringify(protectOnly.document)).not.toContain('arn:aws:iam::*:role/cdk-');
    });
  });

  test("GIVEN a baseline with every guardrail off WHEN rendered THEN only the Suspended OU's SCP and RCP remain", () => {
    const off = {
      ...BASELINE_2026_11,
      guardrails: {
        ...BASELINE_2026_11.guardrails,
        aws: {
          ...BASELINE_2026_11.guardrails.aws,
          denyNonUkRegions: false,
          denyRootUser: false,
          denyIamUsersAndKeys: false,
          denyPublicS3: false,
          protectSecurityServices: false,
          denyLeaveOrganization: false,
          dataPerimeter: false,
          requireImdsV2: false,
        },
      },
    };
    expect(renderGuardrails(off, 'o-nplzsample01').map((g) => g.name)).toEqual(['nplz-suspended-deny-all', 'nplz-suspended-resources']);
  });

  test.each(BASELINES.map((b) => [b.version, b] as const))(
    'baseline %s: every SCP fits the Organizations size quota and synthesis passes',
    (_version, baseline) => {
      const stack = testStack();
      new NationalOrganization(stack, 'Org', { ...props, baseline });
      expect(validationErrors(stack)).toEqual([]);
    },
  );

  test('fails if a policy document exceeds 5,120 characters', () => {
    const stack = testStack();
    const big = {
      Version: '2012-10-17' as const,
      Statement: [{ Effect: 'Deny', Action: Array.from({ length: 400 }, (_, i) => `ec2:Action${i}`), Resource: '*' }],
    };
    new NationalOrganization(stack, 'Org', {
      ...props,
      additionalPolicies: [{ name: 'nplz-too-big', description: 'x', document: big, targets: ['Sandbox'] }],
    });
    const size = JSON.stringify(big).length;
    expect(validationErrors(stack).join('\n')).toContain(
      `Test/Org: policy "nplz-too-big" is ${size} characters; AWS Organizations allows at most 5120 per service control policy. Split it or shorten its statements.`,
    );
  });

  test('fails if an OU would carry more than 5 SCPs', () => {
    const stack = testStack();
    const doc = { Version: '2012-10-17' as const, Statement: [{ Effect: 'Deny', Action: 'ec2:CreateVpc', Resource: '*' }] };
    new NationalOrganization(stack, 'Org', {
      ...props,
      additionalPolicies: ['a', 'b'].map((n) => ({ name: `extra-${n}`, description: n, document: doc, targets: ['Forces' as const] })),
    });
    expect(validationErrors(stack).join('\n')).toContain(
      'Test/Org: OU Forces would have 7 policies of type SERVICE_CONTROL_POLICY (nplz-uk-regions-only, nplz-identity, nplz-protect-baseline, nplz-protect-backups, extra-a, extra-b and the AWS full-access policy); AWS Organizations allows at most 5 per target. Merge policies.',
    );
  });

  test.each([
    [
      { rootId: 'root' },
      'NationalOrganization.rootId: rootId is not an organisation root id\n    received: "root"\n    allowed:  r- followed by 4 to 32 lower-case letters or digits',
    ],
    [
      { organizationId: 'o-X' },
      'NationalOrganization.organizationId: organizationId is not an AWS Organizations id\n    received: "o-X"\n    allowed:  o- followed by 10 to 32 lower-case letters or digits',
    ],
    [
      { forces: ['kent', 'kent'] },
      'NationalOrganization.forces: force "kent" is listed twice\n    received: "kent"\n    allowed:  distinct force ids',
    ],
    [{ forces: ['kentt'] }, 'force: unknown force id "kentt"'],
    [
      { nationalAccounts: ['audit'] },
      'NationalOrganization.nationalAccounts: a national account is not an AWS account id\n    received: "audit"\n    allowed:  12 digits',
    ],
  ])('fails if %j', (patch, message) => {
    const stack = testStack();
    expect(() => new NationalOrganization(stack, 'Org', { ...props, ...patch })).toThrow(NplzError);
    expect(() => new NationalOrganization(testStack(), 'Org', { ...props, ...patch })).toThrow(message);
  });
});
