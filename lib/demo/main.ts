// `npm start`: runs the demo (see runDemo) from the package root and exits 0 when it completes.
// Ctrl-C stops it early; the records written so far and the chart of the run are still kept.
import { runDemo } from './runDemo.js';

const controller = new AbortController();
process.once('SIGINT', () => controller.abort());

runDemo({ signal: controller.signal }).then(
  // 130 after Ctrl-C, as the CLI exits.
  (result) => process.exit(result.summary.aborted ? 130 : 0),
  (error: unknown) => {
    process.stderr.write(
      `demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
