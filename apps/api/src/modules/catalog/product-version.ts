import { AppError } from '../../platform/errors';

export const etagOf = (version: number) => `"${version}"`;

/** The version a write expects, from `If-Match: "<version>"` or the body's `version`. */
export function expectedVersion(ifMatch: string | undefined, bodyVersion: number | undefined): number {
  if (ifMatch === undefined) {
    if (bodyVersion === undefined) {
      throw new AppError(
        'precondition_required',
        428,
        'Send If-Match with the ETag you read (e.g. If-Match: "3"), or the version in the body',
      );
    }
    return bodyVersion;
  }
  const match = /^\s*"(\d{1,9})"\s*$/.exec(ifMatch);
  if (!match) throw new AppError('precondition_failed', 412, 'If-Match must be the ETag of one version, e.g. "3"');
  const version = Number(match[1]);
  if (bodyVersion !== undefined && bodyVersion !== version) {
    throw new AppError('validation_failed', 400, 'If-Match and version name different versions', {
      errors: [{ path: 'body.version', message: 'differs from If-Match' }],
    });
  }
  return version;
}

export const stale = (current: number) =>
  new AppError(
    'precondition_failed',
    412,
    `The product has changed since you read it (it is now version ${current}); reload and try again`,
    { headers: { etag: etagOf(current) } },
  );
