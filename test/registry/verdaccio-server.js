/**
 * Starts Verdaccio (the npm registry server, from npm) with the config file given as the only
 * argument, on 127.0.0.1 and a port the OS picks, and prints `NPLZ_REGISTRY_PORT=<port>` once it
 * listens. Verdaccio's own CLI refuses Node.js below 22 (its `engines`); its server API, used here,
 * runs on the Node.js 20 the project supports. The server stops when its parent closes stdin, so a
 * test that dies cannot leave a registry running.
 */
const { setTimeout } = require('node:timers');
const { runServer } = require('verdaccio');

const configPath = process.argv[2];
if (!configPath) {
  console.error('usage: node verdaccio-server.js <config.yaml>');
  process.exit(2);
}

runServer(configPath).then(
  (app) => {
    const server = app.listen(0, '127.0.0.1', () => {
      process.stdout.write(`NPLZ_REGISTRY_PORT=${server.address().port}\n`);
    });
    const stop = () => {
      server.close(() => process.exit(0));
      server.closeAllConnections(); // npm keeps connections alive
      setTimeout(() => process.exit(0), 2000).unref();
    };
    process.stdin.on('end', stop);
    process.stdin.on('close', stop);
    process.stdin.resume();
    process.on('SIGTERM', stop);
  },
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
