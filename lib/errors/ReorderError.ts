/**
 * The indices given to `reorder` broke its contract (each of 0, 1, 2, … exactly once): an index
 * came twice, was not an integer ≥ 0, or never came before the source completed. `index` is the
 * index at fault: the repeated or invalid one, or the first one missing.
 */
export class ReorderError extends Error {
  override readonly name = 'ReorderError';

  constructor(
    message: string,
    readonly index: unknown,
  ) {
    super(message);
  }
}
