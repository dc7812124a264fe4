import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/cdk.out/**', 'docs/api/**', '**/*.d.ts', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        __filename: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // Source handles a missing value instead of asserting it away: narrow, guard, or, for an
    // invariant TypeScript cannot see, `defined(value, 'what')` from the package's src/private.
    // Tests may assert. The typed rule also catches `!` and `as` that assert nothing.
    files: ['packages/*/src/**/*.ts', 'examples/*/src/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
    },
  },
  {
    // The audit entry (`@nplz/policy/audit`) loads neither aws-cdk-lib's constructs nor cdk-nag: its
    // modules import the AWS modules they use by file, never the AWS index (which loads NplzChecks).
    files: ['packages/policy/src/audit/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '../aws',
              message: 'import the module by file: the AWS index loads NplzChecks (aws-cdk-lib, cdk-nag)',
              allowTypeImports: true,
            },
            {
              name: '../aws/index',
              message: 'import the module by file: the AWS index loads NplzChecks (aws-cdk-lib, cdk-nag)',
              allowTypeImports: true,
            },
            { name: 'aws-cdk-lib', message: 'the audit reads assemblies with aws-cdk-lib/cx-api only', allowTypeImports: true },
            { name: 'cdk-nag', message: 'the audit runs no cdk-nag pack', allowTypeImports: true },
          ],
        },
      ],
    },
  },
);
