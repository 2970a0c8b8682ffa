import { describe, expect, it } from 'vitest';
import { addUnit, overReceipts, receiptLines, setQuantity } from './receipt-draft';

const lines = [
  { id: 10, productId: 1, outstandingQuantity: 2, name: 'Alpha' },
  { id: 11, productId: 2, outstandingQuantity: 5, name: 'Beta' },
];

describe('a receipt against a purchase order', () => {
  it('adds a unit per scan to the line of the scanned product', () => {
    let d = addUnit({}, lines, 1)!;
    d = addUnit(d, lines, 1)!;
    d = addUnit(d, lines, 2)!;
    expect(d).toEqual({ 10: 2, 11: 1 });
    expect(addUnit(d, lines, 99)).toBeNull();
  });

  it('finds the lines receiving more than they owe', () => {
    const d = setQuantity(setQuantity({}, 10, 3), 11, 5);
    expect(overReceipts(d, lines).map((o) => [o.line.id, o.excess])).toEqual([[10, 1]]);
  });

  it('sends only lines with a quantity', () => {
    const d = setQuantity(setQuantity({ 10: 2 }, 11, 4), 10, 0);
    expect(receiptLines(d)).toEqual([{ lineId: 11, quantity: 4 }]);
  });
});
