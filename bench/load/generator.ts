/**
 * The load generator's own process (started by main.ts with IPC): it receives one
 * TrafficSpec, runs it, sends back the TrafficResult and exits. Keeping it out of the
 * servers' processes means its request writing and response parsing never queue behind
 * Guild's handlers on one event loop.
 */
import { runTraffic, type TrafficSpec } from './traffic.js';

process.once('message', (spec: TrafficSpec) => {
  void runTraffic(spec).then((result) => {
    process.send?.(result, () => process.exit(0));
  });
});
