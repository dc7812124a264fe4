/**
 * The contract's table of Azure built-in roles, held against Azure's published list: the "Azure
 * built-in roles" reference (learn.microsoft.com/azure/role-based-access-control/built-in-roles,
 * source MicrosoftDocs/azure-docs articles/role-based-access-control/built-in-roles.md, generated
 * 2026-04-09), name → id as published there.
 */
import { AZURE_ROLE_DEFINITIONS, BASELINES, renderedRoleGuid } from '@nplz/core';

const PUBLISHED: Readonly<Record<string, string>> = {
  Owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  Contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  Reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  'User Access Administrator': '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
  'Role Based Access Control Administrator': 'f58310d9-a9f6-439a-9e8d-f62e7b41a168',
  'Security Reader': '39bc4728-0917-49c7-9d2c-d95423bc2eb4',
  'Security Admin': 'fb1c8493-542b-48eb-b624-b4c8fea62acd',
  'Network Contributor': '4d97b98b-1d4f-4787-a291-c67834d212e7',
  'Private DNS Zone Contributor': 'b12aa53e-6015-4669-85d0-8515ebb3ae7f',
  'Log Analytics Reader': '73c42c96-874c-492b-b04d-ab87d138a893',
  'Log Analytics Contributor': '92aaf0da-9dab-42b6-94a3-d43ce8d16293',
  'Monitoring Contributor': '749f88d5-cbae-40b8-bcfc-e573ddc772fa',
  'Resource Policy Contributor': '36243c78-bf99-498c-9df9-86d9f8d28608',
  'Key Vault Crypto Service Encryption User': 'e147488a-f6f5-4113-8e2d-b22465e65bf6',
  'Storage Blob Data Contributor': 'ba92f5b4-2d11-453d-a403-e96b0029c9fe',
  'Backup Contributor': '5e467623-bb1f-42f4-a55d-6e525e11384b',
  'Virtual Machine Contributor': '9980e02c-c2be-4d73-94e8-173b1dc7cf3c',
};

test('every role in the contract table has the id Azure publishes for its name', () => {
  expect({ ...AZURE_ROLE_DEFINITIONS }).toEqual(PUBLISHED);
});

test('every baseline role renders the published id of its built-in role, whatever id the published baseline holds', () => {
  for (const b of BASELINES)
    for (const r of [...b.roles.national, ...b.roles.force]) {
      expect(PUBLISHED).toHaveProperty([r.azure.builtInRole]);
      expect(renderedRoleGuid(r)).toBe(PUBLISHED[r.azure.builtInRole]);
    }
});
