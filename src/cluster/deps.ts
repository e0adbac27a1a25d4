import { createInterface } from 'node:readline/promises';
import { defaultClientsFactory, type ClientsFactory } from './clients.js';

/** Everything the cluster commands touch outside their arguments, injectable for tests. */
export interface ClusterDeps {
  clients: ClientsFactory;
  /** A line of results (stdout). */
  out: (line: string) => void;
  /** A line of progress, warnings and notes (stderr). */
  err: (line: string) => void;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  /** Whether a person can answer a question (stdin is a terminal). */
  isTTY: boolean;
  ask: (question: string) => Promise<string>;
  env: Record<string, string | undefined>;
  /** How often DescribeClusters is polled while waiting. */
  pollIntervalMs: number;
}

export function defaultDeps(): ClusterDeps {
  return {
    clients: defaultClientsFactory,
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: () => Date.now(),
    isTTY: Boolean(process.stdin.isTTY),
    ask: async (question) => {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await rl.question(question);
      } finally {
        rl.close();
      }
    },
    env: process.env,
    pollIntervalMs: 15_000,
  };
}
