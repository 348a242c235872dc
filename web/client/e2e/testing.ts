import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'

/** Shared by the browser tests: build the client, run the real server, drive real Chromium. */
export const ROOT = path.resolve(import.meta.dirname, '../../..')
export const ARTIFACTS = path.join(ROOT, 'test-artifacts')
export const SCREENSHOTS = path.join(ARTIFACTS, 'screenshots')
export const PASSWORD = 'Demo-pass-2025'
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export function buildClient(): void {
  execFileSync(path.join(ROOT, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
  })
}

export interface Server {
  url: string
  dataDir: string
  child: ChildProcess
  log: () => string
  stop: () => Promise<void>
}

/** `node --import tsx web/server/main.ts` on a fresh DATA_DIR with small demo data; resolves when ready. */
export async function startServer(timeoutMs = 180_000): Promise<Server> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scorecard-browser-'))
  const child = spawn(process.execPath, ['--import', 'tsx', 'web/server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: '0',
      DEMO_SCALE: '0.02',
      DEMO_PASSWORD: PASSWORD,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString()
  })
  child.stderr?.on('data', (c: Buffer) => {
    out += c.toString()
  })
  const exited = new Promise<never>((_, reject) =>
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`))),
  )
  const ready = (async () => {
    const deadline = Date.now() + timeoutMs
    let url: string | undefined
    while (Date.now() < deadline) {
      url ??= /(http:\/\/\S+?)\/?\s/.exec(out)?.[1]?.replace('//localhost:', '//127.0.0.1:')
      if (url) {
        const health = (await fetch(`${url}/healthz`)
          .then((r) => r.json())
          .catch(() => null)) as { data?: { state: string } } | null
        if (health?.data?.state === 'ready') return url
        if (health?.data?.state === 'failed') throw new Error(`demo data failed to load:\n${out}`)
      }
      await new Promise((r) => setTimeout(r, 500))
    }
    throw new Error(`server not ready within ${timeoutMs} ms:\n${out}`)
  })()
  const url = await Promise.race([ready, exited])
  exited.catch(() => {})
  return {
    url,
    dataDir,
    child,
    log: () => out,
    stop: async () => {
      if (child.exitCode === null) {
        const gone = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))])
        if (child.exitCode === null) child.kill('SIGKILL')
      }
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** A page whose console errors and uncaught exceptions are collected (tests fail on them). */
export interface WatchedPage {
  context: BrowserContext
  page: Page
  errors: string[]
  /** Takes the errors a step expected (e.g. a refused request), leaving the rest. */
  allow: (pattern: RegExp) => string[]
}

export async function openPage(
  browser: Browser,
  viewport = { width: 1366, height: 768 },
): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport, acceptDownloads: true, locale: 'zh-CN' })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`)
  })
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
  return {
    context,
    page,
    errors,
    allow: (pattern) => {
      const taken = errors.filter((e) => pattern.test(e))
      const rest = errors.filter((e) => !pattern.test(e))
      errors.splice(0, errors.length, ...rest)
      return taken
    },
  }
}

/** Signs in through the form, with the keyboard only. */
export async function signIn(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(baseUrl)
  await page.getByLabel('用户名').focus()
  await page.keyboard.type(username)
  await page.keyboard.press('Tab')
  await page.keyboard.type(PASSWORD)
  await page.keyboard.press('Enter')
  await page.getByRole('button', { name: '退出' }).waitFor()
}

/** Waits until no page region is loading (pages set aria-busy while they fetch). */
export async function settled(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    () => document.querySelectorAll('[aria-busy="true"], [role=status] .spinner').length === 0,
    undefined,
    {
      timeout,
    },
  )
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true })
  await settled(page)
  // Let charts finish their first layout before the picture.
  await page.waitForTimeout(300)
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true })
}

/** A tRPC query from inside the page, with its session cookie (what a curious user could do). */
export async function trpcQuery<T = unknown>(page: Page, pathName: string, input: unknown) {
  const r = await page.evaluate(
    async ({ pathName, input }) => {
      const res = await fetch(`/trpc/${pathName}?input=${encodeURIComponent(JSON.stringify(input))}`)
      return {
        status: res.status,
        body: (await res.json()) as { result?: { data: unknown }; error?: unknown },
      }
    },
    { pathName, input },
  )
  return { status: r.status, data: r.body.result?.data as T, error: r.body.error }
}
