/**
 * Log lines and live progress, both on stderr so that stdout stays clean for `--json`.
 * Progress redraws one line and only on a terminal; `--quiet` silences both.
 */
export class Reporter {
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly quiet = false,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  get live(): boolean {
    return !this.quiet && this.stream.isTTY === true;
  }

  log(message: string): void {
    if (this.quiet) return;
    this.clear();
    this.stream.write(`${message}\n`);
  }

  /** A progress counter for one step; call the returned function as work is done. */
  counter(label: string, unit: string, total?: number): (done: number) => void {
    const started = Date.now();
    return (done: number) => {
      if (!this.live) return;
      const now = Date.now();
      if (now - this.lastDraw < 100 && done !== total) return;
      this.lastDraw = now;
      const rate = done / Math.max((now - started) / 1000, 0.001);
      const of = total === undefined ? '' : ` / ${total.toLocaleString('en-US')}`;
      this.stream.write(`\r\x1b[K${label}: ${done.toLocaleString('en-US')}${of} ${unit} (${Math.round(rate).toLocaleString('en-US')}/s)`);
      this.drawn = true;
    };
  }

  private clear(): void {
    if (this.drawn) {
      this.stream.write('\r\x1b[K');
      this.drawn = false;
    }
  }
}

export const silent = new Reporter(true);
