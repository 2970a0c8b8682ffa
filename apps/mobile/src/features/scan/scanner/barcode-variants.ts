/**
 * The same retail code is written two ways: UPC-A's 12 digits, or as an EAN-13 with a leading 0
 * (zxing reports a UPC-A as that EAN-13; a native detector as 12 digits). The codes a product
 * could be stored under, the read one first.
 */
export function barcodeVariants(code: string): string[] {
  if (/^0\d{12}$/.test(code)) return [code, code.slice(1)];
  if (/^\d{12}$/.test(code)) return [code, `0${code}`];
  return [code];
}
