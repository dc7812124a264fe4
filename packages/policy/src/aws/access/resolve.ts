import type { CfnJson, CfnResourceJson } from '../types';

/** Where a template is deployed: what its pseudo parameters resolve to. */
export interface TemplatePlace {
  readonly account: string;
  readonly region: string;
  /** The template's resources, for `Ref` / `Fn::GetAtt` to a resource of the same template. */
  readonly resources: Record<string, CfnResourceJson>;
  /**
   * The stack name the template is deployed as. CloudFormation names a resource that has no name
   * property `<stack>-<logical id>-<random>`; with the stack name known, that prefix stands in for it.
   */
  readonly stackName?: string;
}

/**
 * The name a resource type gives itself from a property (`BucketName`, `RoleName`, ...). A
 * resource without one gets a name CloudFormation makes up at deployment; the logical id stands
 * in for it, so a policy that names it by `Ref` / `Fn::GetAtt` still names the same thing.
 */
const NAME_PROPERTY: Record<string, string> = {
  'AWS::S3::Bucket': 'BucketName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::Events::Rule': 'Name',
  'AWS::Events::EventBus': 'Name',
  'AWS::KMS::Alias': 'AliasName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::Lambda::Function': 'FunctionName',
};

function nameOf(id: string, r: CfnResourceJson, place: TemplatePlace): string {
  const prop = NAME_PROPERTY[r.Type];
  const v = prop ? r.Properties?.[prop] : undefined;
  if (v !== undefined) return resolveValue(v, place);
  return place.stackName ? `${place.stackName}-${id}-GENERATED` : id;
}

/** The ARN CloudFormation returns for `Fn::GetAtt [id, Arn]` (or `Ref` where the type's Ref is an ARN). */
function arnOf(id: string, r: CfnResourceJson, place: TemplatePlace): string {
  const { account, region } = place;
  const name = nameOf(id, r, place);
  switch (r.Type) {
    case 'AWS::S3::Bucket':
      return `arn:aws:s3:::${name}`;
    case 'AWS::IAM::Role': {
      const path = typeof r.Properties?.Path === 'string' ? r.Properties.Path : '/';
      return `arn:aws:iam::${account}:role${path}${name}`;
    }
    case 'AWS::IAM::ManagedPolicy':
      return `arn:aws:iam::${account}:policy/${name}`;
    case 'AWS::KMS::Key':
      return `arn:aws:kms:${region}:${account}:key/${id}`;
    case 'AWS::SNS::Topic':
      return `arn:aws:sns:${region}:${account}:${name}`;
    case 'AWS::Events::Rule': {
      // A rule on a custom bus is named under it: `rule/<bus>/<rule>`.
      const bus = r.Properties?.EventBusName === undefined ? 'default' : resolveValue(r.Properties.EventBusName, place);
      return `arn:aws:events:${region}:${account}:rule/${bus === 'default' ? '' : `${bus}/`}${name}`;
    }
    case 'AWS::Events::EventBus':
      return `arn:aws:events:${region}:${account}:event-bus/${name}`;
    case 'AWS::Lambda::Function':
      return `arn:aws:lambda:${region}:${account}:function:${name}`;
    case 'AWS::Logs::LogGroup':
      return `arn:aws:logs:${region}:${account}:log-group:${name}:*`;
    case 'AWS::EC2::FlowLog':
      return `arn:aws:ec2:${region}:${account}:vpc-flow-log/${id}`;
    default:
      return `arn:aws:cloudformation:${region}:${account}:resource/${id}`;
  }
}

/** What `Ref` returns for a resource: its name for buckets, roles and rules, its ARN for policies and topics, else its id. */
function refOf(id: string, r: CfnResourceJson, place: TemplatePlace): string {
  switch (r.Type) {
    case 'AWS::IAM::ManagedPolicy':
    case 'AWS::SNS::Topic':
      return arnOf(id, r, place);
    case 'AWS::S3::Bucket':
    case 'AWS::IAM::Role':
    case 'AWS::Events::Rule':
    case 'AWS::Events::EventBus':
    case 'AWS::Lambda::Function':
    case 'AWS::Logs::LogGroup':
      return nameOf(id, r, place);
    default:
      return id;
  }
}

/**
 * A template value as the string it becomes at deployment: pseudo parameters (`AWS::Partition`,
 * `AWS::AccountId`, `AWS::Region`), `Ref` and `Fn::GetAtt` to the template's own resources,
 * `Fn::Join`, `Fn::Sub` and `Fn::Select`. What cannot be known offline (a parameter, an import)
 * becomes `${Name}`: a literal that matches nothing a guardrail names, so an unresolved value can
 * never make a request look denied.
 */
export function resolveValue(v: unknown, place: TemplatePlace): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map((x) => resolveValue(x, place)).join(',');
  const o = v as CfnJson;
  if (typeof o.Ref === 'string') {
    const pseudo = pseudoParameter(o.Ref, place);
    if (pseudo !== undefined) return pseudo;
    const r = place.resources[o.Ref];
    return r ? refOf(o.Ref, r, place) : `\${${o.Ref}}`;
  }
  const att = o['Fn::GetAtt'];
  if (att !== undefined) {
    const [id, attr] = Array.isArray(att) ? (att as string[]) : String(att).split('.');
    const r = id === undefined ? undefined : place.resources[id];
    if (r && attr === 'Arn') return arnOf(id as string, r, place);
    if (r && (attr === 'KeyId' || attr === 'Id')) return id as string;
    return `\${${String(id)}.${String(attr)}}`;
  }
  const join = o['Fn::Join'];
  if (Array.isArray(join) && Array.isArray(join[1])) {
    return (join[1] as unknown[]).map((x) => resolveValue(x, place)).join(String(join[0] ?? ''));
  }
  const sub = o['Fn::Sub'];
  if (sub !== undefined) {
    const [text, vars] = Array.isArray(sub) ? [String(sub[0]), (sub[1] ?? {}) as CfnJson] : [String(sub), {} as CfnJson];
    return text.replace(/\$\{([^}!]+)\}/g, (_m, name: string) => {
      if (name in vars) return resolveValue(vars[name], place);
      const [id, attr] = name.split('.');
      return resolveValue(attr ? { 'Fn::GetAtt': [id, attr] } : { Ref: id }, place);
    });
  }
  const select = o['Fn::Select'];
  if (Array.isArray(select) && Array.isArray(select[1])) {
    return resolveValue((select[1] as unknown[])[Number(select[0])], place);
  }
  return JSON.stringify(v);
}

function pseudoParameter(name: string, place: TemplatePlace): string | undefined {
  switch (name) {
    case 'AWS::Partition':
      return 'aws';
    case 'AWS::AccountId':
      return place.account;
    case 'AWS::Region':
      return place.region;
    case 'AWS::URLSuffix':
      return 'amazonaws.com';
    default:
      return undefined;
  }
}

/**
 * A policy document from a template, every intrinsic resolved, as IAM would store it. Strings stay
 * strings and lists stay lists, so the document's meaning (what each statement matches) is kept.
 */
export function resolvePolicy(doc: unknown, place: TemplatePlace): unknown {
  const walk = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(walk);
    const o = v as CfnJson;
    const keys = Object.keys(o);
    if (keys.length === 1 && (keys[0] === 'Ref' || (keys[0] ?? '').startsWith('Fn::'))) return resolveValue(o, place);
    return Object.fromEntries(keys.map((k) => [k, walk(o[k])]));
  };
  return walk(doc);
}

/** The physical name a resource will have (its name property, else its logical id). */
export function resourceName(id: string, r: CfnResourceJson, place: TemplatePlace): string {
  return nameOf(id, r, place);
}

/** The ARN a resource will have. */
export function resourceArn(id: string, r: CfnResourceJson, place: TemplatePlace): string {
  return arnOf(id, r, place);
}
