/** Options of one `PooledExecutor.executeBatch` call. */
export interface ExecuteBatchOptions {
  /**
   * Stops this batch when aborted, like p-map's `signal`: its running calls are aborted (their
   * `ctx.signal`), no call of it starts, and every row not finished yet comes back as
   * `shutdown_requested` with the signal's `reason` as `error`, so the batch still resolves to one
   * entry per row. Already aborted (also while the batch waits its turn): every row comes back so,
   * and `project` is never called. Other batches are not affected.
   */
  readonly signal?: AbortSignal;
}
