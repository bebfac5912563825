'use strict'
// The native addon, loaded by napi's generated loader (native/binding.js); when it cannot load, an error that names
// this platform and says how to install its package (or why the installed one broke).
try {
  module.exports = require('./native/binding.js')
} catch (e) {
  throw require('./platform.js').nativeLoadError(e)
}
