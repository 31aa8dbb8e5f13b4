import { expect } from 'chai';
import { RingQueue } from '../../lib/internal/RingQueue.js';

function drain<T>(queue: RingQueue<T>): T[] {
  const out: T[] = [];
  while (queue.size > 0) out.push(queue.shift() as T);
  return out;
}

/** The backing array, to check compaction and released slots. */
function slotsOf<T>(queue: RingQueue<T>): unknown[] {
  return (queue as unknown as { items: unknown[] }).items;
}

describe('RingQueue', () => {
  it('should start empty', () => {
    const queue = new RingQueue<number>();
    expect(queue.size).to.equal(0);
    expect(queue.peek()).to.equal(undefined);
    expect(queue.shift()).to.equal(undefined);
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
    const all = Array.from({ length: 10_000 }, (_, i) => i);
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

  it('should keep FIFO order across compactions when pushes and shifts interleave', () => {
    const queue = new RingQueue<number>();
    const out: (number | undefined)[] = [];
    let next = 0;
    let longest = 0;
    // Shifts lag pushes, so the consumed prefix passes 1024 and half the array many times over.
    while (next < 10_000) {
      for (let i = 0; i < 3; i++) queue.push(next++);
      for (let i = 0; i < 2; i++) out.push(queue.shift());
      // Compaction keeps the consumed prefix from growing without bound.
      longest = Math.max(longest, slotsOf(queue).length - 2 * queue.size);
    }
    expect(longest).to.be.at.most(2048);
    out.push(...drain(queue));
    expect(out).to.deep.equal(Array.from({ length: next }, (_, i) => i));
  });

  it('should hold steady-state traffic without losing items', () => {
    const queue = new RingQueue<number>();
    const out: (number | undefined)[] = [];
    for (let i = 0; i < 2000; i++) queue.push(i);
    for (let i = 0; i < 10_000; i++) {
      out.push(queue.shift());
      queue.push(i + 2000);
    }
    expect(out).to.deep.equal(Array.from({ length: 10_000 }, (_, i) => i));
    expect(queue.size).to.equal(2000);
    expect(queue.peek()).to.equal(10_000);
  });

  it('should drop the reference of a shifted item at once', () => {
    const queue = new RingQueue<object>();
    const items = Array.from({ length: 5 }, () => ({}));
    items.forEach((item) => queue.push(item));
    queue.shift();
    // The consumed slot holds undefined: the only way to observe it is through the internals.
    const slots = slotsOf(queue);
    expect(slots[0]).to.equal(undefined);
    expect(slots[1]).to.equal(items[1]);
  });

  it('should retain the items that pass, in order', () => {
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

  it('should see only live items in retain', () => {
    const queue = new RingQueue<number>();
    [1, 2, 3, 4].forEach((n) => queue.push(n));
    queue.shift();
    const seen: number[] = [];
    queue.retain((n) => {
      seen.push(n);
      return true;
    });
    expect(seen).to.deep.equal([2, 3, 4]);
    expect(drain(queue)).to.deep.equal([2, 3, 4]);
  });

  it('should empty on clear and stay usable', () => {
    const queue = new RingQueue<number>();
    [1, 2, 3].forEach((n) => queue.push(n));
    queue.shift();
    queue.clear();
    expect(queue.size).to.equal(0);
    expect(queue.peek()).to.equal(undefined);
    queue.push(9);
    expect(drain(queue)).to.deep.equal([9]);
  });
});
