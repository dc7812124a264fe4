import * as fs from 'node:fs';
import * as path from 'node:path';
import { CfnResource, Stack, Stage, Token, type IPolicyValidationContext, type PolicyValidationPluginReport } from 'aws-cdk-lib';
import { NagMessageLevel, NagPack, NagRuleCompliance, type NagPackProps } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { findBaseline, getControl, NCSC_PRINCIPLES, NPLZ_TAGS, type Baseline } from '@nplz/core';
import { AWS_RULES, NPLZ_PACK_NAME, nagLevelOf } from './aws-rules';
import { ruleApplies } from './evaluate-template';
import type { AwsRule, AwsRuleContext, CfnResourceJson } from './types';

/** The stack tag that names the baseline a stack was rendered from. */

export interface NplzChecksProps extends NagPackProps {
  /**
   * The baseline to check against. When `baselineFor` is also given, it is the fallback.
   */
  readonly baseline: Baseline;
  /**
   * The baseline of a given stack (e.g. from its tenancy spec).
   * @default - the published baseline named by the stack's `nplz:baseline` tag, else `baseline`
   */
  readonly baselineFor?: (stack: Stack) => Baseline | undefined;
  /** @see AwsRuleContext.logArchiveBucket @default - any bucket named nplz-log-archive-* */
  readonly logArchiveBucket?: string;
  /** @see AwsRuleContext.configArchiveBucket @default - any bucket named nplz-config-archive-* */
  readonly configArchiveBucket?: string;
  /** @see AwsRuleContext.collaborations @default - recognised by route-table tags only */
  readonly collaborations?: Readonly<Record<string, readonly string[]>>;
  /** @see AwsRuleContext.managementAccount @default - unknown: nothing outside the allowed regions passes */
  readonly managementAccount?: string;
  /** @see AwsRuleContext.socEventBusArn @default - unknown: nothing outside the allowed regions passes */
  readonly socEventBusArn?: string;
  /**
   * Rules to run.
   * @default AWS_RULES
   */
  readonly rules?: readonly AwsRule[];
}

/**
 * The message cdk-nag prints for a rule: the NPLZ control and the NCSC Cloud Security Principles it
 * serves, then what is wrong, so a developer running `cdk synth` sees which obligation failed.
 */
export function nagInfo(rule: Pick<AwsRule, 'control' | 'info'>): string {
  const ncsc = getControl(rule.control).ncsc;
  const principles = ncsc.map((n) => `${n} ${NCSC_PRINCIPLES[n]}`).join('; ');
  return `${rule.control} (NCSC principle${ncsc.length === 1 ? '' : 's'} ${principles}): ${rule.info}`;
}

interface StackView {
  readonly baseline: Baseline;
  readonly resources: Record<string, CfnResourceJson>;
  readonly logicalIds: Map<CfnResource, string>;
  readonly stackTags: Record<string, string>;
  readonly region?: string;
  readonly account?: string;
}

/**
 * The NPLZ controls as a cdk-nag v3 pack (a CDK policy validation plugin). Rule ids are
 * `NplzChecks-<RuleName>`; rules of critical and high controls are errors, the others warnings.
 *
 * ```ts
 * Validations.of(app).addPlugins(new NplzChecks(app, { baseline: BASELINE_2026_11 }));
 * ```
 *
 * Each rule sees the resource as CloudFormation JSON (resolved in its stack) and every other
 * resource of the same stack, exactly as `nplz audit` sees the synthesised template.
 */
export class NplzChecks extends NagPack {
  public readonly name = NPLZ_PACK_NAME;
  private readonly props: NplzChecksProps;
  private readonly rules: readonly AwsRule[];
  private views = new Map<Stack, StackView>();
  /** The templates synthesis wrote, by absolute path, when run as a validation plugin (else none). */
  private written = new Set<string>();

  constructor(scope: IConstruct | undefined, props: NplzChecksProps) {
    super(scope, props);
    this.packName = NPLZ_PACK_NAME;
    this.props = props;
    this.rules = props.rules ?? AWS_RULES;
  }

  /**
   * The props that decide this pack's verdicts, as text: the key a {@link StackCachedPack} keeps its
   * results under. Undefined when a prop is code (`baselineFor`, `rules`), which no key can stand for:
   * such a pack is never cached.
   */
  public get cacheKey(): string | undefined {
    const { baselineFor, rules, ...data } = this.props;
    if (baselineFor !== undefined || rules !== undefined) return undefined;
    return JSON.stringify({ pack: NPLZ_PACK_NAME, ...data });
  }

  /**
   * As a validation plugin, synthesis has already written each stack's template: a stack's view is
   * read from its file rather than resolved again (resolving every resource a second time was most
   * of this pack's cost).
   */
  public override validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    this.written = new Set(context.templatePaths.map((p) => path.resolve(p)));
    try {
      return super.validate(context);
    } finally {
      this.written = new Set();
    }
  }

  public override validateScope(scope: IConstruct) {
    // Templates can change between syntheses: never reuse a stack view across runs.
    this.views = new Map();
    return super.validateScope(scope);
  }

  protected checkResource(node: CfnResource): void {
    const view = this.viewOf(Stack.of(node));
    const logicalId = view.logicalIds.get(node);
    const json = logicalId === undefined ? undefined : view.resources[logicalId];
    if (logicalId === undefined || !json) return;
    const ctx: AwsRuleContext = {
      baseline: view.baseline,
      logicalId,
      resources: view.resources,
      stackTags: view.stackTags,
      ...(view.region ? { region: view.region } : {}),
      ...(this.props.logArchiveBucket ? { logArchiveBucket: this.props.logArchiveBucket } : {}),
      ...(this.props.configArchiveBucket ? { configArchiveBucket: this.props.configArchiveBucket } : {}),
      ...(this.props.collaborations ? { collaborations: this.props.collaborations } : {}),
      ...(view.account ? { account: view.account } : {}),
      ...(this.props.managementAccount ? { managementAccount: this.props.managementAccount } : {}),
      ...(this.props.socEventBusArn ? { socEventBusArn: this.props.socEventBusArn } : {}),
    };
    for (const rule of this.rules) {
      if (!ruleApplies(rule, json.Type)) continue;
      this.applyRule({
        ruleSuffixOverride: rule.name,
        info: nagInfo(rule),
        explanation: rule.explanation,
        level: nagLevelOf(rule) === 'error' ? NagMessageLevel.ERROR : NagMessageLevel.WARN,
        node,
        rule: () => {
          const outcome = rule.evaluate(json, ctx);
          const status = typeof outcome === 'string' ? outcome : outcome.status;
          if (status === 'COMPLIANT') return NagRuleCompliance.COMPLIANT;
          if (status === 'NON_COMPLIANT') return NagRuleCompliance.NON_COMPLIANT;
          return NagRuleCompliance.NOT_APPLICABLE;
        },
      });
    }
  }

  /** The stack's resources as template JSON, built once per stack per validation run. */
  private viewOf(stack: Stack): StackView {
    const cached = this.views.get(stack);
    if (cached) return cached;
    const resources: Record<string, CfnResourceJson> = {};
    const logicalIds = new Map<CfnResource, string>();
    const file = path.resolve(Stage.of(stack)?.outdir ?? '', stack.templateFile);
    if (this.written.has(file)) {
      const template = JSON.parse(fs.readFileSync(file, 'utf8')) as { Resources?: Record<string, CfnResourceJson> };
      Object.assign(resources, template.Resources ?? {});
      for (const c of stack.node.findAll()) {
        if (CfnResource.isCfnResource(c) && Stack.of(c) === stack) logicalIds.set(c, stack.resolve(c.logicalId) as string);
      }
      return this.remember(stack, resources, logicalIds);
    }
    for (const c of stack.node.findAll()) {
      if (!CfnResource.isCfnResource(c) || Stack.of(c) !== stack) continue;
      // _toCloudFormation is what synthesis writes for the resource (properties, tags, policies, metadata).
      const rendered = stack.resolve(
        (c as unknown as { _toCloudFormation(): { Resources: Record<string, CfnResourceJson> } })._toCloudFormation(),
      );
      for (const [id, r] of Object.entries(rendered.Resources ?? {})) {
        resources[id] = r as CfnResourceJson;
        logicalIds.set(c, id);
      }
    }
    return this.remember(stack, resources, logicalIds);
  }

  private remember(stack: Stack, resources: Record<string, CfnResourceJson>, logicalIds: Map<CfnResource, string>): StackView {
    const stackTags = stack.tags.tagValues();
    const version = stackTags[NPLZ_TAGS.baseline];
    const baseline = this.props.baselineFor?.(stack) ?? (version ? findBaseline(version) : undefined) ?? this.props.baseline;
    const view: StackView = {
      baseline,
      resources,
      logicalIds,
      stackTags,
      ...(Token.isUnresolved(stack.region) ? {} : { region: stack.region }),
      ...(Token.isUnresolved(stack.account) ? {} : { account: stack.account }),
    };
    this.views.set(stack, view);
    return view;
  }
}
