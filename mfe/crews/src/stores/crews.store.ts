import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Crew } from '@troupe/sdk'
import { crewService } from '@troupe/mfe-kit'

const byName = (a: Crew, b: Crew) => a.name.localeCompare(b.name)

/** The tenant's crews by name, kept current by the `crews` service events. */
export const useCrewsStore = defineStore('crews/crews', () => {
  const crews = ref<Crew[]>([])
  const loading = ref(false)
  const error = ref<unknown>()

  async function load() {
    loading.value = true
    error.value = undefined
    try {
      crews.value = (await crewService('crews').find({ query: { $limit: 100, $sort: { name: 1 } } })).data
    } catch (caught) {
      error.value = caught
    } finally {
      loading.value = false
    }
  }

  async function remove(id: string) {
    error.value = undefined
    try {
      await crewService('crews').remove(id)
      forget({ id })
    } catch (caught) {
      error.value = caught
    }
  }

  function upsert(crew: Crew) {
    crews.value = [...crews.value.filter((item) => item.id !== crew.id), crew].sort(byName)
  }

  function forget(crew: Pick<Crew, 'id'>) {
    crews.value = crews.value.filter((item) => item.id !== crew.id)
  }

  return { crews, loading, error, load, remove, upsert, forget }
})
