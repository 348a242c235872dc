import { DEPARTMENTS, type DeptLag } from './departments.data'
import { pad, rand, randInt } from './random'

/** A made-up district (示范区) with ten towns and ~150 villages. */
export const DISTRICT = { code: '440306', name: '示范区' } as const

export interface TownLag {
  /** fewer applications made online */
  channel?: number
  /** lower 用证率 */
  eCert?: number
  /** fewer 12345 tickets / 一网统管 events on time */
  onTime?: number
}

export interface Village {
  code: string
  name: string
  townIndex: number
  connected: boolean
  /** wall-clock (Asia/Shanghai) time the record last changed */
  updatedAt: string
}

export interface Town {
  code: string
  name: string
  /** relative population: share of applications, tickets and events */
  weight: number
  lag: TownLag
  updatedAt: string
  villages: Village[]
}

export interface Department {
  index: number
  code: string
  name: string
  eSeal: boolean
  updatedAt: string
  items: number
  volume: number
  hotline: number
  provides: string[]
  subjects: string[]
  lag: DeptLag
}

// 石桥镇 and 龙泉镇 are the mountain towns that lag: fewer online applications, lower
// 用证率, slower tickets and events, and the villages still off the 政务外网.
const TOWN_SEEDS: ReadonlyArray<{ name: string; weight: number; villages: number; lag?: TownLag }> = [
  { name: '东湖街道', weight: 1.4, villages: 12 },
  { name: '西城街道', weight: 1.3, villages: 11 },
  { name: '新安街道', weight: 1.5, villages: 13 },
  { name: '金沙街道', weight: 1.1, villages: 12 },
  { name: '凤凰镇', weight: 0.9, villages: 16 },
  { name: '南山镇', weight: 0.8, villages: 15 },
  { name: '石桥镇', weight: 0.6, villages: 18, lag: { channel: 0.2, eCert: 0.08, onTime: 0.07 } },
  { name: '清溪镇', weight: 0.7, villages: 17 },
  { name: '北岭镇', weight: 0.6, villages: 16 },
  { name: '龙泉镇', weight: 0.5, villages: 20, lag: { channel: 0.26, eCert: 0.1, onTime: 0.1 } },
]

/** Villages still not on the 政务外网: 政务外网村级覆盖率 stays just short of 全覆盖. */
const OFF_NETWORK: ReadonlyArray<readonly [town: string, villageNo: number]> = [
  ['龙泉镇', 19],
  ['龙泉镇', 20],
  ['石桥镇', 17],
]

const FIRST = '东西南北新龙凤石金银和安平兴福民华河塘岭坑围岗沙桥湖林田溪'
const SECOND = '源洲湾头坪塘坑湖林岭山围岗田桥口边背坝冲'

function villageName(townIndex: number, no: number, street: boolean, taken: Set<string>): string {
  for (let attempt = 0; ; attempt++) {
    const a = FIRST[randInt(0, FIRST.length - 1, 'village-a', townIndex, no, attempt)]
    const b = SECOND[randInt(0, SECOND.length - 1, 'village-b', townIndex, no, attempt)]
    const name = `${a}${b}${street ? '社区' : '村'}`
    if (a !== b && !taken.has(name)) {
      taken.add(name)
      return name
    }
  }
}

/** Connection dates spread over 2019–2023: the network reaching villages year by year. */
function connectedAt(townIndex: number, no: number, lagging: boolean): string {
  const year = lagging
    ? randInt(2021, 2023, 'net-y', townIndex, no)
    : randInt(2019, 2022, 'net-y', townIndex, no)
  const month = randInt(1, 12, 'net-m', townIndex, no)
  const day = randInt(1, 28, 'net-d', townIndex, no)
  return `${year}-${pad(month, 2)}-${pad(day, 2)} ${pad(randInt(9, 17, 'net-h', townIndex, no), 2)}:30:00`
}

export function buildTowns(): Town[] {
  const taken = new Set<string>()
  return TOWN_SEEDS.map((seed, townIndex) => {
    const code = `${DISTRICT.code}${pad(townIndex + 1, 3)}`
    const street = seed.name.endsWith('街道')
    const villages: Village[] = []
    for (let no = 1; no <= seed.villages; no++) {
      const off = OFF_NETWORK.some(([t, v]) => t === seed.name && v === no)
      villages.push({
        code: `${code}${pad(no, 3)}`,
        name: villageName(townIndex, no, street, taken),
        townIndex,
        connected: !off,
        updatedAt: off ? '2025-06-30 10:00:00' : connectedAt(townIndex, no, seed.lag !== undefined),
      })
    }
    return {
      code,
      name: seed.name,
      weight: seed.weight,
      lag: townLag(seed.name, seed.lag),
      updatedAt: '2021-01-05 09:00:00',
      villages,
    }
  })
}

/** Small per-department/per-town differences so that rankings are not flat ties. */
const jitter = (spread: number, ...key: Array<string | number>) => (rand('jitter', ...key) - 0.5) * 2 * spread

function deptLag(name: string, lag: DeptLag): DeptLag {
  const j = (k: keyof DeptLag, spread: number) => lag[k] ?? jitter(spread, name, k)
  return {
    ...lag,
    channel: j('channel', 0.05),
    fullOnline: j('fullOnline', 0.04),
    eCert: j('eCert', 0.015),
    rating: j('rating', 0.005),
    rectify: j('rectify', 0.03),
    hotline: j('hotline', 0.02),
    provider: j('provider', 0.02),
    events: j('events', 0.02),
  }
}

function townLag(name: string, lag: TownLag | undefined): TownLag {
  return {
    channel: lag?.channel ?? jitter(0.03, name, 'channel'),
    eCert: lag?.eCert ?? jitter(0.01, name, 'eCert'),
    onTime: lag?.onTime ?? jitter(0.015, name, 'onTime'),
  }
}

export function buildDepartments(): Department[] {
  return DEPARTMENTS.map((seed, index) => {
    // e_seal_enabled is the current state; updated_at tells when it last changed.
    const year = seed.eSeal ? 2021 + Math.floor(rand('seal-y', index) * 3.5) : 2021
    const month = randInt(1, 12, 'seal-m', index)
    return {
      index,
      code: `11${DISTRICT.code}${pad(index + 1, 3)}`,
      name: seed.name,
      eSeal: seed.eSeal,
      updatedAt: `${year}-${pad(month, 2)}-${pad(randInt(1, 28, 'seal-d', index), 2)} 16:00:00`,
      items: seed.items,
      volume: seed.volume,
      hotline: seed.hotline,
      provides: seed.provides,
      subjects: seed.subjects,
      lag: deptLag(seed.name, seed.lag),
    }
  })
}

export const allVillages = (towns: readonly Town[]): Village[] => towns.flatMap((t) => t.villages)
