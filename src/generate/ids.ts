// Million Song Dataset style identifiers: a two-letter kind (TR track, SO song, AR artist) then 16
// uppercase alphanumerics, e.g. TRABBNP128F932546F. The public layout files a track under
// song_data/<id[2]>/<id[3]>/<id[4]>/, so those three letters decide the folder.

import type { Rng } from './random.js';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const TAIL = '0123456789ABCDEF0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export type IdKind = 'TR' | 'SO' | 'AR';

/** Issues unique ids of one kind; collisions are redrawn, deterministically. */
export class IdFactory {
  private readonly issued = new Set<string>();

  /**
   * @param folderLetters how many letters (from A) the first three id letters use. Real MSD ids
   *   use all 26, but small catalogues then scatter over thousands of one-file folders; the public
   *   sample, with 71 songs, only uses A/{A,B}/{A,B,C}.
   */
  constructor(
    private readonly kind: IdKind,
    private readonly rng: Rng,
    private readonly folderLetters = 26,
  ) {}

  next(): string {
    for (;;) {
      const id = this.draw();
      if (!this.issued.has(id)) {
        this.issued.add(id);
        return id;
      }
    }
  }

  private draw(): string {
    let id = this.kind;
    for (let i = 0; i < 3; i++) id += LETTERS[Math.floor(this.rng() * this.folderLetters)];
    for (let i = 0; i < 2; i++) id += LETTERS[Math.floor(this.rng() * 26)];
    for (let i = 0; i < 11; i++) id += TAIL[Math.floor(this.rng() * TAIL.length)];
    return id;
  }
}

/** How many leading letters to use so that folders hold a handful of tracks each. */
export function folderLettersFor(songCount: number): number {
  return Math.max(2, Math.min(26, Math.ceil(Math.cbrt(songCount / 4))));
}

/** song_data sub-folders for a track id: TRABBNP128F932546F -> ['A', 'B', 'B']. */
export function trackFolders(trackId: string): [string, string, string] {
  return [trackId.charAt(2), trackId.charAt(3), trackId.charAt(4)];
}
