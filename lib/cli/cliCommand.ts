// The `pooled-map` command line as commander sees it: flags, help text and parsing mode.
import { Command } from 'commander';
import { packageVersion } from './packageVersion.js';
import { POOL_FLAGS } from './poolSettings.js';

/**
 * The command's flags and help. Values are plain strings (parseArgs checks them, all at once);
 * unknown options and stray arguments are kept rather than thrown; errors are not printed.
 */
export function cliCommand(): Command {
  const command = new Command('pooled-map')
    .description(
      'POST each NDJSON row to an API through a rate-adaptive pool; write one NDJSON record per row, in input order.',
    )
    .usage('--url <url> [options]')
    .version(packageVersion(), '-V, --version', 'print the version and exit')
    .option('--url <url>', 'endpoint each row is POSTed to as a JSON body (required)')
    .option('-i, --input <file>', 'NDJSON input, one row per line ("-" or absent: stdin)')
    .option('-o, --output <file>', 'NDJSON output ("-" or absent: stdout)')
    .option('-c, --config <file>', 'pool settings, YAML or JSON, at top level or under `pool:`');
  for (const [flag, help] of Object.values(POOL_FLAGS)) command.option(`${flag} <n>`, `${help}`);
  return command
    .option('-H, --header <header>', "extra request header 'Name: value' (repeatable)", collect)
    .option('--timeout-ms <ms>', 'per-attempt timeout; a timed-out attempt is retried (default: none)')
    .option(
      '--give-up-after <seconds>',
      'stop the run (exit 3) once no request has been answered for this long while every attempt fails; 0: never (default 300)',
    )
    .option('--resume', 'continue the --output file of an interrupted run: skip the rows it holds, append')
    .option(
      '--redis <url>',
      'share one pace with every process using this Redis (redis://host:port): one quota, many processes',
    )
    .option('--gate <name>', 'the shared gate to join (default: pooled-map:<origin of --url>); needs --redis')
    .option(
      '--when-redis-down <mode>',
      'Redis out of reach: local (default) paces alone at its share of the last pace; pause waits for it',
    )
    .option('-q, --quiet', 'no progress and no summary on stderr (errors are still printed)')
    .addHelpText(
      'after',
      '\nBlank lines are skipped. Exit codes: 0 every row succeeded, 1 some rows failed (all written),\n' +
        '2 usage or config error (nothing sent), 3 runtime error or gave up (--give-up-after),\n' +
        '130 interrupted (SIGINT), 143 (SIGTERM), 141 the reader of the output left (| head),\n' +
        'quietly, as a process killed by SIGPIPE.',
    )
    .allowUnknownOption()
    .allowExcessArguments()
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, outputError: () => undefined });
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** The long flags, for "did you mean". */
export function knownFlags(command: Command): string[] {
  return command.options.map((option) => option.long).filter((long) => long !== undefined);
}
