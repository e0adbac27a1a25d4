// A tiny seeded PRNG. Output must be byte-identical for the same seed on every machine and Node
// version, so we avoid Math.random and anything whose sequence we do not own.

/** A uniform float in [0, 1). */
export type Rng = () => number;

/** mulberry32: 32-bit state, fast, good enough for synthetic data (not for cryptography). */
export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An independent stream per purpose ("songs", "events", day 3, ...). Each component draws from its
 * own stream, so changing one option (say malformedLines) does not reshuffle unrelated output.
 */
export function rngFor(seed: number, ...purpose: Array<string | number>): Rng {
  return mulberry32(deriveSeed(seed, ...purpose));
}

export function deriveSeed(seed: number, ...purpose: Array<string | number>): number {
  // FNV-1a over the seed's two 32-bit halves and the purpose, then a murmur3 finalizer.
  let h = 0x811c9dc5;
  const mix = (code: number): void => {
    h = Math.imul(h ^ (code & 0xff), 0x01000193);
  };
  const mix32 = (word: number): void => {
    for (let shift = 0; shift < 32; shift += 8) mix(word >>> shift);
  };
  mix32(seed >>> 0);
  mix32(Math.floor(seed / 4294967296) >>> 0);
  for (const part of purpose) {
    const text = String(part);
    for (let i = 0; i < text.length; i++) mix(text.charCodeAt(i));
    mix(0x1f); // separator, so ("ab", "c") and ("a", "bc") differ
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** An integer in [min, max], both inclusive. */
export function intBetween(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

export function chance(rng: Rng, probability: number): boolean {
  return rng() < probability;
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)] as T;
}

/** An index in [0, size) skewed towards 0: a few popular songs, a long tail. */
export function skewedIndex(rng: Rng, size: number, skew = 2): number {
  return Math.min(size - 1, Math.floor(size * Math.pow(rng(), skew)));
}

/** Rounded to `digits` decimals, as the source data stores coordinates and durations. */
export function roundTo(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
