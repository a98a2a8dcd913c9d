import { describe, expect, it } from 'vitest'
import { embeddingWords, featureHashEmbedding, featureHashDimensions } from './feature-hash-embedding.js'

const cosine = (a: number[], b: number[]) => a.reduce((sum, value, index) => sum + value * b[index]!, 0)

describe('featureHashEmbedding', () => {
  it('is deterministic, of unit length, and of the asked length', () => {
    const vector = featureHashEmbedding('The refund policy allows returns within 30 days')
    expect(vector).toHaveLength(featureHashDimensions)
    expect(featureHashEmbedding('The refund policy allows returns within 30 days')).toEqual(vector)
    expect(Math.hypot(...vector)).toBeCloseTo(1, 10)
    expect(featureHashEmbedding('x', 64)).toHaveLength(64)
    expect(featureHashEmbedding('  ,;  ')).toEqual(new Array(featureHashDimensions).fill(0))
  })

  it('ranks texts that share words above texts that do not, whatever the case or accents', () => {
    const query = featureHashEmbedding('How do REFUNDS and returns work?')
    const related = featureHashEmbedding('Returns and refunds: you may send items back within 30 days')
    const unrelated = featureHashEmbedding('Our office is closed on public holidays')
    expect(cosine(query, related)).toBeGreaterThan(cosine(query, unrelated) + 0.2)
    expect(embeddingWords('Crème Brûlée, 2 ways')).toEqual(['creme', 'brulee', '2', 'ways'])
  })
})
