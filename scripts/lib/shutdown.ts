/**
 * An orderly stop for scripts that start several things. Steps run in the reverse order of their
 * registration, so what started last stops first: the apps before the databases they use.
 * A second Ctrl-C hurries (runs the `onHurry` handlers, which kill instead of asking); a third
 * exits at once.
 */
export class Shutdown {
  private readonly steps: Array<{ name: string; run: () => Promise<void> }> = [];
  private readonly hurryHandlers: Array<() => void> = [];
  private running: Promise<never> | undefined;
  private signalsReceived = 0;

  constructor(private readonly log: (message: string) => void) {}

  get inProgress(): boolean {
    return this.running !== undefined;
  }

  /** Registers a stop step; the returned function unregisters it (for things that ended by themselves). */
  add(name: string, run: () => Promise<void>): () => void {
    const step = { name, run };
    this.steps.push(step);
    return () => {
      const index = this.steps.indexOf(step);
      if (index >= 0) this.steps.splice(index, 1);
    };
  }

  onHurry(handler: () => void): void {
    this.hurryHandlers.push(handler);
  }

  /** Runs every step, then exits with `exitCode`. Later calls join the first one. */
  run(exitCode: number): Promise<never> {
    this.running ??= (async () => {
      for (const step of [...this.steps].reverse()) {
        try {
          await step.run();
        } catch (error) {
          this.log(`stopping ${step.name} failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      process.exit(exitCode);
    })();
    return this.running;
  }

  /**
   * Stops everything once our parent is gone. `npm run` passes a SIGTERM on to the shell that runs
   * the script, and that shell dies without passing it on to us: we notice by being re-parented.
   */
  stopWhenOrphaned(): void {
    const parent = process.ppid;
    const timer = setInterval(() => {
      if (process.ppid === parent || this.inProgress) return;
      this.log(`our parent process (pid ${parent}) has exited: stopping`);
      void this.run(0);
    }, 1_000);
    timer.unref();
  }

  /** SIGINT, SIGTERM and SIGHUP stop everything in order; exit code 0, since the stop was asked for. */
  listenForSignals(): void {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.on(signal, () => {
        this.signalsReceived += 1;
        if (this.signalsReceived === 1) {
          this.log(`${signal}: stopping (press Ctrl-C again to hurry)`);
          void this.run(0);
        } else if (this.signalsReceived === 2) {
          this.log(`${signal}: hurrying (once more to exit at once)`);
          for (const handler of this.hurryHandlers) handler();
        } else {
          process.exit(1);
        }
      });
    }
  }
}
