/** The barcode formats the warehouse reads (Barcode Detection API names). */
export const SCAN_FORMATS = ['ean_13', 'ean_8', 'code_128', 'upc_a', 'qr_code'] as const;

export type Detector = {
  detect(source: HTMLCanvasElement): Promise<readonly { rawValue: string; format: string }[]>;
};

type NativeDetectorClass = {
  new (options: { formats: string[] }): Detector;
  getSupportedFormats(): Promise<string[]>;
};

let pending: Promise<Detector> | null = null;

/**
 * The browser's own BarcodeDetector where it reads every format we need (Android Chrome, Safari
 * 17+), else the zxing-wasm polyfill. The polyfill and its wasm are loaded only here (a lazy chunk
 * and an asset of this app, never a CDN), and only once.
 */
export function loadDetector(): Promise<Detector> {
  pending ??= create().catch((err: unknown) => {
    pending = null;
    throw err;
  });
  return pending;
}

async function create(): Promise<Detector> {
  const Native = (globalThis as { BarcodeDetector?: NativeDetectorClass }).BarcodeDetector;
  if (Native) {
    const supported = await Native.getSupportedFormats().catch(() => [] as string[]);
    if (SCAN_FORMATS.every((f) => supported.includes(f))) return new Native({ formats: [...SCAN_FORMATS] });
  }
  const [{ BarcodeDetector, prepareZXingModule }, { default: wasmUrl }] = await Promise.all([
    import('barcode-detector/ponyfill'),
    import('zxing-wasm/reader/zxing_reader.wasm?url'),
  ]);
  await prepareZXingModule({
    overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path) },
    fireImmediately: true,
  });
  return new BarcodeDetector({ formats: [...SCAN_FORMATS] });
}
