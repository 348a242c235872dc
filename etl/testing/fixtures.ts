import { headerRow } from '../contract/forms'
import type { Cell } from './files'

/**
 * Hand-built rows per dataset: a few good ones, a few bad ones with the reason we expect.
 * Headers come from the contract (a mix of English names and Chinese aliases, main and
 * other); the cells are what a clerk's export holds, labels and codes mixed on purpose.
 */
export interface Fixture {
  dataset: string
  headers: string[]
  good: Cell[][]
  bad: Array<{ row: Cell[]; reason: RegExp }>
}

/**
 * The short ticket file several tests write: hotline_tickets' required columns, then
 * satisfaction and updated_at; in Chinese, received_at is written 来电时间.
 */
export const ticketHeaders = (form: 'en' | 'zh'): string[] =>
  headerRow('hotline_tickets', form, {
    omit: ['region_code', 'due_at', 'closed_at'],
    ...(form === 'zh' ? { forms: { received_at: 1 } } : {}),
  })

export const FIXTURES: Fixture[] = [
  {
    dataset: 'regions',
    headers: headerRow('regions', 'zh', {
      forms: { region_code: 1, region_name: 1, egov_network_connected: 1 },
    }),
    good: [
      ['440306', '示范区', '区县', null, '是', '2024-01-01 00:00:00'],
      ['440306001', '一街道', 'town', '440306', '1', null],
      ['440306001001', '一村', '村居', '440306001', '否', '2024-01-02 10:00:00'],
    ],
    bad: [
      { row: ['440306002', null, '镇街', '440306', null, null], reason: /区划名称: 必填项为空/ },
      { row: ['440306003', '三街道', 'city', '440306', null, null], reason: /层级: 'city' 不是有效取值/ },
    ],
  },
  {
    dataset: 'departments',
    headers: headerRow('departments', 'zh', { forms: { e_seal_enabled: 1, updated_at: 'en' } }),
    good: [
      ['D01', '区政务服务数据管理局', '440306', '是', '2024-03-01 08:00:00'],
      ['D02', '区公安分局', '440306', 'N', null],
    ],
    bad: [
      { row: ['D03', '区民政局', '440306', '可能', null], reason: /电子印章: '可能' 不是有效的是\/否值/ },
    ],
  },
  {
    dataset: 'service_items',
    headers: headerRow('service_items', 'zh'),
    good: [
      ['I001', '居民身份证换领', 'D02', '是', '否', '是', '是', '否', '是', '2022-12-31'],
      ['I002', '社会救助申请', 'D01', '是', '是', '是', null, '是', '否', '2022-12-31'],
      ['I001', '居民身份证换领', 'D02', '是', '是', '是', '是', '是', '是', '2023-12-31'],
    ],
    bad: [
      {
        row: ['I003', '婚姻登记', 'D01', '是', '否', '是', null, null, null, '2023-02-30'],
        reason: /统计日期: '2023-02-30' 不是有效的日期/,
      },
    ],
  },
  {
    dataset: 'service_applications',
    headers: headerRow('service_applications', 'zh', { omit: ['updated_at'] }),
    good: [
      [
        'A1',
        'I001',
        'D02',
        '440306001',
        '网上',
        '是',
        '是',
        '是',
        '0',
        '2023-05-06 14:03:00',
        '2023-05-07 10:00:00',
        '5',
        '已办结',
      ],
      [
        'A2',
        'I002',
        'D01',
        '440306001001',
        'window',
        '否',
        '否',
        '否',
        '2',
        '2023-12-31 23:30:00',
        null,
        '5',
        'accepted',
      ],
    ],
    bad: [
      {
        row: [
          'A3',
          'I001',
          'D02',
          '440306001',
          'web',
          '1',
          '0',
          '1',
          '0',
          '2022-13-45 10:00:00',
          null,
          null,
          'completed',
        ],
        reason:
          /申请时间: '2022-13-45 10:00:00' 不是有效的日期时间.*使用电子证照 为“是”时 涉及证照 必须为“是”/,
      },
      {
        row: [
          'A4',
          'I001',
          'D02',
          '440306001',
          'fax',
          'Y',
          'N',
          'N',
          '-1',
          '2023-05-06 14:03:00',
          '2023-05-01 00:00:00',
          null,
          '已办结',
        ],
        reason: /申请渠道: 'fax' 不是有效取值.*跑动次数: '-1' 不是非负整数.*办结时间 早于 申请时间/,
      },
    ],
  },
  {
    dataset: 'evaluations',
    headers: headerRow('evaluations', 'zh', { omit: ['updated_at'] }),
    good: [
      ['E1', 'A1', 'D02', '非常满意', '2023-05-08 09:00:00', null, null],
      ['E2', null, 'D01', '2', '2023-06-01 09:00:00', '是', '2023-06-03 09:00:00'],
    ],
    bad: [
      {
        row: ['E3', 'A2', 'D01', '6', '2023-06-01 09:00:00', null, null],
        reason: /评价等级: '6' 不是有效的评价等级/,
      },
    ],
  },
  {
    dataset: 'hotline_tickets',
    headers: headerRow('hotline_tickets', 'zh', { omit: ['updated_at'], forms: { received_at: 1 } }),
    good: [
      [
        'T1',
        '2024-01-02 09:00:00',
        '电话',
        '投诉',
        'D02',
        '440306001',
        '2024-01-05 18:00:00',
        '2024-01-04 10:00:00',
        '满意',
      ],
      ['T2', '2024-01-03 09:00:00', 'wechat', 'consult', 'D01', null, null, null, null],
    ],
    bad: [
      {
        row: [
          'T3',
          '2024-01-03 09:00:00',
          'app',
          'help',
          'D01',
          null,
          null,
          '2024-01-01 09:00:00',
          'satisfied',
        ],
        reason: /办结时间 早于 来电时间/,
      },
    ],
  },
  {
    dataset: 'sharing_requests',
    headers: headerRow('sharing_requests', 'en', { omit: ['updated_at'] }),
    good: [
      ['S1', 'D01', 'D02', '户籍人口信息', '2023-03-01 10:00:00', '2023-03-02 10:00:00', '已满足'],
      ['S2', 'D02', 'D01', '低保对象名单', '2023-03-05 10:00:00', null, 'pending'],
    ],
    bad: [
      {
        row: ['S3', 'D01', 'D02', null, '2023-03-05 10:00:00', null, 'partial'],
        reason: /resource_name: 必填项为空/,
      },
    ],
  },
  {
    dataset: 'governance_events',
    headers: headerRow('governance_events', 'zh', { omit: ['updated_at'] }),
    good: [
      [
        'G1',
        '网格员上报',
        '占道经营',
        '440306001001',
        'D01',
        '2024-02-01 08:00:00',
        '2024-02-02 08:00:00',
        '2024-02-01 18:00:00',
        '已办结',
      ],
      ['G2', 'iot', '积水', '440306001', 'D02', '2024-02-03 08:00:00', null, null, 'open'],
    ],
    bad: [
      {
        row: ['G3', 'drone', '违建', '440306001', 'D02', '2024-02-03 08:00:00', null, null, 'open'],
        reason: /事件来源: 'drone' 不是有效取值/,
      },
    ],
  },
  {
    dataset: 'app_activity',
    headers: headerRow('app_activity', 'zh'),
    good: [
      ['2023-05-06', 'i示范', '52000'],
      ['2023-05-07', 'i示范', '61000'],
    ],
    bad: [{ row: ['2023-05-08', 'i示范', 'abc'], reason: /日活跃用户数: 'abc' 不是非负整数/ }],
  },
  {
    dataset: 'calendar',
    headers: headerRow('calendar', 'zh'),
    good: [
      ['2023-01-28', '是', '春节调休上班'],
      ['2023-10-02', '否', '国庆节'],
      ['2023-10-07', 'Y', null],
    ],
    bad: [
      { row: ['2023-02-30', '否', ''], reason: /日期: '2023-02-30' 不是有效的日期/ },
      { row: ['2023-05-04', '调休', ''], reason: /是否工作日: '调休' 不是有效的是\/否值/ },
    ],
  },
]
