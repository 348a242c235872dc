// Checks on package-lock.json, run by .ci/run before `npm ci` (1) and after it (1 and 2):
// 1. complete: every dependency of every locked package (optional ones included, whatever
//    their platform) resolves to a locked entry, so `npm ci` accepts the lockfile on macOS,
//    Windows and arm64 as it does here. The registry reachable here lacks some platforms'
//    packages (@chdb/lib-darwin-*, @chdb/lib-linux-arm64-gnu): `npm install` then drops their
//    entries silently, and they have to be written back by hand (version, os, cpu, libc as
//    the package's name says; no integrity, which npm fills in where the registry has them).
// 2. with --installed, installed = locked: every package in node_modules has the version and
//    integrity the lockfile records (npm's record of what it installed: node_modules/.package-lock.json).
import { existsSync, readFileSync } from 'node:fs'

const read = (file) => JSON.parse(readFileSync(file, 'utf8')).packages
const locked = read('package-lock.json')
const problems = []

const resolve = (from, name) => {
  for (let dir = from; ; ) {
    const key = `${dir ? `${dir}/` : ''}node_modules/${name}`
    if (locked[key]) return key
    if (!dir) return undefined
    const cut = dir.lastIndexOf('/node_modules/')
    dir = cut < 0 ? '' : dir.slice(0, cut)
  }
}

for (const [key, entry] of Object.entries(locked)) {
  if (entry.link) continue
  const deps = {
    ...entry.dependencies,
    ...entry.optionalDependencies,
    ...(key === '' ? entry.devDependencies : {}),
  }
  for (const name of Object.keys(deps)) {
    if (!resolve(key, name))
      problems.push(`missing from the lockfile: ${name} (needed by ${key || 'the root'})`)
  }
}

let installed = []
if (process.argv.includes('--installed')) {
  // npm 10 also records the other platforms' skipped packages: only those present count
  installed = Object.entries(read('node_modules/.package-lock.json')).filter(([key]) => existsSync(key))
  for (const [key, entry] of installed) {
    const lock = locked[key]
    if (!lock) problems.push(`installed but not locked: ${key}`)
    else if (lock.version !== entry.version || lock.integrity !== entry.integrity)
      problems.push(`installed ${key}@${entry.version}, locked ${lock.version}`)
  }
}

if (problems.length) {
  console.error(`package-lock.json:\n  ${problems.join('\n  ')}`)
  process.exit(1)
}
console.log(
  `package-lock.json: complete for every platform${installed.length ? `; ${installed.length} packages installed as locked` : ''}`,
)
