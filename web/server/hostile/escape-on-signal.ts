/**
 * Test fixture, preloaded into `npm start` with --import: on SIGUSR2 it lets one rejection and
 * one exception escape, as a bug in any handler or timer would.
 */
process.on('SIGUSR2', () => {
  void Promise.reject(new Error('escaped rejection (test)'))
  setImmediate(() => {
    throw new Error('escaped exception (test)')
  })
})
