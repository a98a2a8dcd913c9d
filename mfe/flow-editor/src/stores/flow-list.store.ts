import { defineStore } from 'pinia'
import { ref } from 'vue'
import { maxFlowFileBytes, readFlowFile, type Flow } from '@troupe/sdk'
import { useApi, useResourceList } from '@troupe/mfe-kit'

/** The tenant's flows, newest change first, kept current by the `flows` service events. */
export const useFlowListStore = defineStore('flow-editor/list', () => {
  const { items: flows, total, loading, error, load, remove, upsert, forget } = useResourceList<Flow>({
    fetch: () => useApi().service('flows').find({ query: { $limit: 100, $sort: { updatedAt: -1 } } }),
    destroy: (id) => useApi().service('flows').remove(id)
  })

  const importing = ref(false)

  /**
   * Creates a flow from a flow file (`readFlowFile`); the server checks it like any flow it is sent.
   * Answers the new flow, or undefined with `error` saying why (the file, or the server's 400 naming the field).
   */
  async function importFile(file: Pick<File, 'size' | 'text'>): Promise<Flow | undefined> {
    error.value = undefined
    if (file.size > maxFlowFileBytes) {
      error.value = new Error(`The file is larger than ${maxFlowFileBytes / 1024 / 1024} MiB`)
      return undefined
    }
    importing.value = true
    try {
      const read = readFlowFile(await file.text())
      if ('error' in read) {
        error.value = new Error(read.error)
        return undefined
      }
      const created = await useApi().service('flows').create(read.flow)
      upsert(created)
      return created
    } catch (caught) {
      error.value = caught
      return undefined
    } finally {
      importing.value = false
    }
  }

  return { flows, total, loading, error, importing, load, remove, upsert, forget, importFile }
})
