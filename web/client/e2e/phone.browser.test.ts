import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { NAV } from '../src/lib/roles'
import type { Role } from '../src/lib/types'
import { setupApp } from './app'
import { screenshot, settled, signIn } from './browser'

const PHONE = { width: 390, height: 844 }

/** Pages whose picture is kept (the rest are only measured): a few, not every one. */
const PICTURES = new Set([
  'leader:/',
  'leader:/indicator',
  'evaluator:/ranking',
  'analyst:/explore',
  'admin:/admin',
])

interface Overflow {
  scrollWidth: number
  /** The outermost elements reaching past the right edge (outside any scrolling box). */
  culprits: string[]
}

/** How wide the document is, and which elements make it so (a name a person can find). */
function measure(page: Page): Promise<Overflow> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth
    const scrolls = (el: Element) => {
      const s = getComputedStyle(el)
      return s.overflowX === 'auto' || s.overflowX === 'scroll' || s.overflowX === 'hidden'
    }
    const culprits: string[] = []
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      if (el.getBoundingClientRect().right <= width + 0.5) continue
      // The outermost offender, not what a scrolling box holds; but an absolutely placed
      // element escapes a scrolling box that is not its containing block.
      const placed = ['absolute', 'fixed'].includes(getComputedStyle(el).position)
      const parent = el.parentElement
      if (!placed && parent && parent !== document.body && parent.getBoundingClientRect().right > width + 0.5)
        continue
      let held = false
      for (let p = parent; p && p !== document.body; p = p.parentElement) if (scrolls(p)) held = true
      if (held && !placed) continue
      const id = el.getAttribute('data-testid')
      const cls = typeof el.className === 'string' ? el.className.trim().split(/\s+/).join('.') : ''
      culprits.push(
        `${el.tagName.toLowerCase()}${id ? `[data-testid=${id}]` : ''}${cls ? `.${cls}` : ''} right=${Math.round(el.getBoundingClientRect().right)}`,
      )
    }
    return { scrollWidth: document.documentElement.scrollWidth, culprits: culprits.slice(0, 5) }
  })
}

/**
 * Phone width (390 × 844): every page each role can open fits the screen — the page never
 * scrolls sideways; wide tables scroll inside their own box.
 */
describe('phone width', () => {
  const app = setupApp()

  it('fits 390 px on every page each role can see, and on an indicator page', async () => {
    const dept = app.demoUsers().find((u) => u.startsWith('dept_'))
    expect(dept).toBeDefined()
    const accounts: Array<[Role, string]> = [
      ['leader', 'leader'],
      ['evaluator', 'evaluator'],
      ['analyst', 'analyst'],
      ['department', dept!],
      ['admin', 'admin'],
    ]
    const problems: string[] = []
    let visited = 0
    for (const [role, username] of accounts) {
      await app.withPage(async ({ page }) => {
        await signIn(page, app.server.url, username)
        const paths = NAV.filter((n) => n.roles.includes(role)).map((n) => n.path)
        // The nav lists the same pages (it is the shell under test too).
        const nav = page.getByRole('navigation', { name: '主导航' })
        expect(await nav.getByRole('link').count()).toBe(paths.length)
        for (const path of paths) {
          await page.goto(`${app.server.url}/#${path}`)
          await settled(page, 60_000)
          await page.waitForTimeout(300)
          const m = await measure(page)
          visited++
          if (m.scrollWidth > PHONE.width)
            problems.push(`${role} ${path}: ${m.scrollWidth} px wide — ${m.culprits.join(', ')}`)
          if (PICTURES.has(`${role}:${path}`))
            await screenshot(page, `phone-${role}-${path === '/' ? 'scorecard' : path.slice(1)}`)
        }
        if (role === 'leader' || role === 'department') {
          // One indicator page, reached as a person does: from the scorecard's first card.
          await page.goto(`${app.server.url}/#/`)
          const link = page.locator('[data-testid=indicator-card] a[href*="indicator/"]').first()
          await link.waitFor({ timeout: 60_000 })
          await link.click()
          await page.waitForURL(/#\/indicator\//)
          await settled(page, 60_000)
          await page.waitForTimeout(500)
          const m = await measure(page)
          visited++
          if (m.scrollWidth > PHONE.width)
            problems.push(`${role} /indicator: ${m.scrollWidth} px wide — ${m.culprits.join(', ')}`)
          if (PICTURES.has(`${role}:/indicator`)) await screenshot(page, `phone-${role}-indicator`)
        }
      }, PHONE)
    }
    expect(visited).toBeGreaterThanOrEqual(15)
    expect(problems).toEqual([])
  }, 600_000)
})
