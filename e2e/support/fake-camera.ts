/**
 * A camera for Chromium's fake capture device: an MJPEG file (JPEG frames one after another) of a
 * barcode on a white page, generated at test time with bwip-js and sharp. Launch Chromium with
 * `fakeCameraArgs(file)` and grant the context the camera permission; getUserMedia then plays the
 * file in a loop.
 */
import bwipjs from 'bwip-js/node';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';

/** bwip-js's names for the symbologies the scanner decodes. */
export type FakeBarcodeFormat = 'ean13' | 'ean8' | 'code128' | 'upca' | 'qrcode';

export type FakeCameraOptions = {
  format?: FakeBarcodeFormat;
  width?: number;
  height?: number;
  /** How many frames the file holds (Chromium loops it); ~40 KB each. */
  frames?: number;
};

/** The barcode, rendered as a PNG at most `maxWidth` wide. */
async function barcodePng(code: string, format: FakeBarcodeFormat, maxWidth: number): Promise<Buffer> {
  const linear = format !== 'qrcode';
  const png = await bwipjs.toBuffer({
    bcid: format,
    text: code,
    scale: 3,
    ...(linear ? { height: 18, includetext: true, textxalign: 'center' as const } : {}),
    paddingwidth: 10,
    paddingheight: 10,
    backgroundcolor: 'FFFFFF',
  });
  const { width = 0 } = await sharp(png).metadata();
  return width > maxWidth ? sharp(png).resize({ width: maxWidth }).png().toBuffer() : png;
}

/** Writes the MJPEG file of `code` and returns its path. */
export async function fakeCameraFile(code: string, options: FakeCameraOptions = {}): Promise<string> {
  const { format = 'ean13', width = 640, height = 480, frames = 25 } = options;
  const barcode = await barcodePng(code, format, Math.round(width * 0.8));
  const white = { r: 255, g: 255, b: 255 };
  const jpegs: Buffer[] = [];
  for (let i = 0; i < frames; i++) {
    // A little movement from frame to frame, as a hand holding a phone gives.
    const shift = (i % 5) * 2;
    const frame = await sharp({ create: { width, height, channels: 3, background: white } })
      .composite([{ input: barcode, gravity: 'center', top: undefined, left: undefined }])
      .extend({ top: shift, left: shift, background: white })
      .extract({ left: 0, top: 0, width, height })
      .jpeg({ quality: 85 })
      .toBuffer();
    jpegs.push(frame);
  }
  const file = join(mkdtempSync(join(tmpdir(), 'bodega-fake-camera-')), `${format}-${code}.mjpeg`);
  writeFileSync(file, Buffer.concat(jpegs));
  return file;
}

/** Chromium's switches for a fake camera playing `file`, with the permission prompt answered yes. */
export function fakeCameraArgs(file: string): string[] {
  return [
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    `--use-file-for-fake-video-capture=${file}`,
  ];
}
