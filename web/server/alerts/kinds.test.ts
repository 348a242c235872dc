import { describe, expect, it } from 'vitest'
import { RULE_DEPT_SCOPED, RULE_KINDS } from '../../shared/alerts'
import { RULE_PARAMS } from './kinds'

describe('rule kinds', () => {
  it('the kinds the form offers a department for are the ones whose settings take one', () => {
    const takesDept = RULE_KINDS.filter((k) => 'dept' in RULE_PARAMS[k].shape)
    expect(takesDept).toEqual([...RULE_DEPT_SCOPED])
    expect(RULE_PARAMS.indicator_status.parse({ dept: '11440306001' })).toMatchObject({ dept: '11440306001' })
  })
})
