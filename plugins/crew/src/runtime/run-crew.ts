import { recallMemories, rememberRun } from './crew-memory.js'
import { interpolateCrew } from './interpolate.js'
import { runHierarchical } from './run-hierarchical.js'
import { runSequential } from './run-sequential.js'
import type { CrewResult, RunCrewOptions } from './types.js'
import { assertCrewCanRun } from './validate-crew.js'

/**
 * Runs a crew once: fills `{placeholders}` from `inputs`, recalls long-term memories (crews with
 * `memory`), runs the tasks sequentially or under a manager, and remembers a summary of a
 * successful run. A failed run throws and is not remembered.
 */
export async function runCrew({ crew, inputs, services }: RunCrewOptions): Promise<CrewResult> {
  assertCrewCanRun(crew)
  const prepared = interpolateCrew(crew, inputs)
  const memories = await recallMemories(prepared, inputs, services)
  const run = prepared.process === 'hierarchical' ? runHierarchical : runSequential
  const result = await run(prepared, memories, services)
  await rememberRun(prepared, inputs, result.tasks, services)
  return result
}
