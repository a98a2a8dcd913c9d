import type { NodeType } from '@troupe/sdk/plugin'

export interface TextStats {
  characters: number
  words: number
  lines: number
  sentences: number
}

/** Counts characters (code points), words, lines and sentences of a text. */
export function textStats(text: string): TextStats {
  const trimmed = text.trim()
  return {
    characters: [...text].length,
    words: trimmed ? trimmed.split(/\s+/u).length : 0,
    lines: text ? text.split(/\r\n|\r|\n/).length : 0,
    sentences: trimmed ? (trimmed.match(/[^.!?]+(?:[.!?]+|$)/g) ?? []).filter((part) => part.trim()).length : 0
  }
}

export const textStatsNode: NodeType<{ text: string }> = {
  type: 'text.stats',
  displayName: 'Text statistics',
  description: 'Counts the characters, words, lines and sentences of a text.',
  category: 'Data',
  params: {
    type: 'object',
    properties: { text: { type: 'string', title: 'Text' } },
    required: ['text'],
    additionalProperties: false
  },
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  async execute({ params, logger }) {
    const stats = textStats(params.text)
    logger.debug('counted text', { ...stats })
    return { output: stats }
  }
}
