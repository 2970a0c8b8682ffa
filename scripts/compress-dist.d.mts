/** See compress-dist.mjs. */
export function compressDist(dir: string): Promise<void>;
