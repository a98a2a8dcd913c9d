import { PGlite } from '@electric-sql/pglite'
let t=Date.now()
const db = new PGlite()
await db.waitReady
console.log('create', Date.now()-t)
t=Date.now()
const dump = await db.dumpDataDir('none')
console.log('dump', Date.now()-t, dump.size)
t=Date.now()
const db2 = new PGlite({ loadDataDir: dump })
await db2.waitReady
console.log('clone', Date.now()-t)
const r = await db2.query('select $1::jsonb as j, $2::jsonb as k', [JSON.stringify([1,2]), {a:1}])
console.log(r.rows, process.memoryUsage().rss/1e6)
