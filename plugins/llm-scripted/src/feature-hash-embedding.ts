/** The vector length of the offline embedder's default model. */
export const featureHashDimensions = 256

/** 32-bit FNV-1a of a string's UTF-16 code units: fast, stable across runs and machines. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

/** The words of a text, lower-cased and accent-folded: letters and digits of any script. */
export function embeddingWords(text: string): string[] {
  return text.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').match(/[\p{L}\p{N}]+/gu) ?? []
}

/**
 * A deterministic embedding by feature hashing (the "hashing trick"): every word and every pair
 * of neighbouring words is hashed to one of `dimensions` slots with a sign taken from the hash
 * (words weigh 1, pairs 0.5), and the vector is scaled to length 1. Texts sharing words point the
 * same way, so cosine similarity ranks them as a keyword match would; there is no meaning beyond
 * the words (no synonyms). No network, no model download: what `npm start` searches with offline.
 */
export function featureHashEmbedding(text: string, dimensions = featureHashDimensions): number[] {
  const vector = new Array<number>(dimensions).fill(0)
  const words = embeddingWords(text)
  const add = (feature: string, weight: number) => {
    const hash = fnv1a(feature)
    vector[hash % dimensions]! += hash & 0x80000000 ? -weight : weight
  }
  for (const [index, word] of words.entries()) {
    add(word, 1)
    if (index > 0) add(`${words[index - 1]} ${word}`, 0.5)
  }
  const length = Math.hypot(...vector)
  return length === 0 ? vector : vector.map((value) => value / length)
}
