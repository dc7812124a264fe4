import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * A real npm registry on loopback: Verdaccio, from npm, with its storage and users in a folder of
 * the caller's, serving the `@nplz` scope only. It has no uplinks, so nothing of `@nplz/*` can come
 * from the public registry, and it serves nothing else: installs take every other package from the
 * registry npm is configured with (a scoped registry in the .npmrc this writes).
 */
export interface LocalRegistry {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  /** A publish token of a user created through the registry's own API. */
  readonly token: string;
  /** What the server has printed (warnings and errors). */
  log(): string;
  stop(): Promise<void>;
}

const SERVER = path.join(__dirname, 'verdaccio-server.js');

export async function startLocalRegistry(dir: string, scope = '@nplz'): Promise<LocalRegistry> {
  fs.mkdirSync(path.join(dir, 'storage'), { recursive: true });
  const config = path.join(dir, 'config.yaml');
  // JSON strings are YAML strings: paths are quoted whatever they hold.
  fs.writeFileSync(
    config,
    [
      `storage: ${JSON.stringify(path.join(dir, 'storage'))}`,
      'auth:',
      '  htpasswd:',
      `    file: ${JSON.stringify(path.join(dir, 'htpasswd'))}`,
      'uplinks: {}',
      'packages:',
      `  '${scope}/*':`,
      '    access: $all',
      '    publish: $authenticated',
      'web:',
      '  enable: false',
      'log: { type: stdout, format: pretty, level: warn }',
      'max_body_size: 100mb',
      '',
    ].join('\n'),
  );

  const child: ChildProcess = spawn(process.execPath, [SERVER, config], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Verdaccio did not start in 60 s:\n${output}`)), 60_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = /^NPLZ_REGISTRY_PORT=(\d+)$/m.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Verdaccio exited (${code}) before listening:\n${output}`));
    });
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.stdin!.end();
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
  };

  const url = `http://127.0.0.1:${port}/`;
  try {
    // `npm adduser` does this: create the user, receive a bearer token.
    const name = `release-${randomBytes(4).toString('hex')}`;
    const res = await fetch(`${url}-/user/org.couchdb.user:${name}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, password: randomBytes(16).toString('hex'), type: 'user', roles: [] }),
    });
    const body = (await res.json()) as { token?: string; error?: string };
    if (!res.ok || !body.token) throw new Error(`Verdaccio refused the new user (${res.status}): ${JSON.stringify(body)}`);
    return { url, token: body.token, log: () => output, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** `.npmrc` lines that authenticate to the registry (npm keys tokens by the URL without a scheme). */
export function authLine(registry: LocalRegistry): string {
  return `${registry.url.replace(/^https?:/, '')}:_authToken=${registry.token}`;
}
