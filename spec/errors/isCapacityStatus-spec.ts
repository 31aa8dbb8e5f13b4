import { expect } from 'chai';
import { isCapacityStatus } from '../../lib/errors/isCapacityStatus.js';

describe('isCapacityStatus', () => {
  for (const code of [429, 503, 529]) {
    it(`should be true for ${code}`, () => expect(isCapacityStatus(code)).to.equal(true));
  }
  for (const code of [200, 400, 404, 500, 502, 504, 530, '429', null, undefined, NaN]) {
    it(`should be false for ${String(typeof code === 'string' ? JSON.stringify(code) : code)}`, () =>
      expect(isCapacityStatus(code)).to.equal(false));
  }
});
