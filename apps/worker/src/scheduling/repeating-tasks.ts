/**
 * Tasks that run again a fixed time after their previous run finished (never two runs of one task at
 * once, however slow the database is), until stopped. `stop` waits for the runs under way, so a
 * caller can close what the tasks use afterwards.
 */
export class RepeatingTasks {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private stopping = false;

  /** `task` must not reject: a task handles and logs its own failures. */
  every(ms: number, task: () => Promise<void>): void {
    if (this.stopping) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const run = task().finally(() => {
        this.running.delete(run);
        this.every(ms, task);
      });
      this.running.add(run);
    }, ms);
    this.timers.add(timer);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.all([...this.running]);
  }
}
