import type { DestinationStream } from 'pino';

/** A pino destination that keeps every line in memory, for tests that read what was logged. */
export class CapturedLogs implements DestinationStream {
  readonly lines: string[] = [];

  write(chunk: string): void {
    for (const line of chunk.split('\n')) if (line.length > 0) this.lines.push(line);
  }

  /** Every line parsed; a line that is not JSON fails the test that reads it. */
  entries(): Array<Record<string, any>> {
    return this.lines.map((line) => JSON.parse(line) as Record<string, any>);
  }

  text(): string {
    return this.lines.join('\n');
  }

  clear(): void {
    this.lines.length = 0;
  }
}
