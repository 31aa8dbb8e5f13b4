// "Did you mean": the one helper behind the suggestions for unknown flags (`--pool-sise`) and for
// unknown option keys, in code or in a config file (`poolsize`, `pool_size`, `maxBufferd`).

/** Typos this far (edits) from a known name are suggested; farther, a guess would mislead. */
const MAX_EDITS = 2;

/**
 * The known name `name` most likely meant, or undefined. A slip of case or separators
 * (`poolsize`, `pool_size`, `--Pool-Size`) is the usual cause and wins outright; otherwise the
 * closest name within two edits, the first listed among equals.
 */
export function nearestName(name: string, known: readonly string[]): string | undefined {
  const loose = (text: string): string => text.toLowerCase().replace(/[-_]/g, '');
  const wanted = loose(name);
  const sameButCase = known.find((candidate) => loose(candidate) === wanted);
  if (sameButCase !== undefined) return sameButCase;
  let best: string | undefined;
  let bestEdits = MAX_EDITS + 1;
  for (const candidate of known) {
    const edits = distance(name.toLowerCase(), candidate.toLowerCase());
    if (edits < bestEdits) {
      best = candidate;
      bestEdits = edits;
    }
  }
  return best;
}

/** Levenshtein distance: names are short, so the quadratic table is nothing. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length]!;
}
