/**
 * The reader of the output went away (`pooled-map … | head -1`): writing got EPIPE. Not a failure
 * of the run but the end of it, as for any Unix tool whose reader has what it wanted.
 */
export class ReaderGoneError extends Error {
  override readonly name = 'ReaderGoneError';

  constructor(options?: { cause?: unknown }) {
    super('the reader of the output closed it', options);
  }
}
