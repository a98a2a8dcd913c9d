import { registerApplication, start } from 'single-spa'
import { constructApplications, constructLayoutEngine, constructRoutes } from 'single-spa-layout'
import { useSessionStore, workspacePinia } from '@troupe/mfe-kit'
import layout from './microfrontend-layout.html?raw'
import { loadApplication } from './applications.ts'
import { installRouteGuard } from './install-route-guard.ts'
import './styles/workspace.css'

// A reload signs back in through the refresh cookie before any page decides what to show (and
// before registering, which already loads the active applications).
const session = useSessionStore(workspacePinia)
await session.restore()
installRouteGuard(session)

const routes = constructRoutes(layout)
const applications = constructApplications({ routes, loadApp: ({ name }) => loadApplication(name) })
const layoutEngine = constructLayoutEngine({ routes, applications })
applications.forEach(registerApplication)
document.getElementById('boot')?.remove()
layoutEngine.activate()
start({ urlRerouteOnly: true })
