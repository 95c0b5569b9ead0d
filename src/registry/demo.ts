/**
 * `jiangbu seed --demo`: a plausible small border city, fictional throughout — 3 subdistricts,
 * 6 communities, 120 compounds (some scattered buildings), 40 companies, takeovers over 2024–2025
 * with half-year facts and assessments (some failing, one rectification, one expulsion),
 * committees, facility applications, market prices, budgets and satisfaction surveys.
 * Deterministic: the same data on every run.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import * as t from '../db/schema.ts';
import { dayFromCivil, formatDay, mustParseDay } from '../rules/dates/date.ts';
import { formatScaled } from '../rules/exact/rational.ts';
import type {
  CommitteeInput,
  CompoundInput,
  EngagementInput,
  FacilityApplicationInput,
  PeriodFactsInput,
  Scenario,
} from '../rules/scenario/schema.ts';
import { insertBatched } from './batch.ts';
import { committeeName } from './labels.ts';
import { loadScenario } from './scenario-load.ts';
import { withCheckChar } from './uscc.ts';

/** xorshift32 */
function random(seed: number) {
  let x = seed;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T,
    chance: (p: number) => next() < p,
  };
}

const SUBDISTRICTS = [
  { code: 'S1', name: '恒远街道' },
  { code: 'S2', name: '盛和街道' },
  { code: 'S3', name: '口岸街道' },
];
const COMMUNITIES = [
  { code: 'C01', name: '北苑社区', subdistrict: 'S1' },
  { code: 'C02', name: '锡林社区', subdistrict: 'S1' },
  { code: 'C03', name: '新华社区', subdistrict: 'S2' },
  { code: 'C04', name: '团结社区', subdistrict: 'S2' },
  { code: 'C05', name: '友谊社区', subdistrict: 'S3' },
  { code: 'C06', name: '滨河社区', subdistrict: 'S3' },
];
const PREFIXES = [
  '滨河',
  '友谊',
  '口岸',
  '边贸',
  '草原',
  '恐龙',
  '新华',
  '团结',
  '阳光',
  '北苑',
  '南苑',
  '东城',
  '西城',
  '和谐',
  '幸福',
  '金都',
  '银河',
  '明珠',
  '安居',
  '康乐',
  '苏尼特',
  '乌兰',
  '查干',
  '额尔敦',
];
const SUFFIXES = ['小区', '家园', '花园', '苑', '新村'];
const STREETS = ['前进路', '友谊路', '恐龙大街', '新华街', '口岸大道', '团结路', '伊林路', '赛罕街'];
const COMPANY_WORDS = [
  '恒安',
  '诚信',
  '北疆',
  '金盾',
  '宏达',
  '嘉和',
  '瑞丰',
  '安泰',
  '鑫源',
  '华宇',
  '祥和',
  '众诚',
  '益民',
  '德馨',
  '盛世',
  '广厦',
  '天润',
  '永泰',
  '伊和',
  '锦程',
];
const BANKS = ['中国农业银行二连浩特分行', '中国工商银行二连浩特支行', '中国银行二连浩特分行', '内蒙古农村信用社二连浩特联社'];
const CATEGORIES = [
  { category: '一类', price: '1.20' },
  { category: '二类', price: '0.90' },
  { category: '三类', price: '0.60' },
];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '巴特尔', '乌日娜', '其其格', '孟和', '高'];

const money = (fen: number) => formatScaled(BigInt(Math.round(fen)), 2);

/** The engine-relevant part of the demo, as a scenario (evaluation date 2026-03-31). */
export function demoScenario(): Scenario {
  const r = random(20250113);
  const compounds: CompoundInput[] = [];
  const usedNames = new Set<string>();
  for (let i = 0; i < 120; i++) {
    const community = COMMUNITIES[i % COMMUNITIES.length] as (typeof COMMUNITIES)[number];
    const scattered = i % 9 === 4;
    let name: string;
    do {
      name = scattered ? `${r.pick(STREETS)}${1 + r.int(60)}号楼` : `${r.pick(PREFIXES)}${r.pick(SUFFIXES)}`;
    } while (usedNames.has(`${community.code}/${name}`));
    usedNames.add(`${community.code}/${name}`);
    compounds.push({
      id: `X${String(i + 1).padStart(3, '0')}`,
      name,
      communityId: community.code,
      kind: scattered ? 'scattered' : 'compound',
      area: money(scattered ? 80000 + r.int(400000) : 800000 + r.int(4500000)),
      households: scattered ? 12 + r.int(40) : 60 + r.int(340),
      onRoster2023: i < 110, // ten compounds have had a company all along
    });
  }
  const engagements: EngagementInput[] = [];
  const facts = (period: string, fail: boolean, scored: boolean, tier1: boolean): PeriodFactsInput => {
    const receivable = 40000 + r.int(160000);
    return {
      period,
      committeeSupport: tier1 || r.chance(0.3),
      enhancedServices: tier1 || r.chance(0.4),
      basicServices: true,
      feesReceivableOccupied: money(receivable * 100),
      feesCollected: money(receivable * (tier1 ? 62 + r.int(35) : 35 + r.int(40))),
      feeStandard: tier1 ? r.pick(['0.80', '0.90', '1.00']) : r.pick(['0.45', '0.60', '0.70']),
      marketPrice: r.pick(['1.20', '1.00']),
      assessmentScore: scored ? (fail ? 45 + r.int(14) : 62 + r.int(34)) : null,
    };
  };
  let k = 0;
  for (const c of compounds) {
    if (!c.onRoster2023 || r.chance(0.18)) continue; // not every compound is taken over yet
    const id = `E${String(++k).padStart(3, '0')}`;
    const special = k === 7 ? 'rectified' : k === 13 ? 'expelled' : k === 21 ? 'no-commitment' : null;
    // the rectified and the expelled company entered early in 2024 and failed that year
    const entry = dayFromCivil(2024, 1, 1) + (special === 'rectified' || special === 'expelled' ? r.int(90) : r.int(640));
    const tier1 = r.chance(0.45) && c.kind === 'compound';
    const periods: PeriodFactsInput[] = [];
    for (const p of ['2024H1', '2024H2', '2025H1', '2025H2']) {
      const end = p.endsWith('H1') ? `${p.slice(0, 4)}-06-30` : `${p.slice(0, 4)}-12-31`;
      if (mustParseDay(end) < entry) continue;
      const failing = special !== null && p.startsWith('2024') ? true : r.chance(0.06);
      periods.push(facts(p, failing && special !== 'no-commitment', p !== '2025H2' || r.chance(0.7), tier1));
    }
    const signed = formatDay(entry - r.int(10));
    engagements.push({
      id,
      compoundId: c.id,
      companyId: `P${String(1 + r.int(40)).padStart(2, '0')}`,
      entryDate: formatDay(entry),
      contractSigned: signed,
      commitmentSigned: special === 'no-commitment' ? null : signed,
      // expelled: the decision date is the last day of service
      endDate: special === 'expelled' ? '2025-04-15' : null,
      periods,
      rectifications:
        special === 'rectified'
          ? [{ year: 2024, outcome: 'rectified', decidedOn: '2025-03-15' }]
          : special === 'expelled'
            ? [{ year: 2024, outcome: 'failed', decidedOn: '2025-04-15' }]
            : [],
    });
    if (special === 'expelled') {
      // a new company takes over after the expulsion
      engagements.push({
        id: `E${String(++k).padStart(3, '0')}`,
        compoundId: c.id,
        companyId: 'P40',
        entryDate: '2025-05-01',
        contractSigned: '2025-04-28',
        commitmentSigned: '2025-04-28',
        endDate: null,
        periods: [facts('2025H1', false, true, false), facts('2025H2', false, true, false)],
        rectifications: [],
      });
    }
  }
  const committees: CommitteeInput[] = [];
  for (let i = 0; i < 42; i++) {
    const c = compounds[(i * 7) % compounds.length] as CompoundInput;
    if (committees.some((w) => w.compoundId === c.id)) continue;
    const established = dayFromCivil(2023, 10, 1) + r.int(700);
    const contract = r.chance(0.85) ? formatDay(established + 20 + r.int(90)) : null;
    committees.push({
      id: `W${String(committees.length + 1).padStart(3, '0')}`,
      compoundId: c.id,
      established: formatDay(established),
      serviceContractSigned: contract,
      operatingNormally: contract !== null && r.chance(0.9),
      reviewApproved: contract !== null && r.chance(0.8),
    });
  }
  const facilityApplications: FacilityApplicationInput[] = [];
  for (let i = 0; i < 32; i++) {
    const c = compounds[(i * 11 + 3) % compounds.length] as CompoundInput;
    const submitted = dayFromCivil(2025, 2, 1) + r.int(600);
    facilityApplications.push({
      id: `F${String(i + 1).padStart(3, '0')}`,
      compoundId: c.id,
      submitted: formatDay(submitted),
      accepted: r.chance(0.93) ? formatDay(submitted - 5 - r.int(60)) : null,
      category: r.chance(0.9) ? r.pick(['health', 'safety', 'security', 'basic']) : 'decoration',
      investment: money((5000 + r.int(80000)) * 100),
      committeeEstablished: r.chance(0.85),
      collectionRate: r.pick(['0.55', '0.62', '0.70', '0.85', '0.91']),
      feeRatio: r.pick(['0.58', '0.65', '0.75', '0.90']),
    });
  }
  return { asOf: '2026-03-31', compounds, engagements, committees, facilityApplications };
}

/** The demo city's appropriations, entered through the budget service by the seed (src/service/seed.ts). */
export const DEMO_BUDGETS = [2024, 2025, 2026].flatMap((year) => [
  { year, programme: 'T' as const, amount: '1500000.00' },
  { year, programme: 'W' as const, amount: '100000.00' },
  { year, programme: 'F' as const, amount: '1000000.00' },
]);

/** Fills an empty registry with the demo city (inside the seeding transaction, src/service/seed.ts). */
export async function seedDemo(d: Db): Promise<void> {
  const s = demoScenario();
  const r = random(7);
  await loadScenario(d, s);
  {
    const subdistrictIds = await insertBatched(d, t.subdistricts, SUBDISTRICTS);
    for (const c of COMMUNITIES) {
      const subdistrictId = subdistrictIds[SUBDISTRICTS.findIndex((x) => x.code === c.subdistrict)]?.id as number;
      // a community's own account (社区居民委员会), for the facility subsidies it is paid (clause 4.2)
      const account = {
        bankName: '中国工商银行二连浩特市支行',
        bankAccountName: `${c.name}居民委员会`,
        bankAccountNo: `0605${c.code.slice(1).padStart(4, '0')}0900012345`,
      };
      await d
        .update(t.communities)
        .set({ name: c.name, subdistrictId, ...account })
        .where(eq(t.communities.code, c.code));
    }
    for (const c of s.compounds) {
      const households = c.households;
      await d
        .update(t.compounds)
        .set({
          address: `二连浩特市${r.pick(STREETS)}${1 + r.int(200)}号`,
          category: r.pick(CATEGORIES).category,
          occupiedHouseholds: Math.round(households * (0.6 + r.next() * 0.35)),
        })
        .where(eq(t.compounds.code, c.id));
    }
    for (let i = 1; i <= 40; i++) {
      const code = `P${String(i).padStart(2, '0')}`;
      const values = {
        name: `二连浩特市${COMPANY_WORDS[(i - 1) % COMPANY_WORDS.length]}${i > 20 ? '恒业' : ''}物业服务有限公司`,
        uscc: withCheckChar(`91152501MA0${String(100000 + i * 7919).slice(0, 6)}`),
        bankName: BANKS[i % BANKS.length] as string,
        bankAccountName: '',
        bankAccountNo: `62${String(10 ** 16 + i * 7_777_777_777).slice(0, 17)}`,
        contactName: `${r.pick(SURNAMES)}经理`,
        contactPhone: `1${r.pick(['3', '5', '8'])}${String(100000000 + r.int(899999999))}`,
      };
      values.bankAccountName = values.name;
      const updated = await d.update(t.companies).set(values).where(eq(t.companies.code, code)).returning({ id: t.companies.id });
      if (updated.length === 0) await d.insert(t.companies).values({ code, ...values });
    }
    await d
      .insert(t.marketPrices)
      .values(CATEGORIES.map((c) => ({ ...c, effectiveFrom: '2024-01-01', source: '市住建局2024年同类小区物业服务价格调查' })));
    for (const w of s.committees ?? []) {
      await d
        .update(t.committees)
        .set({
          filingNo: `二业备〔${w.established.slice(0, 4)}〕${w.id.slice(1)}号`,
          custodianName: `${r.pick(SURNAMES)}${r.pick(['建国', '秀兰', '志强', '玉梅', '宝音'])}`,
          custodianBankName: '中国农业银行二连浩特市支行',
          custodianAccountName: committeeName(s.compounds.find((c) => c.id === w.compoundId)?.name ?? w.id),
          custodianAccountNo: `62${String(10 ** 16 + r.int(10 ** 9)).slice(0, 17)}`,
          members: [1, 2, 3, 4, 5].map((n) => ({ name: `${r.pick(SURNAMES)}委员${n}`, role: n === 1 ? '主任' : '委员' })),
        })
        .where(eq(t.committees.code, w.id));
    }
    const compoundIds = new Map(
      (await d.select({ id: t.compounds.id, code: t.compounds.code }).from(t.compounds)).map((x) => [x.code, x.id]),
    );
    const surveyed = s.compounds.filter((_, i) => i % 4 === 0);
    const surveyIds = await insertBatched(
      d,
      t.surveys,
      surveyed.map((c) => ({
        compoundId: compoundIds.get(c.id) as number,
        period: '2025H2',
        title: '2025年下半年物业服务满意度调查',
        opensOn: '2025-12-01',
        closesOn: '2025-12-31',
      })),
    );
    // levels 1 非常满意 … 5 非常不满意, mostly satisfied
    const level = () => {
      const x = r.next();
      return x < 0.3 ? 1 : x < 0.65 ? 2 : x < 0.85 ? 3 : x < 0.95 ? 4 : 5;
    };
    const responses = surveyIds.flatMap(({ id }, i) =>
      Array.from({ length: 20 + ((i * 7) % 21) }, (_, n) => ({
        surveyId: id,
        householdCode: `H${String(n + 1).padStart(3, '0')}`,
        level: level(),
        answeredOn: formatDay(mustParseDay('2025-12-01') + ((n * 3) % 30)),
      })),
    );
    await insertBatched(d, t.surveyResponses, responses);
  }
}
