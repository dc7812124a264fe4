import { NplzError } from '@nplz/core';
import { NationalServices } from '@nplz/aws';
import { sampleEstate } from './estate-helpers';

describe('NationalServices', () => {
  const services = NationalServices.fromNationalSettings(sampleEstate().national);

  test('the names a force needs are derived from the national settings without any deployment', () => {
    expect(services.manifest).toMatchObject({
      manifestVersion: 1,
      baseline: '2026.11',
      organizationId: 'o-nplzsample01',
      region: 'eu-west-2',
      managementAccount: '100000000001',
      logArchive: {
        account: '100000000002',
        bucketName: 'nplz-log-archive-100000000002-eu-west-2',
        keyAlias: 'alias/nplz/log-archive',
        configBucketName: 'nplz-config-archive-100000000002-eu-west-2',
      },
      network: { account: '100000000004', hubCidr: '10.0.0.0/16' },
    });
    expect(services.transitGatewayId).toBeUndefined();
  });

  test('a manifest round-trips through JSON', () => {
    const again = NationalServices.fromManifest(services.toJson());
    expect(again.manifest).toEqual(services.manifest);
  });

  test('a manifest written before the Config archive existed still names it, by the naming convention', () => {
    const { configBucketName: _omitted, ...logArchive } = services.manifest.logArchive;
    const old = NationalServices.fromManifest({ ...services.manifest, logArchive });
    expect(old.configArchiveBucketName).toBe('nplz-config-archive-100000000002-eu-west-2');
    expect(services.configArchiveBucketName).toBe('nplz-config-archive-100000000002-eu-west-2');
  });

  test('fails if fields are missing or invalid, naming every one', () => {
    const bad = {
      ...services.manifest,
      organizationId: 'org',
      logArchive: { account: '1', keyAlias: 'alias/x', configBucketName: 'Config Bucket' },
      network: { ...services.manifest.network, transitGatewayId: 'vpc-1' },
    };
    let err: NplzError | undefined;
    try {
      NationalServices.fromManifest(bad, 'national-services.json');
    } catch (e) {
      err = e as NplzError;
    }
    expect(err?.problems.map((p) => [p.path, p.received])).toEqual([
      ['organizationId', 'org'],
      ['logArchive.account', '1'],
      ['logArchive.bucketName', undefined],
      ['logArchive.configBucketName', 'Config Bucket'],
      ['network.transitGatewayId', 'vpc-1'],
    ]);
    expect(err?.message).toContain(
      'national-services.json › logArchive.bucketName: required field logArchive.bucketName is missing\n    received: (missing)\n    allowed:  an S3 bucket name',
    );
  });

  test('fails if the text is not JSON', () => {
    expect(() => NationalServices.fromManifest('{oops')).toThrow(/\(document\): the manifest is not JSON/);
  });
});
