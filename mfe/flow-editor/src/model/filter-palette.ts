import type { NodeTypeInfo } from '@troupe/sdk'

export interface PaletteCategory {
  name: string
  items: NodeTypeInfo[]
}

/**
 * The palette's categories narrowed to node types matching every word of `search` (in the name,
 * the type, the description or the category), empty categories left out; all of them for an
 * empty search.
 */
export function filterPalette(categories: readonly PaletteCategory[], search: string): PaletteCategory[] {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean)
  if (!words.length) return [...categories]
  return categories
    .map((category) => ({
      name: category.name,
      items: category.items.filter((type) => {
        const text = `${type.displayName} ${type.type} ${type.description ?? ''} ${category.name}`.toLowerCase()
        return words.every((word) => text.includes(word))
      })
    }))
    .filter((category) => category.items.length > 0)
}

/**
 * What Enter in the palette's search adds: the first shown node type whose name or type holds
 * every word (`output` is Output, not a node that mentions outputs), else the first shown.
 */
export function bestPaletteMatch(shown: readonly PaletteCategory[], search: string): NodeTypeInfo | undefined {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean)
  const items = shown.flatMap((category) => category.items)
  return items.find((type) => words.every((word) => `${type.displayName} ${type.type}`.toLowerCase().includes(word))) ?? items[0]
}
