// The app fetches English the first time it is chosen (src/i18n loadLang); the unit tests switch
// i18n.global.locale directly, so both languages are loaded here, as after a switch in the app.
import { i18n } from '../../src/i18n'
import en from '../../src/i18n/en'

i18n.global.setLocaleMessage('en', en)
