/**
 * The demo district's departments, in dept_code order. Lags (0 = keeps pace,
 * ~0.1–0.5 = clearly behind) make a few departments hold indicators back:
 * - 区自然资源局: items come online last, fewer applications online, slow processing;
 * - 区住房和建设局: few 全程网办 items/applications, slow, no 电子印章;
 * - 区公安分局: the biggest certificate user, low 用证率; a reluctant data provider;
 * - 区税务局: vertical system, a reluctant data provider;
 * - 区城市管理和综合执法局: late 12345 tickets and 一网统管 events;
 * - 区医疗保障局: more bad reviews, fewer rectified.
 */
export interface DeptLag {
  /** catalogue: items get flags later */
  items?: number
  /** applications: fewer made online */
  channel?: number
  /** applications: fewer completed fully online */
  fullOnline?: number
  /** applications: lower 用证率 */
  eCert?: number
  /** processing time multiplier above 1 */
  slow?: number
  /** extra share of 1–2 star ratings */
  rating?: number
  /** fewer bad reviews rectified */
  rectify?: number
  /** fewer 12345 tickets on time */
  hotline?: number
  /** as a data provider: fewer sharing requests satisfied */
  provider?: number
  /** fewer 一网统管 events on time */
  events?: number
}

export interface DeptSeed {
  name: string
  /** relative number of catalogue items */
  items: number
  /** relative popularity of its items with applicants */
  volume: number
  eSeal: boolean
  /** relative share of 12345 tickets it handles */
  hotline: number
  /** data resources it provides to other departments */
  provides: string[]
  /** subjects its catalogue items are named after */
  subjects: string[]
  lag: DeptLag
}

const LAGS: Record<string, DeptLag> = {
  区公安分局: { eCert: 0.16, provider: 0.1 },
  区住房和建设局: { items: 0.1, fullOnline: 0.2, channel: 0.08, slow: 1.35, hotline: 0.05 },
  区自然资源局: { items: 0.3, channel: 0.16, fullOnline: 0.1, slow: 1.3, provider: 0.03 },
  区城市管理和综合执法局: { hotline: 0.12, events: 0.1 },
  区税务局: { provider: 0.14 },
  区医疗保障局: { rating: 0.05, rectify: 0.3 },
}

// A table rather than object literals keeps thirty departments readable on one screen.
// name | items | volume | 电子印章 | hotline | provides | subjects
const TABLE = `
区政务服务数据管理局 | 15 | 1 | Y | 2 | 政务服务办件信息、电子证照目录 | 政务数据共享申请、公共数据开放申请、政务服务代办、政务信息化项目备案
区公安分局 | 160 | 3 | Y | 7 | 人口基础信息、户籍信息、居住证信息、机动车登记信息 | 户口迁入、户口迁出、居民身份证换领、居民身份证补领、居住证签注、临时身份证明、出入境证件、剧毒化学品购买许可、公章刻制备案、旅馆业特种行业许可、大型群众性活动安全许可、犬类登记
区人力资源和社会保障局 | 150 | 2.5 | Y | 6 | 社会保险参保信息、就业登记信息、职业资格证书信息 | 社会保险登记、养老保险待遇申领、失业保险金申领、工伤认定、就业创业证、职业技能鉴定、劳动合同备案、人力资源服务许可、技能补贴申领、退休审批
区市场监督管理局 | 190 | 2.5 | Y | 9 | 企业登记信息、个体工商户信息、食品经营许可信息 | 企业设立登记、企业变更登记、企业注销登记、个体工商户登记、食品经营许可、药品零售许可、医疗器械经营备案、特种设备使用登记、计量器具强制检定、广告发布登记、营业执照补领、股权出质登记
区卫生健康局 | 110 | 1.5 | Y | 4 | 出生医学证明信息、医疗机构执业信息 | 医疗机构执业登记、医师执业注册、护士执业注册、出生医学证明、生育登记、公共场所卫生许可、放射诊疗许可、母婴保健技术服务许可、计划生育家庭奖励扶助
区民政局 | 80 | 1.5 | Y | 4 | 婚姻登记信息、低保救助信息、社会组织信息 | 结婚登记、离婚登记、婚姻登记记录证明、最低生活保障、特困人员救助供养、临时救助、社会团体登记、民办非企业单位登记、高龄津贴、殡葬服务
区住房和建设局 | 120 | 1.5 | N | 7 | 建设工程施工许可信息、商品房预售信息 | 建筑工程施工许可、建设工程竣工验收备案、商品房预售许可、建筑业企业资质、住房保障资格、公租房租赁补贴、物业服务备案、房屋租赁登记备案、燃气经营许可
区教育局 | 50 | 1.2 | Y | 4 | 学籍信息、教师资格信息 | 义务教育入学、教师资格认定、民办学校办学许可、校外培训机构审批、学生资助申请、转学申请
区自然资源局 | 110 | 1 | N | 3 | 不动产登记信息、规划许可信息 | 不动产首次登记、不动产转移登记、不动产抵押登记、建设用地规划许可、建设工程规划许可、乡村建设规划许可、临时用地审批、采矿权登记、测绘资质
区生态环境分局 | 60 | 0.8 | Y | 4 | 排污许可信息、环评审批信息 | 建设项目环评审批、排污许可、危险废物经营许可、辐射安全许可、环境监测报告备案
区交通运输局 | 90 | 1 | Y | 4 | 道路运输许可信息、营运车辆信息 | 道路运输经营许可、道路运输证、出租汽车驾驶员资格、网约车运输证、超限运输许可、占用挖掘公路许可、驾驶员培训备案
区城市管理和综合执法局 | 60 | 0.8 | Y | 12 | 城市管理案件信息 | 城市建筑垃圾处置核准、户外广告设置许可、临时占用城市道路、城市绿地占用许可、树木迁移砍伐许可、环卫作业服务备案
区应急管理局 | 40 | 0.5 | Y | 2 | 安全生产许可信息、危化品企业信息 | 危险化学品经营许可、烟花爆竹经营许可、安全评价报告备案、应急预案备案、非药品类易制毒化学品备案
区水务局 | 50 | 0.5 | Y | 3 | 取水许可信息、排水许可信息 | 取水许可、城镇污水排入排水管网许可、河道管理范围内建设项目审批、水土保持方案审批、供水设施改动审批
区农业农村局 | 80 | 0.7 | Y | 2 | 农村宅基地信息、农业补贴信息 | 农村宅基地审批、农药经营许可、兽药经营许可、动物防疫条件合格证、渔业捕捞许可、种子生产经营许可、耕地地力保护补贴、农机购置补贴
区文化广电旅游体育局 | 60 | 0.5 | Y | 2 | 文化经营许可信息 | 娱乐场所经营许可、网吧经营许可、营业性演出审批、旅行社设立许可、高危险性体育项目经营许可、出版物零售许可
区司法局 | 30 | 0.6 | Y | 2 | 法律援助信息、社区矫正信息 | 法律援助申请、人民调解、基层法律服务工作者执业核准、公证服务
区财政局 | 20 | 0.3 | Y | 1 | 财政补助资金信息 | 政府采购供应商投诉、会计代理记账许可、财政票据领购
区税务局 | 70 | 1.5 | Y | 3 | 纳税信用信息、完税证明信息 | 税务登记、发票领用、增值税申报、个人所得税汇算、完税证明开具、税收优惠备案、纳税信用复评
区医疗保障局 | 50 | 1.8 | Y | 3 | 医保参保信息、医保结算信息 | 医保参保登记、异地就医备案、门诊特定病种认定、医疗费用零星报销、生育保险待遇、医保关系转移接续
区退役军人事务局 | 30 | 0.3 | Y | 1 | 退役军人信息 | 退役士兵安置、优待证申领、抚恤补助、烈士褒扬
区残疾人联合会 | 20 | 0.4 | N | 1 | 残疾人证信息 | 残疾人证办理、残疾人两项补贴、残疾人辅助器具适配
区发展和改革局 | 30 | 0.3 | Y | 1 | 投资项目信息 | 企业投资项目备案、政府投资项目审批、价格认定、粮食收购资格
区工业和信息化局 | 20 | 0.2 | N | 1 | 工业企业信息 | 技术改造项目备案、中小企业认定、无线电台设置
区商务局 | 25 | 0.3 | N | 1 | 外贸企业信息 | 对外贸易经营者备案、成品油零售经营、单用途预付卡备案、报废机动车回收
区科技创新局 | 20 | 0.2 | N | 1 | 高新技术企业信息 | 科技项目申报、技术合同登记、高新技术企业认定
区统计局 | 10 | 0.1 | N | 1 | 统计调查信息 | 统计调查项目审批、统计登记
区档案馆 | 10 | 0.2 | N | 1 | 档案查阅信息 | 档案查阅利用、档案证明出具
区消防救援大队 | 20 | 0.3 | N | 2 | 消防许可信息 | 公众聚集场所投入使用营业前消防安全检查、消防验收备案、消防设计审查
区林业局 | 25 | 0.2 | N | 1 | 林木采伐信息 | 林木采伐许可、使用林地审核、野生动物驯养许可
`

export const DEPARTMENTS: readonly DeptSeed[] = TABLE.trim()
  .split('\n')
  .map((line) => {
    const [name, items, volume, seal, hotline, provides, subjects] = line.split('|').map((c) => c.trim())
    return {
      name: name!,
      items: Number(items),
      volume: Number(volume),
      eSeal: seal === 'Y',
      hotline: Number(hotline),
      provides: provides!.split('、'),
      subjects: subjects!.split('、'),
      lag: LAGS[name!] ?? {},
    }
  })
