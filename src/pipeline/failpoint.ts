/**
 * Test hook for crash safety: when SPARKIFY_FAILPOINT names this point, the process kills itself
 * with SIGKILL right here — a real `kill -9` at an exact, repeatable place in the run.
 */
export function failpoint(name: string): void {
  if (process.env.SPARKIFY_FAILPOINT === name) process.kill(process.pid, 'SIGKILL');
}
