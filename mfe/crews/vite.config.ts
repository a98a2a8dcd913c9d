import { defineConfig } from 'vite'
import { defineMfeConfig } from '../kit/build/define-mfe-config.ts'

export default defineConfig(defineMfeConfig('crews'))
