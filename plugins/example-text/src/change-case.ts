import type { NodeType } from '@troupe/sdk/plugin'

export const caseModes = ['upper', 'lower', 'title', 'snake', 'kebab'] as const
export type CaseMode = (typeof caseModes)[number]

function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
}

/** Changes the case of a text; snake and kebab also split camelCase words. */
export function changeCase(text: string, mode: CaseMode): string {
  switch (mode) {
    case 'upper':
      return text.toUpperCase()
    case 'lower':
      return text.toLowerCase()
    case 'title':
      return text.toLowerCase().replace(/(^|[\s\-_(])(\p{L})/gu, (_match, lead: string, letter: string) => lead + letter.toUpperCase())
    case 'snake':
      return words(text).join('_').toLowerCase()
    case 'kebab':
      return words(text).join('-').toLowerCase()
  }
}

export const changeCaseNode: NodeType<{ text: string; mode: CaseMode }> = {
  type: 'text.change-case',
  displayName: 'Change case',
  description: 'Turns a text into upper, lower, title, snake or kebab case.',
  category: 'Data',
  params: {
    type: 'object',
    properties: {
      text: { type: 'string', title: 'Text', description: 'The text to change; templates such as {{ input.title }} are filled in first' },
      mode: { type: 'string', title: 'Case', enum: [...caseModes], default: 'upper' }
    },
    required: ['text', 'mode'],
    additionalProperties: false
  },
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  async execute({ params }) {
    return { output: { text: changeCase(params.text, params.mode) } }
  }
}
