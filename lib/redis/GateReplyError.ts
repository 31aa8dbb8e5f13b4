/**
 * The gate script answered something the store cannot read: another script under the same SHA1,
 * a proxy rewriting replies, or a client set to return buffers. `reply` is what came back.
 */
export class GateReplyError extends Error {
  override readonly name = 'GateReplyError';

  constructor(
    message: string,
    readonly reply: unknown,
  ) {
    super(message);
  }
}
