import type { AwsRule } from '../types';
import { fail } from '../private/cfn';

/** Hours in an ISO 8601 duration such as PT4H or PT1H30M; undefined when it is not one. */
export function isoDurationHours(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^PT(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(v);
  if (!m || (!m[1] && !m[2] && !m[3])) return undefined;
  return Number(m[1] ?? 0) + Number(m[2] ?? 0) / 60 + Number(m[3] ?? 0) / 3600;
}

/** What Identity Center uses when SessionDuration is not given (an AWS default). */
const DEFAULT_SESSION = 'PT1H';

export const PermissionSetSessionBounded: AwsRule = {
  name: 'PermissionSetSessionBounded',
  control: 'NPLZ-PAM-02',
  resourceTypes: ['AWS::SSO::PermissionSet'],
  info: 'The permission set allows longer sessions than the baseline role it renders.',
  explanation:
    'Privileged sessions are time-bound to shrink the window of a stolen session. SessionDuration must not exceed the sessionHours of the baseline role of the same name (or, for a permission set that renders no baseline role, the shortest privileged session in the baseline).',
  evaluate(r, ctx) {
    const name = r.Properties?.Name;
    const roles = [...ctx.baseline.roles.national, ...ctx.baseline.roles.force];
    const role = roles.find((x) => x.id === name);
    const privileged = roles.filter((x) => x.privileged).map((x) => x.sessionHours);
    const limit = role?.sessionHours ?? (privileged.length ? Math.min(...privileged) : Math.min(...roles.map((x) => x.sessionHours)));
    const raw = r.Properties?.SessionDuration ?? DEFAULT_SESSION;
    const hours = isoDurationHours(raw);
    if (hours === undefined) return fail(`SessionDuration ${JSON.stringify(raw)} is not an ISO 8601 duration`);
    const whose = role ? `baseline role ${role.id}` : 'the shortest privileged baseline session';
    return hours <= limit ? 'COMPLIANT' : fail(`SessionDuration ${raw} exceeds ${limit} hours (${whose})`);
  },
};
