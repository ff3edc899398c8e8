/** A piece of SQL with positional parameters ($1, $2, ...) numbered by one shared collector. */
export class SqlParameters {
  readonly values: unknown[] = [];

  constructor(private readonly offset = 0) {}

  /** Adds a value and returns its placeholder, cast when a type is given. */
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    const placeholder = `$${this.offset + this.values.length}`;
    return cast ? `${placeholder}::${cast}` : placeholder;
  }
}
