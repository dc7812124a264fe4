import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Loaded {
  readonly code: number | null;
  readonly loaded: string[];
  readonly stderr: string;
}

/**
 * A preload, written into `dir`, that prints at exit which packages the process loaded, each named by
 * the first group `pattern` matches in a loaded file's path; and a runner of node under it (`args` are
 * node's: the built binary and its arguments, or `-e <code>`), from the repository root.
 */
export function loadProbe(dir: string, pattern: RegExp, root: string): (args: readonly string[], env?: NodeJS.ProcessEnv) => Loaded {
  const hook = path.join(dir, 'loaded.js');
  fs.writeFileSync(
    hook,
    `process.on('exit', () => {
       const seen = new Set(Object.keys(require.cache).map((f) => ((${pattern}.exec(f) || [])[1] || '').replace(/\\\\/g, '/')).filter(Boolean));
       process.stderr.write('\\nLOADED ' + JSON.stringify([...seen].sort()) + '\\n');
     });`,
  );
  return (args, env = {}) => {
    const p = spawnSync(process.execPath, ['-r', hook, ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', ...env },
    });
    const line = p.stderr.split('\n').find((l) => l.startsWith('LOADED '));
    if (!line) throw new Error(`no LOADED line from node ${args.join(' ')}:\n${p.stderr}`);
    return { code: p.status, loaded: JSON.parse(line.slice('LOADED '.length)) as string[], stderr: p.stderr };
  };
}
