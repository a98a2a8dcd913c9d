import { Type, type Static } from '@feathersjs/typebox'

export const pluginInfoSchema = Type.Object(
  {
    id: Type.String(),
    version: Type.String(),
    apiVersion: Type.String(),
    description: Type.Optional(Type.String()),
    contributes: Type.Object({
      nodeTypes: Type.Array(Type.String()),
      llmProviders: Type.Array(Type.String()),
      toolRuntimes: Type.Array(Type.String()),
      /** Log stores (`mongodb`), opened when the configuration selects them. */
      logStores: Type.Array(Type.String()),
      /** Trigger node types whose lifecycle the plugin runs (since plugin API 1.5). */
      triggerTypes: Type.Optional(Type.Array(Type.String())),
      /** Tool kinds, with the schema of their settings (since plugin API 1.5). */
      toolKinds: Type.Optional(
        Type.Array(
          Type.Object({
            kind: Type.String(),
            displayName: Type.String(),
            description: Type.Optional(Type.String()),
            settingsSchema: Type.Record(Type.String(), Type.Unknown()),
            holdsSecrets: Type.Boolean()
          })
        )
      )
    })
  },
  { $id: 'PluginInfo', additionalProperties: false }
)
export type PluginInfo = Static<typeof pluginInfoSchema>

const Port = Type.Object({ name: Type.String(), displayName: Type.Optional(Type.String()) })

/** A node type as the editor and MCP see it: everything but the code. */
export const nodeTypeInfoSchema = Type.Object(
  {
    type: Type.String(),
    /** The latest (major) version loaded: what a node added now gets as its `typeVersion`. */
    version: Type.Integer(),
    /** Every version loaded, ascending (flows saved with an older one keep running on it). */
    versions: Type.Array(Type.Integer({ minimum: 1 })),
    displayName: Type.String(),
    description: Type.String(),
    category: Type.String(),
    params: Type.Record(Type.String(), Type.Unknown()),
    inputs: Type.Array(Port),
    outputs: Type.Array(Port),
    trigger: Type.Boolean(),
    /** `POST /node-type-previews` explains its params (a schedule's next fire times). Since plugin API 1.5. */
    preview: Type.Boolean(),
    plugin: Type.String()
  },
  { $id: 'NodeTypeInfo', additionalProperties: false }
)
export type NodeTypeInfo = Static<typeof nodeTypeInfoSchema>

export const nodeTypeQuerySchema = Type.Object(
  { category: Type.Optional(Type.String()), plugin: Type.Optional(Type.String()) },
  { additionalProperties: false }
)
/** `POST /api/v1/node-type-previews`: what the node type says about these params. */
export const nodeTypePreviewDataSchema = Type.Object(
  {
    type: Type.String({ minLength: 1, maxLength: 200 }),
    version: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    params: Type.Record(Type.String(), Type.Unknown(), { maxProperties: 200 })
  },
  { $id: 'NodeTypePreviewData', additionalProperties: false }
)
export type NodeTypePreviewData = Static<typeof nodeTypePreviewDataSchema>
export interface NodeTypePreview {
  title: string
  items: string[]
}

export const pluginQuerySchema = Type.Object({}, { additionalProperties: false })
