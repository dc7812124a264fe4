import type { FindingsReport } from '@nplz/core';

/** `findings.json`: the canonical, machine-readable result (two-space indented, trailing newline). */
export function renderJson(report: FindingsReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
