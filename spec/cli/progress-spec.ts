// The progress reporter's words for trouble: failed attempts and a server's pause on the progress
// line, and a plain warning, once per stall, when no request has been answered for a while.
import { expect } from 'chai';
import { CapacityError } from '../../lib/errors/CapacityError.js';
import {
  describeFailedAttempts,
  describeLimit,
  describePause,
  formatClock,
} from '../../lib/cli/describeTrouble.js';
import { startProgress, STALL_WARNING_MS } from '../../lib/cli/progress.js';
import type { PipelineProgress } from '../../lib/cli/runPipeline.js';

const quiet: PipelineProgress = {
  done: 0,
  failed: 0,
  inFlight: 1,
  delayMs: 0,
  limitPerSecond: Infinity,
  limitSource: 'aimd',
  rejections: 0,
  failedAttempts: {},
  lastError: undefined,
  stalledMs: 0,
  pause: undefined,
  shared: undefined,
};
const failing: PipelineProgress = {
  ...quiet,
  failedAttempts: { ECONNREFUSED: 40, 'HTTP 503': 2 },
  lastError: 'request failed: connect ECONNREFUSED 127.0.0.1:1',
};

describe('pooled-map CLI', () => {
  describe('progress', () => {
    it('should say the limit the pool believes in and where it comes from', () => {
      expect(describeLimit(Infinity, 'aimd')).to.equal('no limit met yet');
      expect(describeLimit(49.0196, 'headers')).to.equal('limit 49.0/s (headers)');
      expect(describeLimit(2.5, 'aimd')).to.equal('limit 2.50/s (aimd)');
    });

    it('should warn once per stall, plainly, saying when the run gives up', () => {
      const lines: string[] = [];
      const progress = startProgress('lines', undefined, {
        giveUpAfterMs: 300_000,
        write: (t) => lines.push(t),
      });
      progress.update({ ...failing, stalledMs: STALL_WARNING_MS - 1 });
      expect(lines).to.deep.equal([]);
      progress.update({ ...failing, stalledMs: STALL_WARNING_MS });
      progress.update({ ...failing, stalledMs: STALL_WARNING_MS + 500 });
      expect(lines).to.deep.equal([
        'pooled-map: warning: no request has been answered for 10.0 s: 42 failed attempts ' +
          '(ECONNREFUSED 40, HTTP 503 2), last: request failed: connect ECONNREFUSED 127.0.0.1:1. ' +
          'Still retrying; the run gives up after 5m00s without an answer (--give-up-after)\n',
      ]);
      // An answer ends the stall; the next one is told again.
      progress.update({ ...failing, stalledMs: 0 });
      progress.update({ ...failing, stalledMs: STALL_WARNING_MS });
      expect(lines).to.have.length(2);
    });

    it('should say that a run without --give-up-after never gives up', () => {
      const lines: string[] = [];
      const progress = startProgress('lines', 10, { giveUpAfterMs: Infinity, write: (t) => lines.push(t) });
      progress.update({ ...failing, stalledMs: STALL_WARNING_MS });
      expect(lines[0]).to.match(/the run never gives up \(--give-up-after 0\): Ctrl-C stops it\n$/);
    });
  });

  describe('describeTrouble', () => {
    it('should list failed attempts by cause, most frequent first, with the last message', () => {
      expect(describeFailedAttempts({}, undefined)).to.equal(undefined);
      expect(describeFailedAttempts({ 'HTTP 429': 1, timeout: 3 }, 'no answer within 50 ms')).to.equal(
        '4 failed attempts (timeout 3, HTTP 429 1), last: no answer within 50 ms',
      );
    });

    it('should say until when the server paused the pool and why, and what a cut pause means', () => {
      const now = new Date(2025, 5, 1, 12, 0, 0).getTime();
      const error = new CapacityError(429, 'HTTP 429 Too Many Requests: quota exhausted');
      const pause = { until: 0, remainingMs: 90_000, requestedMs: 29_000, refusing: false, error };
      expect(describePause(pause, now)).to.equal(
        "paused until 12:01:30 at the server's request (HTTP 429 Too Many Requests: quota exhausted)",
      );
      const cut = { ...pause, remainingMs: 3_600_000, requestedMs: 40 * 86_400_000, refusing: true };
      expect(describePause(cut, now)).to.equal(
        "paused until 13:00:00 at the server's request (HTTP 429 Too Many Requests: quota exhausted): " +
          "it asked for 40 d, beyond a row's retry budget (--max-retry-seconds), so the pause is cut " +
          'to the budget and the rows waiting meanwhile fail',
      );
    });

    it('should give the date of a time that is not today', () => {
      const now = new Date(2025, 5, 1, 23, 0, 0).getTime();
      expect(formatClock(new Date(2025, 5, 2, 1, 2, 3).getTime(), now)).to.equal('2025-06-02 01:02:03');
    });
  });
});
