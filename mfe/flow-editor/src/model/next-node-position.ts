import type { FlowNode } from '@troupe/sdk'

type Position = { x: number; y: number }

/** Horizontal distance between a node added from the palette and the one added before it. */
export const nodeSpacing = 240

/**
 * Where a node added without dragging goes: right of the last node (so pressing palette items one
 * after another lays out a chain), or at `center` in an empty flow.
 */
export function nextNodePosition(nodes: FlowNode[], center: Position): Position {
  const last = [...nodes].reverse().find((node) => node.position)
  if (!last?.position) return { x: Math.round(center.x - 85), y: Math.round(center.y - 25) }
  return { x: last.position.x + nodeSpacing, y: last.position.y }
}
