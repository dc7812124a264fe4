import type { BaselineRole } from './types';

/** Azure built-in role definition ids: the same GUIDs in every tenant. */
export const AZURE_BUILT_IN_ROLES = {
  Owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  Contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  Reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  'Security Reader': '39bc4728-0917-49c7-9d2c-d95423bc2eb4',
  'Security Admin': 'fb1c8493-542b-48eb-b624-b4c8fea62acd',
  'Network Contributor': '4d97b98b-1d4f-4787-a291-c67834d212e7',
  'Log Analytics Reader': '73c42c96-874c-492b-b04d-ab87d138a893',
  'User Access Administrator': '18d7d88d-d35e-4fb5-a5c3-7773c4a72abd',
} as const;

export type AzureBuiltInRoleName = keyof typeof AZURE_BUILT_IN_ROLES;

export function role(
  id: string,
  intent: string,
  opts: { privileged: boolean; sessionHours: number; aws: string[]; azure: AzureBuiltInRoleName; eligible?: boolean },
): BaselineRole {
  return {
    id,
    intent,
    privileged: opts.privileged,
    sessionHours: opts.sessionHours,
    aws: { managedPolicies: opts.aws },
    azure: {
      builtInRole: opts.azure,
      roleDefinitionId: AZURE_BUILT_IN_ROLES[opts.azure],
      eligible: opts.eligible ?? opts.privileged,
    },
  };
}
