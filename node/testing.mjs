// ESM entry of `composio-rs/testing` (see testing.js).
import cjs from './testing.js'

export const { startEmulator, emulatorBinary, EMULATOR_PACKAGE } = cjs
export default cjs
