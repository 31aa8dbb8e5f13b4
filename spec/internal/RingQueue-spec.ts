import { expect } from 'chai';
import { RingQueue } from '../../lib/internal/RingQueue.js';

function drain<T>(queue: RingQueue<T>): T[] {
  const out: T[] = [];
  while (queue.size > 0) out.push(queue.shift() as T);
  return out;
}

function range(from: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => from + i);
}

/** The ring's backing array, to check its growth and released slots. */
function slotsOf<T>(queue: RingQueue<T>): unknown[] {
  return (queue as unknown as { slots: unknown[] }).slots;
}

describe('RingQueue', () => {
  it('should start empty', () => {
    const queue = new RingQueue<number>();
    expect(queue.size).to.equal(0);
    expect(queue.peek()).to.equal(undefined);
    expect(queue.shift()).to.equal(undefined);
    expect(queue.size).to.equal(0);
  });

  it('should be first in, first out', () => {
    const queue = new RingQueue<string>();
    queue.push('a');
    queue.push('b');
    expect(queue.peek()).to.equal('a');
    expect(queue.size).to.equal(2);
    expect(queue.shift()).to.equal('a');
    queue.push('c');
    expect(drain(queue)).to.deep.equal(['b', 'c']);
  });

  it('should keep FIFO order over 10,000 items pushed then shifted', () => {
    const queue = new RingQueue<number>();
    const all = range(0, 10_000);
    all.forEach((n) => queue.push(n));
    expect(queue.size).to.equal(10_000);
    const peeked: (number | undefined)[] = [];
    const shifted: (number | undefined)[] = [];
    const sizes: number[] = [];
    while (queue.size > 0) {
      peeked.push(queue.peek());
      shifted.push(queue.shift());
      sizes.push(queue.size);
    }
    expect(peeked).to.deep.equal(all);
    expect(shifted).to.deep.equal(all);
    expect(sizes).to.deep.equal(all.map((i) => 9_999 - i));
    expect(queue.shift()).to.equal(undefined);
  });

  it('should keep FIFO order when it grows while its items wrap around the ring', () => {
    const queue = new RingQueue<number>();
    const out: (number | undefined)[] = [];
    let next = 0;
    // Shifts lag pushes, so the head keeps moving while the ring doubles many times over.
    while (next < 10_000) {
      for (let i = 0; i < 3; i++) queue.push(next++);
      for (let i = 0; i < 2; i++) out.push(queue.shift());
    }
    expect(queue.size).to.equal(next - out.length);
    out.push(...drain(queue));
    expect(out).to.deep.equal(range(0, next));
  });

  it('should grow exactly when a 17th item arrives at a wrapped head', () => {
    const queue = new RingQueue<number>();
    range(0, 10).forEach((n) => queue.push(n));
    range(0, 10).forEach(() => queue.shift());
    range(10, 16).forEach((n) => queue.push(n));
    expect(slotsOf(queue)).to.have.length(16);
    queue.push(26);
    expect(slotsOf(queue)).to.have.length(32);
    expect(drain(queue)).to.deep.equal(range(10, 17));
  });

  it('should stay small under steady traffic however many items pass', () => {
    const queue = new RingQueue<number>();
    const out: (number | undefined)[] = [];
    for (let i = 0; i < 2000; i++) queue.push(i);
    for (let i = 0; i < 10_000; i++) {
      out.push(queue.shift());
      queue.push(i + 2000);
    }
    expect(out).to.deep.equal(range(0, 10_000));
    expect(queue.size).to.equal(2000);
    expect(queue.peek()).to.equal(10_000);
    expect(slotsOf(queue)).to.have.length(2048);
  });

  it('should drop the reference of a shifted item at once', () => {
    const queue = new RingQueue<object>();
    const items = Array.from({ length: 5 }, () => ({}));
    items.forEach((item) => queue.push(item));
    queue.shift();
    expect(slotsOf(queue)).to.not.include(items[0]);
    expect(slotsOf(queue)).to.include(items[1]);
  });

  it('should retain the items that pass, in order, and keep working after', () => {
    const queue = new RingQueue<number>();
    for (let i = 0; i < 3000; i++) queue.push(i);
    for (let i = 0; i < 1500; i++) queue.shift();
    queue.retain((n) => n % 3 === 0);
    expect(queue.size).to.equal(500);
    expect(queue.peek()).to.equal(1500);
    queue.push(3001);
    const rest = drain(queue);
    expect(rest).to.have.length(501);
    expect(rest.slice(0, 3)).to.deep.equal([1500, 1503, 1506]);
    expect(rest[rest.length - 1]).to.equal(3001);
  });

  it('should retain across a wrapped head and release the dropped items', () => {
    const queue = new RingQueue<{ n: number }>();
    const items = range(0, 14).map((n) => ({ n }));
    items.slice(0, 10).forEach((item) => queue.push(item));
    for (let i = 0; i < 8; i++) queue.shift();
    items.slice(10).forEach((item) => queue.push(item));
    const seen: number[] = [];
    queue.retain((item) => {
      seen.push(item.n);
      return item.n % 2 === 0;
    });
    expect(seen).to.deep.equal([8, 9, 10, 11, 12, 13]);
    expect(slotsOf(queue)).to.not.include(items[9]);
    expect(drain(queue).map((item) => item.n)).to.deep.equal([8, 10, 12]);
  });

  it('should retain nothing when nothing passes', () => {
    const queue = new RingQueue<number>();
    range(0, 40).forEach((n) => queue.push(n));
    queue.retain(() => false);
    expect(queue.size).to.equal(0);
    expect(queue.peek()).to.equal(undefined);
    queue.push(7);
    expect(drain(queue)).to.deep.equal([7]);
  });

  it('should empty on clear and stay usable', () => {
    const queue = new RingQueue<number>();
    range(0, 100).forEach((n) => queue.push(n));
    queue.shift();
    queue.clear();
    expect(queue.size).to.equal(0);
    expect(queue.peek()).to.equal(undefined);
    expect(slotsOf(queue)).to.have.length(16);
    queue.push(9);
    expect(drain(queue)).to.deep.equal([9]);
  });
});
