import { TRPCClientError } from '@trpc/client'
import { describe, expect, it } from 'vitest'
import { badQuery, forbidden, toSemanticLayerError } from '../../../../semantic-layer/engine/errors'
import { busyMessage, unreachableMessage, WAREHOUSE_UNAVAILABLE } from '../../../../warehouse/availability'
import { loadWarehouseConfig } from '../../../../warehouse/config'
import { passwordProblem } from '../../../server/auth/password'
import { errorMessage, HttpError, rawErrorMessage } from './errors'
import { localMessage, splitMessage } from './message'

const server = loadWarehouseConfig({ CLICKHOUSE_URL: 'http://ch.example:8123' }).warehouse

describe('splitMessage: "中文 (English)"', () => {
  it('splits the messages the server builds (imported, not copied)', () => {
    expect(splitMessage(WAREHOUSE_UNAVAILABLE)).toEqual({
      zh: '数据仓库暂时无法连接，请稍后重试',
      en: 'the data warehouse is unreachable; try again shortly',
    })
    expect(splitMessage(passwordProblem('short1')!)).toEqual({
      zh: '密码至少12位',
      en: 'at least 12 characters',
    })
    expect(splitMessage(passwordProblem('abcdefghijklmn')!)).toEqual({
      zh: '密码需同时包含字母和数字',
      en: 'letters and digits',
    })
  })

  it('keeps a detail that follows the English, in both halves', () => {
    // web/server/trpc.ts invalidInputMessage
    const input = '输入无效 (invalid input): year: Too small: expected number to be >=2020'
    expect(splitMessage(input)).toEqual({
      zh: '输入无效: year: Too small: expected number to be >=2020',
      en: 'invalid input: year: Too small: expected number to be >=2020',
    })
    // warehouse/health.ts: the unreachable message and the socket error
    const down = `${unreachableMessage(server)}: connect ECONNREFUSED 127.0.0.1:8123`
    expect(splitMessage(down)).toEqual({
      zh: '数据仓库无法连接: connect ECONNREFUSED 127.0.0.1:8123',
      en: 'ClickHouse unreachable at http://ch.example:8123: connect ECONNREFUSED 127.0.0.1:8123',
    })
  })

  it('joins several English brackets with the Chinese punctuation between them', () => {
    // app/bootstrap.ts: waiting for the warehouse
    const waiting = `${unreachableMessage(server)}，自动重试中 (retrying)`
    expect(splitMessage(waiting)).toEqual({
      zh: '数据仓库无法连接，自动重试中',
      en: 'ClickHouse unreachable at http://ch.example:8123, retrying',
    })
    expect(splitMessage(busyMessage(server))).toEqual({
      zh: '数据仓库繁忙，正在处理数据加载或查询，响应会较慢',
      en: 'ClickHouse busy at http://ch.example:8123',
    })
  })

  it('keeps brackets that belong to the Chinese: full-width, or holding digits or Chinese', () => {
    // web/server/routers (ranking withdrawal)
    const withdrawal = '申请撤回发布必须填写原因（500字以内） (a withdrawal needs a reason)'
    expect(splitMessage(withdrawal)).toEqual({
      zh: '申请撤回发布必须填写原因（500字以内）',
      en: 'a withdrawal needs a reason',
    })
    // etl/demo-bootstrap.ts progress: "(1.2 s)" is no translation
    expect(localMessage('生成 办件: 1,000 行 (1.2 s)', 'zh')).toBe('生成 办件: 1,000 行 (1.2 s)')
    expect(localMessage('统计口径 (含撤件) 已更新', 'zh')).toBe('统计口径 (含撤件) 已更新')
  })

  it('keeps the values embedded in the Chinese half', () => {
    // web/server/routers/admin: `账号不存在：${username} (no such account)`
    expect(splitMessage('账号不存在：dept_310101 (no such account)')).toEqual({
      zh: '账号不存在：dept_310101',
      en: 'no such account',
    })
    expect(splitMessage('尝试次数过多，请5分钟后再试 (too many attempts, try again in 5 min)')).toEqual({
      zh: '尝试次数过多，请5分钟后再试',
      en: 'too many attempts, try again in 5 min',
    })
  })

  it('handles one level of brackets inside the English', () => {
    expect(splitMessage('上传失败 (upload failed (HTTP 502))')).toEqual({
      zh: '上传失败',
      en: 'upload failed (HTTP 502)',
    })
  })
})

describe('splitMessage: "中文 / English"', () => {
  it('splits the semantic layer messages (imported)', () => {
    expect(splitMessage(badQuery('查询必须是一个对象', 'a query must be an object').message)).toEqual({
      zh: '查询必须是一个对象',
      en: 'a query must be an object',
    })
    const timeout = toSemanticLayerError(new Error('Timeout exceeded: elapsed 31 s')) as Error
    expect(splitMessage(timeout.message)).toEqual({
      zh: '查询超时：请缩小日期范围、增加筛选条件或减少维度后重试',
      en: 'the query took too long; narrow the date range, add filters or drop dimensions',
    })
    const dept = forbidden(
      '部门账号无权查询没有部门维度的视图 hotline_kpis',
      'a department account may not query it',
    )
    expect(splitMessage(dept.message).zh).toBe('部门账号无权查询没有部门维度的视图 hotline_kpis')
  })

  it("does not split the Chinese half's own brackets or slashes", () => {
    const m = badQuery(
      '日期范围的开始 2025-02-01 晚于结束 2025-01-01 (含)',
      'the date range starts after it ends',
    )
    expect(splitMessage(m.message)).toEqual({
      zh: '日期范围的开始 2025-02-01 晚于结束 2025-01-01 (含)',
      en: 'the date range starts after it ends',
    })
    expect(splitMessage('第 1 页 / 共 3 页 / page 1 of 3')).toEqual({
      zh: '第 1 页 / 共 3 页',
      en: 'page 1 of 3',
    })
  })

  it('takes English first too (web/server/http.ts 404)', () => {
    expect(splitMessage('not found / 未找到')).toEqual({ zh: '未找到', en: 'not found' })
  })
})

describe('one language only', () => {
  it('leaves a message in one language as it is', () => {
    expect(splitMessage('no access rule for admin.users')).toEqual({
      zh: 'no access rule for admin.users',
      en: 'no access rule for admin.users',
    })
    expect(splitMessage('部门账号已停用')).toEqual({ zh: '部门账号已停用', en: '部门账号已停用' })
    expect(localMessage(null, 'zh')).toBe('')
    expect(localMessage('', 'en')).toBe('')
  })
})

describe('errorMessage', () => {
  it('shows one half of what the server sent, for any error shape', () => {
    const trpc = new TRPCClientError('该期排名已冻结 (already frozen)')
    expect(errorMessage(trpc, 'zh')).toBe('该期排名已冻结')
    expect(errorMessage(trpc, 'en')).toBe('already frozen')
    expect(rawErrorMessage(trpc)).toBe('该期排名已冻结 (already frozen)')
    const download = new HttpError('当前角色无权执行此操作 (your role may not do this)', 403, 'FORBIDDEN')
    expect(errorMessage(download, 'zh')).toBe('当前角色无权执行此操作')
    expect(errorMessage(download, 'en')).toBe('your role may not do this')
    expect(errorMessage('服务内部错误，请稍后再试 (internal error)', 'en')).toBe('internal error')
  })

  it('defaults to the page language, Chinese before the provider says otherwise', () => {
    expect(errorMessage(new Error('请先登录 (please sign in)'))).toBe('请先登录')
  })
})
