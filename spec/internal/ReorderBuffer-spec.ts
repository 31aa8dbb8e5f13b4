import { expect } from 'chai';
import { ReorderBuffer } from '../../lib/internal/ReorderBuffer.js';

function filled(count: number, from = 0): ReorderBuffer<string> {
  const buffer = new ReorderBuffer<string>();
  for (let i = 0; i < from; i++) {
    buffer.put(i, `r${i}`);
    buffer.shift();
  }
  for (let i = from; i < from + count; i++) buffer.put(i, `r${i}`);
  return buffer;
}

describe('ReorderBuffer', () => {
  it('should start empty at index 0', () => {
    const buffer = new ReorderBuffer<string>();
    expect(buffer.size).to.equal(0);
    expect(buffer.headIndex).to.equal(0);
    expect(buffer.peek()).to.equal(undefined);
    expect(buffer.shift()).to.equal(undefined);
    expect(buffer.headIndex).to.equal(0);
  });

  it('should hold rows put in index order and address them by submit index', () => {
    const buffer = filled(3);
    expect(buffer.size).to.equal(3);
    expect([0, 1, 2].map((i) => buffer.get(i))).to.deep.equal(['r0', 'r1', 'r2']);
    expect(buffer.peek()).to.equal('r0');
  });

  it('should reject an index that is not the next one', () => {
    const buffer = filled(2);
    expect(() => buffer.put(3, 'x')).to.throw('ReorderBuffer: expected index 2, got 3');
    expect(() => buffer.put(1, 'x')).to.throw('ReorderBuffer: expected index 2, got 1');
    expect(buffer.size).to.equal(2);
  });

  it('should return undefined for indices outside the held range', () => {
    const buffer = filled(3, 5);
    expect(buffer.get(4)).to.equal(undefined);
    expect(buffer.get(8)).to.equal(undefined);
    expect(buffer.get(-1)).to.equal(undefined);
    expect(buffer.get(5)).to.equal('r5');
    expect(buffer.get(7)).to.equal('r7');
  });

  it('should shift rows in index order and advance the head', () => {
    const buffer = filled(3);
    expect(buffer.shift()).to.equal('r0');
    expect(buffer.headIndex).to.equal(1);
    expect(buffer.get(0)).to.equal(undefined);
    expect(buffer.shift()).to.equal('r1');
    expect(buffer.shift()).to.equal('r2');
    expect(buffer.size).to.equal(0);
    expect(buffer.headIndex).to.equal(3);
    expect(buffer.shift()).to.equal(undefined);
  });

  it('should keep slots reusable across many wraps of the ring', () => {
    const buffer = new ReorderBuffer<number>();
    for (let i = 0; i < 1000; i++) {
      buffer.put(i, i);
      if (i >= 10) expect(buffer.shift()).to.equal(i - 10);
    }
    expect(buffer.size).to.equal(10);
    expect(buffer.headIndex).to.equal(990);
    for (let i = 990; i < 1000; i++) expect(buffer.get(i)).to.equal(i);
  });

  it('should grow past 16 rows without losing or moving any, also when the range wraps', () => {
    for (const start of [0, 7, 16, 29]) {
      const buffer = filled(100, start);
      expect(buffer.size).to.equal(100);
      expect(buffer.headIndex).to.equal(start);
      for (let i = start; i < start + 100; i++) expect(buffer.get(i)).to.equal(`r${i}`);
      for (let i = start; i < start + 100; i++) expect(buffer.shift()).to.equal(`r${i}`);
      expect(buffer.size).to.equal(0);
    }
  });

  it('should grow exactly when the 17th row arrives', () => {
    const buffer = filled(16, 3);
    buffer.put(19, 'r19');
    expect(buffer.size).to.equal(17);
    for (let i = 3; i <= 19; i++) expect(buffer.get(i)).to.equal(`r${i}`);
  });

  it('should truncate from an index, returning the dropped rows in order', () => {
    const buffer = filled(6, 2);
    expect(buffer.truncate(5)).to.deep.equal(['r5', 'r6', 'r7']);
    expect(buffer.size).to.equal(3);
    expect(buffer.get(5)).to.equal(undefined);
    expect(buffer.get(4)).to.equal('r4');
    // Indices continue from the truncation point.
    buffer.put(5, 'again');
    expect(buffer.get(5)).to.equal('again');
  });

  it('should truncate everything when the index is at or below the head', () => {
    const buffer = filled(4, 3);
    expect(buffer.truncate(1)).to.deep.equal(['r3', 'r4', 'r5', 'r6']);
    expect(buffer.size).to.equal(0);
    expect(buffer.headIndex).to.equal(3);
    expect(buffer.peek()).to.equal(undefined);
    buffer.put(3, 'next');
    expect(buffer.peek()).to.equal('next');
  });

  it('should drop nothing when truncating at or past the end', () => {
    const buffer = filled(3);
    expect(buffer.truncate(3)).to.deep.equal([]);
    expect(buffer.truncate(10)).to.deep.equal([]);
    expect(buffer.size).to.equal(3);
    buffer.put(3, 'r3');
    expect(buffer.get(3)).to.equal('r3');
  });

  it('should truncate a grown, wrapped buffer', () => {
    const buffer = filled(40, 13);
    const dropped = buffer.truncate(20);
    expect(dropped).to.have.length(33);
    expect(dropped[0]).to.equal('r20');
    expect(dropped[32]).to.equal('r52');
    expect(buffer.size).to.equal(7);
    for (let i = 13; i < 20; i++) expect(buffer.shift()).to.equal(`r${i}`);
  });
});
