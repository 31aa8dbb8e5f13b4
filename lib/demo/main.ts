// `npm start`: runs the demo (see runDemo) from the package root and exits 0 when it completes.
// Ctrl-C stops it early; the records written so far and the chart of the run are still kept.
import { runDemo } from './runDemo.js';

const controller = new AbortController();
process.once('SIGINT', () => controller.abort());

runDemo({ signal: controller.signal }).then(
  // process.exit, not just an exit code: fetch's idle keep-alive sockets could otherwise hold the
  // process open for a few more seconds after the summary.
  (result) => process.exit(result.summary.aborted ? 130 : 0),
  (error: unknown) => {
    process.stderr.write(
      `demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
