import type { StagedPart } from './part-writer.js';

/** A Redshift COPY manifest: every part is mandatory, with its stored size. */
export interface Manifest {
  entries: { url: string; mandatory: true; meta: { content_length: number } }[];
}

export function manifestFor(parts: readonly StagedPart[]): Manifest {
  return { entries: parts.map((p) => ({ url: p.url, mandatory: true, meta: { content_length: p.contentLength } })) };
}

/**
 * How many parts: enough that none is much over `targetBytes`, rounded up to a multiple of the
 * slice count so that every slice loads the same number of files.
 */
export function partCount(estimatedBytes: number, targetBytes: number, slices: number): number {
  if (!Number.isInteger(slices) || slices < 1) throw new Error(`slice count must be a whole number ≥ 1, not ${slices}`);
  if (!(targetBytes > 0)) throw new Error(`target part size must be positive, not ${targetBytes}`);
  const needed = Math.max(1, Math.ceil(estimatedBytes / targetBytes));
  return Math.ceil(needed / slices) * slices;
}
