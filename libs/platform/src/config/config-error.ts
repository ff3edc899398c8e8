/**
 * A setting that is missing or malformed. The message names every such setting (never a value of
 * a secret), one per line when there are several, so that one restart is enough to fix them all.
 */
export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: string | readonly string[]) {
    const list = typeof problems === 'string' ? [problems] : problems;
    super(list.length === 1 ? list[0] : `${list.length} settings are invalid:\n${list.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = list;
  }
}
