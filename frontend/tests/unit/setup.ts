// The app fetches English the first time it is chosen (src/i18n loadLang); the unit tests switch
// i18n.global.locale directly, so both languages are loaded here, as after a switch in the app.
import { i18n } from '../../src/i18n'
import en from '../../src/i18n/en'

i18n.global.setLocaleMessage('en', en)

// An IntersectionObserver the tests steer (viewport.ts): near the viewport unless a test says not.
import { installViewport, setNear } from './viewport'
import { beforeEach } from 'vitest'

installViewport()
beforeEach(() => setNear(true))
