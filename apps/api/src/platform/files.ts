import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import { randomBytes, randomUUID } from 'node:crypto';
import { constants, type ReadStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import type { Config } from '../config';
import { AppError } from './errors';

/* Uploads: read at the edge, checked by content, re-encoded, stored under generated names. */

const invalidImage = (detail: string) => new AppError('invalid_image', 400, detail);

/**
 * Reads the one file of a multipart/form-data request into memory. The multipart plugin's
 * `fileSize` limit caps it; a file over the limit is a 413, never a partial buffer.
 */
export async function readUploadedFile(request: FastifyRequest): Promise<Buffer> {
  if (!request.isMultipart()) {
    throw new AppError('unsupported_media_type', 415, 'Send the image as multipart/form-data');
  }
  const tooLarge = () => new AppError('payload_too_large', 413, 'The file is larger than the upload limit');
  try {
    const part = await request.file();
    if (!part) {
      throw new AppError('validation_failed', 400, 'The request has no file', {
        errors: [{ path: 'body.file', message: 'one image file is required' }],
      });
    }
    const chunks: Buffer[] = [];
    for await (const chunk of part.file) chunks.push(chunk as Buffer);
    if (part.file.truncated) throw tooLarge();
    return Buffer.concat(chunks);
  } catch (err) {
    if (err instanceof AppError) throw err;
    const status = (err as { statusCode?: unknown }).statusCode;
    if (status === 413) throw tooLarge();
    if (typeof status === 'number') throw err;
    // The multipart parser throws plain errors ("Boundary not found", "Unexpected end of form"):
    // they describe the request, not the server.
    throw new AppError('malformed_request', 400, 'The multipart/form-data body is malformed');
  }
}

export type ImageFormat = 'jpeg' | 'png' | 'webp';

/** The format by magic bytes; the client's file name and Content-Type are never consulted. */
export function sniffImage(data: Buffer): ImageFormat | null {
  const at = (offset: number, bytes: number[]) => bytes.every((b, i) => data[offset + i] === b);
  if (at(0, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (at(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (data.length >= 12 && data.toString('latin1', 0, 4) === 'RIFF' && data.toString('latin1', 8, 12) === 'WEBP') {
    return 'webp';
  }
  return null;
}

export const IMAGE_LIMITS = Object.freeze({
  /** Decompression bombs: a 5 MB PNG can claim gigapixels. */
  maxInputPixels: 40_000_000,
  maxSide: 2000,
  thumbSide: 320,
});

export type EncodedImage = Readonly<{ data: Buffer; width: number; height: number }>;
export type ProcessedImage = Readonly<{ full: EncodedImage; thumb: EncodedImage; contentType: 'image/webp' }>;

/**
 * Decodes an untrusted JPEG/PNG/WebP and re-encodes it as WebP: EXIF orientation applied,
 * at most 2000 px a side, plus a 320 px thumbnail. No metadata survives (sharp drops it
 * unless asked to keep it), so camera serials, GPS and comments never leave the server.
 */
export async function processImage(data: Buffer): Promise<ProcessedImage> {
  const format = sniffImage(data);
  if (!format) throw invalidImage('Only JPEG, PNG and WebP images are accepted');
  const input = { limitInputPixels: IMAGE_LIMITS.maxInputPixels, failOn: 'error' as const };
  try {
    const meta = await sharp(data, input).metadata();
    // The decoder must agree with the magic bytes: no polyglots through a lenient loader.
    if (meta.format !== format) throw invalidImage('The file is not a valid image');
    const full = await sharp(data, input)
      .rotate()
      .resize({ width: IMAGE_LIMITS.maxSide, height: IMAGE_LIMITS.maxSide, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 82 })
      .toBuffer({ resolveWithObject: true });
    const thumb = await sharp(full.data)
      .resize({
        width: IMAGE_LIMITS.thumbSide,
        height: IMAGE_LIMITS.thumbSide,
        fit: 'inside',
        withoutEnlargement: true,
      })
      .webp({ quality: 80 })
      .toBuffer({ resolveWithObject: true });
    return {
      full: { data: full.data, width: full.info.width, height: full.info.height },
      thumb: { data: thumb.data, width: thumb.info.width, height: thumb.info.height },
      contentType: 'image/webp',
    };
  } catch (err) {
    if (err instanceof AppError) throw err;
    const pixels = /pixel limit/i.test((err as Error).message);
    throw invalidImage(
      pixels
        ? `The image is larger than ${IMAGE_LIMITS.maxInputPixels / 1_000_000} megapixels`
        : 'The file is not a valid image',
    );
  }
}

/** Names the server gives a stored image and its thumbnail; nothing of the client's. */
export const STORED_IMAGE_NAME = /^[0-9a-f-]{36}(-thumb)?\.webp$/;

export function newImageNames(): { file: string; thumb: string } {
  const id = randomUUID();
  return { file: `${id}.webp`, thumb: `${id}-thumb.webp` };
}

/** The directory one kind of upload lives in. */
export function uploadDir(config: Config, kind: 'products'): string {
  return join(config.uploadDir, kind);
}

/** A bare file name inside `dir`: no separators, no `..`, no dot-files (our temp files). */
function pathIn(dir: string, name: string): string {
  if (!name || basename(name) !== name || name.startsWith('.') || name.includes('\\')) {
    throw new Error(`refusing file name ${JSON.stringify(name)}`);
  }
  return join(dir, name);
}

/** Writes a temp file in the same directory, flushes it, then renames: readers never see half a file. */
export async function writeFileAtomic(dir: string, name: string, data: Buffer): Promise<void> {
  const target = pathIn(dir, name);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', 0o644);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

/** Removes stored files; a missing one is fine, any other failure is logged, never thrown. */
export async function removeFiles(dir: string, names: string[], log: FastifyBaseLogger): Promise<void> {
  for (const name of names) {
    try {
      await rm(pathIn(dir, name), { force: true });
    } catch (err) {
      log.error({ err, dir, name }, 'could not remove a stored file');
    }
  }
}

/** Opens a stored file for reading (not through a symlink), or null when there is none. */
export async function openStoredFile(dir: string, name: string): Promise<{ stream: ReadStream; size: number } | null> {
  let handle;
  try {
    handle = await open(pathIn(dir, name), constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ELOOP' || code === 'ENOTDIR') return null;
    throw err;
  }
  try {
    const stat = await handle.stat();
    if (stat.isFile()) return { stream: handle.createReadStream(), size: stat.size };
  } catch (err) {
    await handle.close();
    throw err;
  }
  await handle.close();
  return null;
}
