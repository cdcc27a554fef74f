/**
 * A seeded pseudo-random source (mulberry32) for property tests and the fuzz generator: the same
 * seed gives the same inputs, so a failure is reproduced by re-running with its seed (design guide:
 * seeded randomness, never Math.random in a test).
 */
export interface Random {
  /** uniform in [0, 1) */
  next(): number;
  /** integer in [0, n) */
  int(n: number): number;
  /** integer in [min, max] */
  between(min: number, max: number): number;
  pick<T>(list: readonly T[]): T;
  chance(p: number): boolean;
}

export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    between: (min, max) => min + int(max - min + 1),
    pick: (list) => list[int(list.length)],
    chance: (p) => next() < p,
  };
}
