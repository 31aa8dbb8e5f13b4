// Reads the --config file. YAML or JSON (YAML 1.2 reads JSON too, so one parser serves both).
// The pool settings sit either at the top level or under a `pool:` key, so a tool's larger
// config file can hold them in a section of their own.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { POOL_FLAGS, type ConfigSection } from './poolSettings.js';

/** The settings found (absent when the file could not be read or parsed), and the problems met. */
export interface LoadedConfig {
  section?: ConfigSection;
  problems: string[];
}

/**
 * Reads `file` and finds the pool settings in it:
 * - a top-level `pool` key → its value, with paths in messages like `pool.poolSize`; the other
 *   top-level keys belong to someone else and are ignored, except pool setting names, which are
 *   reported (they would be silently ignored otherwise);
 * - otherwise the whole document, whose unknown keys are then reported by the codec.
 * An empty file means "no settings". Nothing here checks the values: resolvePoolSettings does.
 */
export function loadConfig(file: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { problems: [`\`--config\` cannot be read: ${(error as Error).message}`] };
  }
  let document: unknown;
  try {
    document = parse(text) as unknown;
  } catch (error) {
    // yaml's message ends in a colon and goes on with a code frame (the line, a caret under the
    // fault): shown whole, indented under the problem, so the reader sees where.
    const lines = (error as Error).message.split('\n').filter((line) => line.trim() !== '');
    const message = lines.join('\n    ');
    return { problems: [`${file}: not valid YAML or JSON: ${message}`] };
  }
  if (document === null || document === undefined) {
    return { section: { file, pathPrefix: undefined, values: undefined }, problems: [] };
  }
  if (typeof document !== 'object' || Array.isArray(document) || !('pool' in document)) {
    return { section: { file, pathPrefix: undefined, values: document }, problems: [] };
  }
  const problems = Object.keys(document)
    .filter((key) => key in POOL_FLAGS)
    .map((key) => `${file}: \`${key}\` must be under \`pool:\` when the file has a \`pool:\` section`);
  return { section: { file, pathPrefix: 'pool', values: (document as { pool: unknown }).pool }, problems };
}
