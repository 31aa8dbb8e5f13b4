// The error parsePoolConfig throws: every problem at once, one per line, so a user fixes the
// whole config in one edit instead of discovering problems one failed start at a time.

export class PoolConfigError extends Error {
  override readonly name = 'PoolConfigError';
  /** One formatted line per problem, without the "  - " bullet, for programmatic use. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
    super([`Invalid pool config (${count}):`, ...problems.map((problem) => `  - ${problem}`)].join('\n'));
    // A copy, frozen: the list describes this failure and must not change after it is thrown.
    this.problems = Object.freeze([...problems]);
  }
}
