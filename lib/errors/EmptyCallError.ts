/**
 * A call completed without emitting a value, so the row has no result. That is a bug in the
 * project function (an `EMPTY` or a filtered stream), not an API condition, so it fails fast.
 */
export class EmptyCallError extends Error {
  override readonly name = 'EmptyCallError';

  constructor(
    readonly rowIndex: number,
    readonly attempt: number,
  ) {
    super(
      `project completed without a value for row ${rowIndex} (attempt ${attempt}); it must emit one result`,
    );
  }
}
