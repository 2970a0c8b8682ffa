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

/** The browser's own detector, when it reads every format we need. */
async function nativeDetector(): Promise<NativeDetectorClass | null> {
  const Native = (globalThis as { BarcodeDetector?: NativeDetectorClass }).BarcodeDetector;
  if (!Native) return null;
  const supported = await Native.getSupportedFormats().catch(() => [] as string[]);
  return SCAN_FORMATS.every((f) => supported.includes(f)) ? Native : null;
}

/**
 * Fetches the polyfill's wasm ahead of need where the scanner will use it, so the service
 * worker keeps it (cache-first) and the scanner then starts offline too.
 */
export async function warmDecoder(): Promise<void> {
  if (await nativeDetector()) return;
  const { default: wasmUrl } = await import('zxing-wasm/reader/zxing_reader.wasm?url');
  const response = await fetch(wasmUrl);
  await response.arrayBuffer();
}

async function create(): Promise<Detector> {
  const Native = await nativeDetector();
  if (Native) return new Native({ formats: [...SCAN_FORMATS] });
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
