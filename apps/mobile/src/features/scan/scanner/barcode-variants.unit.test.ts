import { describe, expect, it } from 'vitest';
import { barcodeVariants } from './barcode-variants';

describe('barcode variants', () => {
  it('tries a UPC-A read as EAN-13 under its 12 digits too, and the reverse', () => {
    expect(barcodeVariants('0036000291452')).toEqual(['0036000291452', '036000291452']);
    expect(barcodeVariants('036000291452')).toEqual(['036000291452', '0036000291452']);
  });

  it('leaves other codes alone', () => {
    expect(barcodeVariants('7501234567893')).toEqual(['7501234567893']);
    expect(barcodeVariants('96385074')).toEqual(['96385074']);
    expect(barcodeVariants('WH-C-0001')).toEqual(['WH-C-0001']);
  });
});
