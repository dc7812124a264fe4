import { AspectPriority, Aspects, CfnResource, IAspect, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { AWS_NAMES, ControlException, Estate, exceptionInScope, exceptionLive } from '@nplz/core';
import { nagAcknowledgementIdsFor } from './aws-rules';

/**
 * The control the audit reports the independent packs' violations under (AwsSolutions among them):
 * an exception to it, on a resource, acknowledges that resource's AwsSolutions violations.
 */
export const INDEPENDENT_EVIDENCE_CONTROL = 'NPLZ-MON-02';

/** The plugin name of cdk-nag's AwsSolutions pack, the namespace CDK's validation report files its violations under. */
const AWS_SOLUTIONS = 'AwsSolutions';

/** One tenancy environment's stack and the exceptions that are live for it on AWS. */
interface TenancyStackExceptions {
  readonly environment: string;
  readonly exceptions: readonly ControlException[];
}

/**
 * The cdk-nag acknowledgements of a tenancy's declared AWS exceptions, made on the resources they
 * name. The tenancy stacks are found by the name the contract gives them (`Force-<tenancy>-<env>`,
 * {@link AWS_NAMES.forceStack}) from the specs, not by their tags: tags are applied by an aspect at
 * synthesis, so they are not there when a plugin factory runs. The acknowledgements are made by an
 * aspect of their own, at synthesis, so a resource added after this is registered (a force's local
 * asset) is covered too; the validation plugins run after every aspect.
 *
 * Each live exception in scope of a resource acknowledges the NplzChecks rules of its control; an
 * exception to {@link INDEPENDENT_EVIDENCE_CONTROL} also acknowledges the AwsSolutions violations
 * of that resource (the audit files them under that control). Acknowledgements use the namespaced
 * ids (`NplzChecks::<rule>`, `AwsSolutions::<rule>`), so the validation report keeps each excepted
 * violation under `suppressedViolations` with its reason. Never at app or stack level; an expired
 * exception acknowledges nothing (the violation stays, and the audit reports the expiry).
 */
export class TenancyExceptionAcknowledgements implements IAspect {
  private readonly stacks = new Map<string, TenancyStackExceptions>();
  private made = 0;

  constructor(estate: Estate, now: Date = new Date()) {
    for (const { spec } of estate.tenancies) {
      if (!spec.aws) continue;
      for (const environment of spec.environments) {
        const exceptions = (spec.exceptions ?? []).filter(
          (ex) => exceptionLive(ex, now) && exceptionInScope(ex, { cloud: 'aws', environment, anyResource: true }),
        );
        if (exceptions.length) this.stacks.set(AWS_NAMES.forceStack(spec.name, environment), { environment, exceptions });
      }
    }
  }

  /** The acknowledgements made so far (all of them, once the app is synthesised). */
  public get count(): number {
    return this.made;
  }

  public visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node)) return;
    const stack = node.node.scopes.find((s) => Stack.isStack(s) && this.stacks.has(s.node.id));
    const unit = stack && this.stacks.get(stack.node.id);
    if (!unit) return;
    let independent: string[] | undefined;
    for (const ex of unit.exceptions) {
      if (!exceptionInScope(ex, { cloud: 'aws', environment: unit.environment, resource: node.node.path })) continue;
      const ids = nagAcknowledgementIdsFor(ex.control);
      if (ex.control === INDEPENDENT_EVIDENCE_CONTROL) {
        independent ??= awsSolutionsViolations(node);
        ids.push(...independent.map((rule) => `${AWS_SOLUTIONS}::${rule}`));
      }
      for (const id of ids) {
        Validations.of(node).acknowledge({ id, reason: `${ex.reason} (exception approved by ${ex.approvedBy}, expires ${ex.expires})` });
        this.made++;
      }
    }
  }
}

/** The AwsSolutions rules one resource breaks, as the pack run at synthesis will report them. */
function awsSolutionsViolations(resource: CfnResource): string[] {
  return new AwsSolutionsChecks().validateScope(resource).violations.map((v) => v.ruleName);
}

/**
 * Acknowledge each tenancy's declared AWS exceptions in the cdk-nag run of `root` (an app or
 * stage): registers a {@link TenancyExceptionAcknowledgements} aspect, which makes them at
 * synthesis. Returns it; its `count` is the number made once the app is synthesised.
 */
export function acknowledgeTenancyExceptions(root: IConstruct, estate: Estate, now: Date = new Date()): TenancyExceptionAcknowledgements {
  const aspect = new TenancyExceptionAcknowledgements(estate, now);
  Aspects.of(root).add(aspect, { priority: AspectPriority.READONLY });
  return aspect;
}
