import type { Knex } from 'knex'

/**
 * Node types are versioned (`typeVersion` on each node of a flow): every node saved so far was
 * saved with version 1, the only one any node type had. Writing that into the flows (not their
 * kept versions, which read a missing `typeVersion` as 1 anyway) keeps a later save from moving
 * such a node to a newer version that a plugin may add.
 */
export async function up(knex: Knex, schema: string): Promise<void> {
  await knex.raw(
    `update ??.flows set nodes = (
       select coalesce(jsonb_agg(case when node -> 'typeVersion' is null then node || '{"typeVersion": 1}'::jsonb else node end order by position), '[]'::jsonb)
         from jsonb_array_elements(nodes) with ordinality as list(node, position))
     where exists (select 1 from jsonb_array_elements(nodes) as node where node -> 'typeVersion' is null)`,
    [schema]
  )
}

export async function down(knex: Knex, schema: string): Promise<void> {
  await knex.raw(
    `update ??.flows set nodes = (
       select coalesce(jsonb_agg(node - 'typeVersion' order by position), '[]'::jsonb) from jsonb_array_elements(nodes) with ordinality as list(node, position))`,
    [schema]
  )
}
