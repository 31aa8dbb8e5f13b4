import { expect } from 'chai';
import fc from 'fast-check';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { decodePoolConfig } from '../../lib/config/decodePoolConfig.js';
import { formatPoolConfigErrors } from '../../lib/config/formatPoolConfigErrors.js';
import { PoolConfig, type PoolConfigInput } from '../../lib/config/PoolConfig.js';

const FIELDS = [
  'poolSize',
  'minDispatchDelayMs',
  'maxDispatchDelayMs',
  'backoffMultiplier',
  'recoveryStepMs',
  'maxCapacityRetrySeconds',
] as const;

const DEFAULTS = {
  poolSize: 1,
  minDispatchDelayMs: 0,
  maxDispatchDelayMs: 5000,
  backoffMultiplier: 2,
  recoveryStepMs: 50,
  maxCapacityRetrySeconds: 3600,
};

// Decodes and returns the formatted problems ([] when the input is valid).
function problems(u: unknown): string[] {
  const result = decodePoolConfig(u);
  return isLeft(result) ? formatPoolConfigErrors(result.left) : [];
}

function decoded(u: unknown): PoolConfig {
  const result = decodePoolConfig(u);
  if (isLeft(result))
    throw new Error(`expected a valid config:\n${formatPoolConfigErrors(result.left).join('\n')}`);
  return result.right;
}

describe('PoolConfig', () => {
  describe('defaults', () => {
    it('should give every default for an empty object', () => {
      expect(decoded({})).to.deep.equal(DEFAULTS);
    });

    it('should give every default for undefined (no options given)', () => {
      expect(decoded(undefined)).to.deep.equal(DEFAULTS);
    });

    it('should default fields that are absent or explicitly undefined', () => {
      expect(decoded({ poolSize: 4, backoffMultiplier: undefined })).to.deep.equal({
        ...DEFAULTS,
        poolSize: 4,
      });
    });
  });

  describe('valid values', () => {
    it('should keep custom values', () => {
      const input: PoolConfigInput = {
        poolSize: 16,
        minDispatchDelayMs: 10,
        maxDispatchDelayMs: 60_000,
        backoffMultiplier: 1.5,
        recoveryStepMs: 25,
        maxCapacityRetrySeconds: 120,
      };
      expect(decoded(input)).to.deep.equal(input);
    });

    it('should accept the boundaries', () => {
      expect(problems({ minDispatchDelayMs: 300, maxDispatchDelayMs: 300 })).to.deep.equal([]);
      expect(problems({ backoffMultiplier: 1.0001 })).to.deep.equal([]);
      expect(problems({ minDispatchDelayMs: 10, recoveryStepMs: 0 })).to.deep.equal([]);
      expect(problems({ poolSize: 1, minDispatchDelayMs: 0, maxCapacityRetrySeconds: 0.001 })).to.deep.equal(
        [],
      );
    });

    it('should be recognised by PoolConfig.is only once decoded in full', () => {
      expect(PoolConfig.is(decoded({ poolSize: 3 }))).to.equal(true);
      expect(PoolConfig.is({})).to.equal(false);
      expect(PoolConfig.is({ ...DEFAULTS, poolSize: 0 })).to.equal(false);
      expect(PoolConfig.is({ ...DEFAULTS, extra: 1 })).to.equal(false);
    });

    it('should encode back to plain numbers', () => {
      expect(PoolConfig.encode(decoded({ poolSize: 2 }))).to.deep.equal({ ...DEFAULTS, poolSize: 2 });
    });
  });

  describe('per-field rules', () => {
    it('should reject a pool size of 0 or 1.5', () => {
      expect(problems({ poolSize: 0 })).to.deep.equal(['`poolSize` must be an integer ≥ 1, received 0']);
      expect(problems({ poolSize: 1.5 })).to.deep.equal(['`poolSize` must be an integer ≥ 1, received 1.5']);
    });

    it('should reject a maximum delay of 0 and a negative minimum', () => {
      expect(problems({ maxDispatchDelayMs: 0 })).to.deep.equal([
        '`maxDispatchDelayMs` must be a finite number > 0, received 0',
      ]);
      expect(problems({ minDispatchDelayMs: -1 })).to.deep.equal([
        '`minDispatchDelayMs` must be a finite number ≥ 0, received -1',
      ]);
    });

    it('should reject a backoff multiplier of 1', () => {
      expect(problems({ backoffMultiplier: 1 })).to.deep.equal([
        '`backoffMultiplier` must be a finite number > 1, received 1',
      ]);
    });

    it('should reject a retry limit of 0 seconds', () => {
      expect(problems({ maxCapacityRetrySeconds: 0 })).to.deep.equal([
        '`maxCapacityRetrySeconds` must be a finite number > 0, received 0',
      ]);
    });

    it('should reject NaN, Infinity and -Infinity in every field', () => {
      for (const field of FIELDS) {
        for (const [value, shown] of [
          [NaN, 'NaN'],
          [Infinity, 'Infinity'],
          [-Infinity, '-Infinity'],
        ] as const) {
          const [problem, ...rest] = problems({ [field]: value });
          expect(rest, `${field} = ${shown}`).to.deep.equal([]);
          expect(problem).to.match(new RegExp(`^\`${field}\` must be .*, received ${shown}$`));
        }
      }
    });

    it('should reject wrong types: a numeric string, null and an object', () => {
      expect(problems({ poolSize: '3' })).to.deep.equal(['`poolSize` must be an integer ≥ 1, received "3"']);
      expect(problems({ recoveryStepMs: null })).to.deep.equal([
        '`recoveryStepMs` must be a finite number ≥ 0, received null',
      ]);
      expect(problems({ backoffMultiplier: { value: 2 } })).to.deep.equal([
        '`backoffMultiplier` must be a finite number > 1, received { value: 2 }',
      ]);
    });
  });

  describe('cross-field rules', () => {
    it('should reject a minimum delay above the maximum, at the maximum', () => {
      expect(problems({ minDispatchDelayMs: 800, maxDispatchDelayMs: 500 })).to.deep.equal([
        '`maxDispatchDelayMs` must be ≥ minDispatchDelayMs (800), received 500',
      ]);
    });

    it('should say when the maximum that is too small is the default', () => {
      expect(problems({ minDispatchDelayMs: 8000 })).to.deep.equal([
        '`maxDispatchDelayMs` must be ≥ minDispatchDelayMs (8000), received 5000 (the default)',
      ]);
    });

    it('should reject a recovery step of 0 when the minimum delay is 0, given or defaulted', () => {
      const expected = [
        '`recoveryStepMs` must be > 0 when minDispatchDelayMs is 0 (otherwise backoff never starts), received 0',
      ];
      expect(problems({ recoveryStepMs: 0 })).to.deep.equal(expected);
      expect(problems({ recoveryStepMs: 0, minDispatchDelayMs: 0 })).to.deep.equal(expected);
    });

    it('should not judge a cross-field rule when one of its fields is itself invalid', () => {
      expect(problems({ minDispatchDelayMs: NaN, maxDispatchDelayMs: 500 })).to.deep.equal([
        '`minDispatchDelayMs` must be a finite number ≥ 0, received NaN',
      ]);
      expect(problems({ minDispatchDelayMs: -5, recoveryStepMs: 0 })).to.deep.equal([
        '`minDispatchDelayMs` must be a finite number ≥ 0, received -5',
      ]);
    });
  });

  describe('unknown keys and non-objects', () => {
    it('should reject an extra key, naming the known ones', () => {
      expect(problems({ poolSize: 2, retries: 3 })).to.deep.equal([
        '`retries` is not a known option (known: poolSize, minDispatchDelayMs, maxDispatchDelayMs, ' +
          'backoffMultiplier, recoveryStepMs, maxCapacityRetrySeconds), received 3',
      ]);
    });

    it('should suggest the intended key for a case slip', () => {
      const [problem] = problems({ poolsize: 4 });
      expect(problem).to.match(/^`poolsize` is not a known option \(did you mean poolSize\? known: /);
    });

    it('should reject a non-object input with one clear error', () => {
      const cases: [unknown, string][] = [
        [null, 'null'],
        [[1, 2], '[1, 2]'],
        ['poolSize=3', '"poolSize=3"'],
        [3, '3'],
        [new Map(), '[object Map]'],
      ];
      for (const [input, shown] of cases) {
        expect(problems(input)).to.deep.equal([
          `\`PoolConfig\` must be an object of options (or undefined for all defaults), received ${shown}`,
        ]);
      }
    });
  });

  describe('several faults at once', () => {
    it('should report every problem, in field order, unknown keys last', () => {
      expect(
        problems({
          retries: 3,
          poolSize: 0,
          minDispatchDelayMs: 800,
          maxDispatchDelayMs: 500,
          backoffMultiplier: '2',
          recoveryStepMs: -1,
          maxCapacityRetrySeconds: Infinity,
        }),
      ).to.deep.equal([
        '`poolSize` must be an integer ≥ 1, received 0',
        '`maxDispatchDelayMs` must be ≥ minDispatchDelayMs (800), received 500',
        '`backoffMultiplier` must be a finite number > 1, received "2"',
        '`recoveryStepMs` must be a finite number ≥ 0, received -1',
        '`maxCapacityRetrySeconds` must be a finite number > 0, received Infinity',
        '`retries` is not a known option (known: poolSize, minDispatchDelayMs, maxDispatchDelayMs, ' +
          'backoffMultiplier, recoveryStepMs, maxCapacityRetrySeconds), received 3',
      ]);
    });
  });

  describe('properties', () => {
    const garbage = fc.oneof(
      fc.double(), // includes NaN, ±Infinity and -0
      fc.integer({ min: -3, max: 10_000 }),
      fc.double({ min: 0, max: 10_000, noNaN: true }),
      fc.constantFrom(undefined, null, true, '3', '', [], {}),
      fc.anything(),
    );
    const records = fc.record(Object.fromEntries(FIELDS.map((field) => [field, garbage])), {
      requiredKeys: [],
    });

    it('should either decode to a config obeying every rule or report problems at known fields', () => {
      fc.assert(
        fc.property(records, (input) => {
          const result = decodePoolConfig(input);
          if (isRight(result)) {
            const c = result.right;
            expect(Number.isInteger(c.poolSize) && c.poolSize >= 1).to.equal(true);
            expect(Number.isFinite(c.minDispatchDelayMs) && c.minDispatchDelayMs >= 0).to.equal(true);
            expect(Number.isFinite(c.maxDispatchDelayMs) && c.maxDispatchDelayMs > 0).to.equal(true);
            expect(c.maxDispatchDelayMs >= c.minDispatchDelayMs).to.equal(true);
            expect(Number.isFinite(c.backoffMultiplier) && c.backoffMultiplier > 1).to.equal(true);
            expect(Number.isFinite(c.recoveryStepMs) && c.recoveryStepMs >= 0).to.equal(true);
            expect(c.minDispatchDelayMs === 0 && c.recoveryStepMs === 0).to.equal(false);
            expect(Number.isFinite(c.maxCapacityRetrySeconds) && c.maxCapacityRetrySeconds > 0).to.equal(
              true,
            );
            for (const field of FIELDS) expect(c[field]).to.equal(input[field] ?? DEFAULTS[field]);
          } else {
            const messages = formatPoolConfigErrors(result.left);
            expect(messages).to.not.be.empty;
            for (const message of messages) {
              expect(
                FIELDS.some((field) => message.startsWith(`\`${field}\` must be `)),
                message,
              ).to.equal(true);
              expect(message).to.not.include('\n');
            }
          }
        }),
        { numRuns: 1000 },
      );
    });

    it('should report every unknown key, whatever its name', () => {
      const extras = fc.dictionary(fc.string(), fc.anything(), { minKeys: 1, maxKeys: 4 });
      fc.assert(
        fc.property(extras, (extra) => {
          const unknown = Object.keys(extra).filter((key) => !(FIELDS as readonly string[]).includes(key));
          const result = decodePoolConfig({ ...extra });
          const messages = isLeft(result) ? formatPoolConfigErrors(result.left) : [];
          const unknownMessages = messages.filter((m) => m.includes(' is not a known option ('));
          expect(unknownMessages).to.have.length(unknown.length);
          for (const message of messages) expect(message).to.not.include('\n');
        }),
      );
    });
  });
});
