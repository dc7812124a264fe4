import { aws_logs as logs } from 'aws-cdk-lib';
import { NplzError } from '@nplz/core';

/** The CloudWatch Logs retention value for a number of days: the smallest allowed value that keeps at least that long. */
export function retentionDays(days: number): logs.RetentionDays {
  const allowed = Object.values(logs.RetentionDays)
    .filter((v): v is logs.RetentionDays => typeof v === 'number' && v > 0)
    .sort((a, b) => a - b);
  const pick = allowed.find((v) => v >= days);
  if (pick === undefined) {
    throw NplzError.of({
      path: 'baseline.logging',
      received: days,
      message: `CloudWatch Logs cannot keep logs for ${days} days`,
      allowed: `at most ${allowed[allowed.length - 1]} days`,
    });
  }
  return pick;
}
