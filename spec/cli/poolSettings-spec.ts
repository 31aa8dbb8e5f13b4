// loadConfig and resolvePoolSettings: the config file and the flags, merged and checked together.
import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../lib/cli/loadConfig.js';
import { resolvePoolSettings, type PoolFlagValues } from '../../lib/cli/poolSettings.js';
import { removeTempDirs, tempDir } from './helpers.js';

function settingsFrom(text: string, flags: PoolFlagValues = {}, name = 'pool.yaml') {
  const file = join(tempDir(), name);
  writeFileSync(file, text);
  const loaded = loadConfig(file);
  const resolved = resolvePoolSettings(loaded.section, flags);
  return { file, problems: [...loaded.problems, ...(resolved.ok ? [] : resolved.problems)], resolved };
}

describe('pooled-map CLI', () => {
  describe('pool settings (config file and flags)', () => {
    afterEach(removeTempDirs);

    it('should read the settings at the top level or under pool:, flags overriding the file', () => {
      const top = settingsFrom('poolSize: 4\nminDispatchDelayMs: 10\nmaxBuffered: 32\n', { poolSize: 6 });
      expect(top.resolved).to.deep.include({ ok: true });
      expect(top.resolved.ok && top.resolved.settings).to.deep.equal({
        poolSize: 6,
        minDispatchDelayMs: 10,
        maxDispatchDelayMs: 5000,
        backoffMultiplier: 2,
        recoveryStepMs: 50,
        maxCapacityRetrySeconds: 3600,
        maxBuffered: 32,
      });
      const nested = settingsFrom('{ "service": "scoring", "pool": { "poolSize": 3 } }', {}, 'app.json');
      expect(nested.resolved.ok && nested.resolved.settings.poolSize).to.equal(3);
      expect(settingsFrom('').resolved.ok && settingsFrom('').resolved).to.deep.include({ ok: true });
    });

    it('should say which setting an unknown key of the file most likely meant', () => {
      const { file, problems } = settingsFrom('pool_size: 3\nmaxBufferd: 16\ntimeout: 5\n');
      const known =
        'known: poolSize, minDispatchDelayMs, maxDispatchDelayMs, backoffMultiplier, recoveryStepMs, maxCapacityRetrySeconds, maxBuffered';
      expect(problems).to.deep.equal([
        `${file}: \`pool_size\` is not a known option (did you mean poolSize? ${known}), received 3`,
        `${file}: \`maxBufferd\` is not a known option (did you mean maxBuffered? ${known}), received 16`,
        `${file}: \`timeout\` is not a known option (${known}), received 5`,
      ]);
    });

    it('should name the file and the path for the file, and the flag for a flag, listing every problem', () => {
      const { file, problems } = settingsFrom(
        'pool:\n  poolSize: 2\n  backoffMultiplier: 0.5\n  maxbuffered: 3\n  maxBuffered: 1\npoolSize: 9\n',
        { minDispatchDelayMs: 6000, recoveryStepMs: -1 },
      );
      expect(problems).to.have.members([
        `${file}: \`poolSize\` must be under \`pool:\` when the file has a \`pool:\` section`,
        `${file}: \`pool.backoffMultiplier\` must be a finite number > 1, received 0.5`,
        `${file}: \`pool.maxbuffered\` is not a known option (did you mean maxBuffered? known: poolSize, minDispatchDelayMs, maxDispatchDelayMs, backoffMultiplier, recoveryStepMs, maxCapacityRetrySeconds, maxBuffered), received 3`,
        `${file}: \`pool.maxBuffered\` must be an integer ≥ poolSize (2), received 1`,
        '`--recovery-step-ms` (recoveryStepMs) must be a finite number ≥ 0, received -1',
        '`--max-delay-ms` (maxDispatchDelayMs) must be ≥ minDispatchDelayMs (6000), received 5000 (the default)',
      ]);
    });

    it('should report a document that is not an object of settings, and a file that cannot be parsed', () => {
      const notObject = settingsFrom('pool: [1, 2]\n');
      expect(notObject.problems).to.deep.equal([
        `${notObject.file}: \`pool\` must be an object of options (or undefined for all defaults), received [1, 2]`,
      ]);
      const broken = settingsFrom('pool: {poolSize: 2\n');
      expect(broken.problems).to.have.length(1);
      expect(broken.problems[0]).to.match(new RegExp(`^${broken.file}: not valid YAML or JSON: `));
      // Whole: the parser's sentence and its code frame, the caret under the fault included.
      expect(broken.problems[0]).to.include('at line 2, column 1:\n    pool: {poolSize: 2\n    ^');
      expect(loadConfig(join(tempDir(), 'missing.yaml')).problems[0]).to.match(
        /^`--config` cannot be read: ENOENT/,
      );
    });
  });
});
