import { createHash } from 'node:crypto'

/**
 * Deterministic uniform [0, 1) from a key: the JavaScript side's stand-in for
 * Math.random, so the same inputs always give the same demo files.
 */
export function rand(...key: Array<string | number>): number {
  const digest = createHash('sha256').update(key.join('\u0000')).digest()
  return digest.readUIntBE(0, 6) / 2 ** 48
}

/** Deterministic integer in [min, max]. */
export function randInt(min: number, max: number, ...key: Array<string | number>): number {
  return min + Math.floor(rand(...key) * (max - min + 1))
}

export const pad = (n: number, width: number): string => String(n).padStart(width, '0')
