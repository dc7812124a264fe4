/**
 * A worker thread of {@link SimulationPool}: runs each simulation it is sent with iam-simulate and
 * posts back its evidence (or the error), by the id it came with.
 */
import { parentPort } from 'node:worker_threads';
import type { Simulation } from '@cloud-copilot/iam-simulate';
import { evidenceOf } from './evaluate';

const port = parentPort;
if (!port) throw new Error('simulation-worker runs only as a worker thread');
port.on('message', (m: { id: number; sim: Simulation }) => {
  evidenceOf(m.sim).then(
    (evidence) => port.postMessage({ id: m.id, evidence }),
    (err: unknown) => port.postMessage({ id: m.id, error: err instanceof Error ? err.message : String(err) }),
  );
});
