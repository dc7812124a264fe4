import { CfnOutput, CfnResource, IAspect, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { AWS_LIMITS } from './private/limits';

/**
 * Checks CloudFormation's per-stack quotas at synthesis: resources (500) and outputs (200).
 * Apply with `Aspects.of(app).add(new StackLimitChecks())`; each stack it visits gets a
 * validation whose message names the stack, the limit and the figure.
 */
export class StackLimitChecks implements IAspect {
  private readonly seen = new WeakSet<Stack>();

  public visit(node: IConstruct): void {
    if (!Stack.isStack(node) || this.seen.has(node)) return;
    this.seen.add(node);
    const stack = node;
    stack.node.addValidation({
      validate: () => {
        let resources = 0;
        let outputs = 0;
        for (const c of stack.node.findAll()) {
          if (c !== stack && Stack.isStack(c)) continue;
          if (Stack.of(c) !== stack) continue;
          if (CfnResource.isCfnResource(c)) resources++;
          else if (c instanceof CfnOutput) outputs++;
        }
        const errors: string[] = [];
        if (resources > AWS_LIMITS.resourcesPerStack) {
          errors.push(
            `Stack ${stack.node.path} has ${resources} resources; CloudFormation allows at most ${AWS_LIMITS.resourcesPerStack} per stack. Split it into more stacks.`,
          );
        }
        if (outputs > AWS_LIMITS.outputsPerStack) {
          errors.push(
            `Stack ${stack.node.path} has ${outputs} outputs; CloudFormation allows at most ${AWS_LIMITS.outputsPerStack} per stack.`,
          );
        }
        return errors;
      },
    });
  }
}
