/** A piece of SQL with positional parameters ($1, $2, ...) numbered by one shared collector. */
export class SqlParameters {
  readonly values: unknown[] = [];

  constructor(readonly offset = 0) {}

  /** Adds a value and returns its placeholder, cast when a type is given. */
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    const placeholder = `$${this.offset + this.values.length}`;
    return cast ? `${placeholder}::${cast}` : placeholder;
  }

  /**
   * The final statement with only the parameters it references, renumbered in order — for builders
   * that fold conditions to TRUE/FALSE and so may drop pieces whose parameters were already added.
   * Placeholders at or below the offset belong to the caller and are left alone. Safe because every
   * value reaches SQL as a parameter: the text holds no literal that could contain "$n".
   */
  compact(sql: string, leading: unknown[] = []): { sql: string; values: unknown[] } {
    const renumbered = new Map<number, number>();
    const values: unknown[] = [...leading];
    const text = sql.replace(/\$(\d+)\b/g, (match, digits: string) => {
      const index = Number(digits);
      if (index <= this.offset) return match;
      let target = renumbered.get(index);
      if (target === undefined) {
        values.push(this.values[index - this.offset - 1]);
        target = values.length;
        renumbered.set(index, target);
      }
      return `$${target}`;
    });
    return { sql: text, values };
  }

  /**
   * The same piece for a TypeORM query builder, whose parameters are named: `$n` becomes
   * `:prefix_n`, so that a policy clause can narrow an entity query (alias as in the policy's
   * column map) and the rows still come back as entities. Safe for the reason given for compact.
   */
  named(sql: string, prefix = 'policy'): { sql: string; parameters: Record<string, unknown> } {
    const parameters: Record<string, unknown> = {};
    const text = sql.replace(/\$(\d+)\b/g, (match, digits: string) => {
      const index = Number(digits);
      if (index <= this.offset) return match;
      const name = `${prefix}_${index}`;
      parameters[name] = this.values[index - this.offset - 1];
      return `:${name}`;
    });
    return { sql: text, parameters };
  }
}
