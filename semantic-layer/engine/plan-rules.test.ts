import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTempWarehouse } from '../../warehouse/testing'
import { createSemanticLayer, DEFAULT_MODEL_DIR } from './engine'
import { applyPlanRules, configuredPlanRules } from './plan-rules'
import { ModelRepository } from './repository'

describe('plan rules in the model', () => {
  const rules = { bad_review_rectification_workdays: 15 }
  let t: Awaited<ReturnType<typeof openTempWarehouse>>
  beforeAll(async () => {
    t = await openTempWarehouse('plan-rules-test-')
  })
  afterAll(() => t.dispose())

  it('replaces each {{ plan_rules.<name> }} with the number', () => {
    expect(
      applyPlanRules(
        'x.yml',
        'a <= {{ plan_rules.bad_review_rectification_workdays }} AND {{plan_rules.bad_review_rectification_workdays}}',
        rules,
      ),
    ).toBe('a <= 15 AND 15')
    expect(applyPlanRules('x.yml', 'no tokens: {CUBE}.x', rules)).toBe('no tokens: {CUBE}.x')
  })

  it('fails loudly on a token that is not a plan rule, and on a rule no plan states', () => {
    expect(() => applyPlanRules('cubes/x.yml', '{{ plan_rules.nonsense }}', rules)).toThrow(
      /cubes\/x\.yml 中的 \{\{ plan_rules\.nonsense \}\} 无法替换：不是规划设置.*not a plan rule/,
    )
    expect(() => applyPlanRules('x.yml', '{{ env.HOME }}', rules)).toThrow(/不是规划设置/)
    expect(() => applyPlanRules('x.yml', '{{ plan_rules.bad_review_rectification_workdays }}', {})).toThrow(
      /没有规划在 plan\.yml 的 rules 中给出 bad_review_rectification_workdays/,
    )
  })

  it("the repository hands Cube the model with the plans' numbers, none left", async () => {
    const files = await new ModelRepository(DEFAULT_MODEL_DIR, rules).dataSchemaFiles()
    const text = files.map((f) => f.content).join('\n')
    expect(text).not.toMatch(/\{\{|\}\}/)
    expect(text).toMatch(/workdays_between\(\{CUBE\}\.evaluated_at, \{CUBE\}\.rectified_at\) <= 15/)
    const ten = await new ModelRepository(DEFAULT_MODEL_DIR, {
      bad_review_rectification_workdays: 10,
    }).dataSchemaFiles()
    expect(ten.map((f) => f.content).join('\n')).toMatch(/rectified_at\) <= 10/)
    // The default: the repository's plans (plan.yml rules).
    expect(configuredPlanRules()).toEqual(rules)
  })

  it('a model that needs a rule nobody gives does not compile, and says why', async () => {
    const sl = createSemanticLayer({ warehouse: t.wh.config, planRules: {}, modelCacheDir: null })
    try {
      await expect(sl.meta()).rejects.toThrow(/bad_review_rectification_workdays/)
    } finally {
      await sl.close()
    }
  }, 60_000)

  it('the transpiled-model cache is keyed by the text after replacement', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-rules-cache-'))
    fs.chmodSync(dir, 0o700)
    try {
      for (const n of [15, 10]) {
        const sl = createSemanticLayer({
          warehouse: t.wh.config,
          planRules: { bad_review_rectification_workdays: n },
          modelCacheDir: dir,
        })
        const measure = (await sl.meta())
          .find((v) => v.name === 'evaluation_kpis')!
          .measures.find((m) => m.name === 'evaluation_kpis.bad_review_ontime_rectification_rate')!
        expect(measure.description).toContain(`${n} 个工作日`)
        await sl.close()
      }
      expect(fs.readdirSync(dir).filter((f) => f.endsWith('.json'))).toHaveLength(2)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)
})
