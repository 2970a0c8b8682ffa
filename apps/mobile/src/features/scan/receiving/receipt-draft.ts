/** What is being received against one purchase order, per line id; kept on the device. */
export type ReceiptDraft = Record<number, number>;

type Line = { id: number; productId: number; outstandingQuantity: number; name: string };

/** One more unit of the line selling `productId`, or null when the order has no such line. */
export function addUnit(draft: ReceiptDraft, lines: readonly Line[], productId: number): ReceiptDraft | null {
  const line = lines.find((l) => l.productId === productId);
  if (!line) return null;
  return { ...draft, [line.id]: (draft[line.id] ?? 0) + 1 };
}

export function setQuantity(draft: ReceiptDraft, lineId: number, quantity: number): ReceiptDraft {
  const next = { ...draft };
  if (quantity > 0) next[lineId] = quantity;
  else delete next[lineId];
  return next;
}

/** The lines receiving more than they still owe, with the excess. */
export function overReceipts<L extends Line>(draft: ReceiptDraft, lines: readonly L[]) {
  return lines
    .map((line) => ({ line, excess: (draft[line.id] ?? 0) - line.outstandingQuantity }))
    .filter((o) => o.excess > 0);
}

/** The receipt's lines for POST /purchase-orders/{id}/receipts. */
export function receiptLines(draft: ReceiptDraft) {
  return Object.entries(draft)
    .filter(([, q]) => q > 0)
    .map(([lineId, quantity]) => ({ lineId: Number(lineId), quantity }));
}
