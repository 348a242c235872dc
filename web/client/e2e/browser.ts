import fs from 'node:fs'
import path from 'node:path'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { CHROMIUM, PASSWORD, SCREENSHOTS } from './testing'

/** Browser side of the browser tests: Debian's Chromium through playwright-core. */
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

/** How wide the document is (a phone page must not scroll sideways), and what reaches past the edge. */
export const pageWidth = (page: Page) =>
  page.evaluate(() => {
    const edge = document.documentElement.clientWidth + 0.5
    const past = Array.from(document.body.querySelectorAll('*'))
      .filter((el) => el.getBoundingClientRect().right > edge)
      .filter((el) => !el.parentElement || el.parentElement.getBoundingClientRect().right <= edge)
      // What scrolls inside its own box (a wide table) does not widen the page.
      .filter((el) => {
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement)
          if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return false
        return true
      })
      .map((el) => `${el.tagName.toLowerCase()}.${String(el.className).replace(/\s+/g, '.')}`)
    return { width: document.documentElement.scrollWidth, past: past.slice(0, 5) }
  })

/** Follows an in-app link (`#/…`) and waits until the page has settled. */
export const goTo = async (page: Page, hash: string) => {
  await page.evaluate((h) => {
    location.hash = h
  }, hash)
  await settled(page)
}
