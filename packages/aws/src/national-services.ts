import { Baseline, getBaseline, NationalSettings, NplzError, Problem, nationalArchiveNames } from '@nplz/core';
import { names } from './private/names';

/** The identifiers a force's own CDK app needs from the national platform, as JSON. */
export interface NationalServicesManifest {
  /** Manifest format version. */
  readonly manifestVersion: 1;
  /** The baseline the national platform runs. */
  readonly baseline: string;
  readonly organizationId: string;
  readonly region: string;
  readonly managementAccount: string;
  readonly logArchive: {
    readonly account: string;
    /** The object-locked archive: CloudTrail, VPC flow logs, Network Firewall logs. */
    readonly bucketName: string;
    readonly keyAlias: string;
    /**
     * AWS Config's delivery bucket (Config cannot deliver to a bucket with Object Lock enabled).
     * Optional for manifests written before it existed.
     * @default - `nplz-config-archive-<log archive account>-<region>`
     */
    readonly configBucketName?: string;
  };
  readonly security: { readonly account: string };
  readonly network: {
    readonly account: string;
    readonly hubCidr: string;
    /** Known once the network stack is deployed. */
    readonly transitGatewayId?: string;
  };
  /** Known once the organisation stack is deployed: OU ids by name (`Forces`, `Forces/<force>`, ...). */
  readonly organizationalUnits?: Readonly<Record<string, string>>;
  /** The national SOC's alert address. */
  readonly socEmail: string;
}

/**
 * The national services a force tenancy connects to. National stacks publish these values; a
 * force's own app reads them with {@link NationalServices.fromManifest} and synthesises on its own,
 * without CloudFormation exports (forces are separate accounts).
 */
export class NationalServices {
  /**
   * Read a manifest (a parsed object or JSON text).
   * @throws NplzError naming every missing or invalid field
   */
  public static fromManifest(manifest: unknown, file?: string): NationalServices {
    let data: unknown = manifest;
    if (typeof manifest === 'string') {
      try {
        data = JSON.parse(manifest);
      } catch (e) {
        throw NplzError.of({
          file,
          path: '',
          received: manifest.slice(0, 60),
          message: `the manifest is not JSON: ${(e as Error).message}`,
          allowed: 'a JSON national services manifest',
        });
      }
    }
    const problems: Problem[] = [];
    const at = (path: string): unknown =>
      path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), data);
    const need = (path: string, re: RegExp, allowed: string, optional = false) => {
      const v = at(path);
      if (v === undefined && optional) return;
      if (typeof v !== 'string' || !re.test(v))
        problems.push({
          file,
          path,
          received: v,
          message: v === undefined ? `required field ${path} is missing` : `${path} is not valid`,
          allowed,
        });
    };
    if (at('manifestVersion') !== 1)
      problems.push({
        file,
        path: 'manifestVersion',
        received: at('manifestVersion'),
        message: 'unsupported manifest version',
        allowed: '1',
      });
    const account = /^\d{12}$/;
    need('baseline', /^\d{4}\.(0[1-9]|1[0-2])$/, 'a baseline version such as 2026.11');
    need('organizationId', /^o-[a-z0-9]{10,32}$/, 'o- followed by 10 to 32 lower-case letters or digits');
    need('region', /^[a-z]{2}-[a-z]+-\d$/, 'an AWS region such as eu-west-2');
    need('managementAccount', account, 'a 12-digit AWS account id');
    need('logArchive.account', account, 'a 12-digit AWS account id');
    need('logArchive.bucketName', /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name');
    need('logArchive.configBucketName', /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name', true);
    need('logArchive.keyAlias', /^alias\/[\w/-]+$/, 'a KMS alias such as alias/nplz/log-archive');
    need('security.account', account, 'a 12-digit AWS account id');
    need('network.account', account, 'a 12-digit AWS account id');
    need('network.hubCidr', /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, 'an IPv4 CIDR such as 10.0.0.0/16');
    need('network.transitGatewayId', /^tgw-[0-9a-f]{8,17}$/, 'tgw- followed by 8 to 17 hex digits', true);
    need('socEmail', /^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'an email address');
    if (problems.length) throw new NplzError(problems);
    return new NationalServices(data as NationalServicesManifest);
  }

  /** The values known before any deployment: deterministic names from the national settings. */
  public static fromNationalSettings(national: NationalSettings): NationalServices {
    const aws = national.aws;
    const archives = nationalArchiveNames(national);
    if (!aws || !archives) {
      throw NplzError.of({
        path: 'aws',
        received: undefined,
        message: 'the national settings have no AWS section',
        allowed: 'an `aws` section with the national accounts',
      });
    }
    const baseline: Baseline = getBaseline(national.baseline);
    const region = archives.region;
    return new NationalServices({
      manifestVersion: 1,
      baseline: baseline.version,
      organizationId: aws.organizationId,
      region,
      managementAccount: aws.managementAccount,
      logArchive: {
        account: aws.logArchiveAccount,
        bucketName: archives.logArchiveBucket,
        keyAlias: names.logArchiveKeyAlias,
        configBucketName: archives.configArchiveBucket,
      },
      security: { account: aws.auditAccount },
      network: { account: aws.networkAccount, hubCidr: aws.hubCidr },
      socEmail: national.soc.email,
    });
  }

  private constructor(public readonly manifest: NationalServicesManifest) {}

  public get logArchiveBucketName(): string {
    return this.manifest.logArchive.bucketName;
  }
  public get configArchiveBucketName(): string {
    return this.manifest.logArchive.configBucketName ?? names.configArchiveBucket(this.manifest.logArchive.account, this.manifest.region);
  }
  public get transitGatewayId(): string | undefined {
    return this.manifest.network.transitGatewayId;
  }
  public get managementAccount(): string {
    return this.manifest.managementAccount;
  }
  public get region(): string {
    return this.manifest.region;
  }
  public get baseline(): Baseline {
    return getBaseline(this.manifest.baseline);
  }

  /** The manifest as JSON text. */
  public toJson(): string {
    return JSON.stringify(this.manifest, undefined, 2);
  }
}
