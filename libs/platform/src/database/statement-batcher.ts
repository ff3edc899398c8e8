/**
 * Gathers the calls made during one turn of the event loop into one statement: a worker running a
 * hundred deliveries at once otherwise pays a database round trip per delivery and per step, and
 * on a 2-core machine the round trips themselves (loopback TCP, protocol parsing on both sides)
 * cost more than the work. `run` receives the inputs in call order and returns one result per
 * input, in the same order; a failure of the statement fails every call of the batch.
 */
export class StatementBatcher<Input, Output> {
  private pending: Array<{ input: Input; resolve: (output: Output) => void; reject: (error: unknown) => void }> = [];
  private scheduled = false;

  constructor(
    private readonly run: (inputs: Input[]) => Promise<Output[]>,
    private readonly maxBatch = 500,
  ) {}

  call(input: Input): Promise<Output> {
    return new Promise<Output>((resolve, reject) => {
      this.pending.push({ input, resolve, reject });
      if (this.pending.length >= this.maxBatch) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    this.run(batch.map((call) => call.input)).then(
      (outputs) => batch.forEach((call, index) => call.resolve(outputs[index])),
      (error: unknown) => batch.forEach((call) => call.reject(error)),
    );
  }
}
