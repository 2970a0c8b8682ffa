import type { Download } from '@bodega/client';

/**
 * Endpoints with `format=json|csv` are typed as answering either; asked without `format` (JSON),
 * this narrows the answer to the JSON one.
 */
export function jsonOnly<T>(data: T): Exclude<T, string> {
  if (typeof data === 'string') throw new TypeError('expected JSON, got text');
  return data as Exclude<T, string>;
}

/** Hands a downloaded file (CSV, PDF) to the browser as a save, with the server's file name. */
export function saveDownload(file: Download, fallbackName: string): void {
  const url = URL.createObjectURL(file.blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file.filename ?? fallbackName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
