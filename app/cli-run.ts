import { type ParseArgsConfig, parseArgs } from 'node:util'
import { AppError } from '../errors/app-error'
import { ConfigError } from './config'

/**
 * What the app's command-line tools share: reading the arguments, and ending with an exit
 * code and a message people can act on.
 */

/** A refusal people can act on: the message, the usage, and exit code 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>

/** Strict options with positionals; anything unknown or malformed is a UsageError. */
export function readArgs<O extends Options>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options })
  } catch (err) {
    throw new UsageError(`参数无效 (bad arguments): ${(err as Error).message}`)
  }
}

/**
 * Runs a command and exits with its code; a refusal (bad arguments, an unknown plan, a
 * configuration problem) prints its message — with the usage for bad arguments — and exits 2.
 * Exiting explicitly: Cube's orchestrator keeps timers alive after close.
 */
export function runCli(main: (argv: string[]) => Promise<number>, usage: string): void {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      if (e instanceof UsageError) process.stderr.write(`${e.message}\n${usage}\n`)
      else if (e instanceof AppError || e instanceof ConfigError) process.stderr.write(`${e.message}\n`)
      else process.stderr.write(`错误 (error): ${(e as Error).message}\n`)
      process.exit(2)
    },
  )
}
