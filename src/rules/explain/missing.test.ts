/** Missing facts in words: every path the engine can put in `missing`, in zh-CN and English, and never a path in a text. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { loadPolicy } from '../../policy/load.ts';
import { calculate } from '../engine.ts';
import { presentCalculation } from '../present.ts';
import { scenarioArbitrary } from '../scenario/arbitrary.ts';
import { application, committee, engagement, scenario, tier1Facts } from '../scenario/fixtures.ts';
import { validateScenario } from '../scenario/validate.ts';
import { calc, lineOf } from '../testing.ts';
import { MISSING, missingLabel, missingWords } from './missing.ts';

describe('missingLabel', () => {
  test('each kind of path in words, zh-CN and English', () => {
    const cases: Array<[string, string, string]> = [
      ['periods[2025H1]', '2025H1半年事实', 'the facts of 2025H1'],
      ['periods[2024H2].assessmentScore', '2024H2半年考核得分', 'the half-year assessment score of 2024H2'],
      ['rectifications[2024]', '2024年整改结论', 'the 2024 rectification decision'],
      ['serviceContractSigned', '业委会服务合同签订日期', "the signing date of the committee's service contract"],
      ['operatingNormally', '合同正常运行的确认', 'the confirmation that the contract runs normally'],
      ['reviewApproved', '住建局和社区的审核通过', 'the approval of the housing bureau and the community'],
      ['accepted', '验收日期', 'the acceptance date'],
    ];
    for (const [path, zh, en] of cases) assert.deepEqual([missingLabel(path, 'zh'), missingLabel(path, 'en')], [zh, en], path);
  });
  test('the paths the engine builds are the paths it has words for', () => {
    const built = [
      MISSING.periodFacts('2025H1'),
      MISSING.assessmentScore('2025H1'),
      MISSING.rectification(2024),
      MISSING.serviceContractSigned,
      MISSING.operatingNormally,
      MISSING.reviewApproved,
      MISSING.accepted,
    ];
    for (const path of built) assert.notEqual(missingWords(path), null, path);
  });
  test('anything else comes back unchanged', () => {
    for (const s of ['periods[2025H3]', 'periods[2025H1].marketPrice', 'rectifications[24]', 'toString', 'constructor', ''])
      assert.deepEqual([missingWords(s), missingLabel(s, 'zh'), missingLabel(s, 'en')], [null, s, s], s);
  });
});

/** Any way a machine path could leak into a text. */
const PATH_IN_TEXT = /\w\[\w+\]|assessmentScore|serviceContractSigned|operatingNormally|reviewApproved|缺少 ?accepted|missing accepted/;

describe('reason texts name missing facts in words', () => {
  test('each pending reason, zh-CN and English', () => {
    const texts = (s: Parameters<typeof scenario>[0], subject: string, period?: string) =>
      (['zh', 'en'] as const).map((lang) =>
        lineOf(calc(scenario(s), { lang }), subject, period)
          .reasons.map((r) => r.text)
          .join(' | '),
      );
    assert.deepEqual(texts({ engagements: [engagement()] }, 'E1', '2024H1'), [
      '尚未录入2024H1半年事实，待定',
      'the facts of 2024H1 are not recorded yet: pending',
    ]);
    const unscored = texts({ engagements: [engagement({ periods: [tier1Facts('2024H1', { assessmentScore: null })] })] }, 'E1', '2024H1');
    assert.match(unscored[0] ?? '', /尚未录入2024H1半年考核得分，待定$/);
    assert.match(unscored[1] ?? '', /the half-year assessment score of 2024H1 is not recorded yet: pending$/);
    const failed = [tier1Facts('2024H1', { assessmentScore: 50 }), tier1Facts('2024H2', { assessmentScore: 50 }), tier1Facts('2025H1')];
    const blocked = texts({ engagements: [engagement({ periods: failed })] }, 'E1', '2025H1');
    assert.match(blocked[0] ?? '', /2024 年度考核不合格（年度得分 50 < 60），尚未录入2024年整改结论，待定$/);
    assert.match(blocked[1] ?? '', /and the 2024 rectification decision is not recorded yet: pending$/);
    assert.match(texts({ committees: [committee({ serviceContractSigned: null })] }, 'W1')[0] ?? '', /（缺少业委会服务合同签订日期）/);
    assert.deepEqual(texts({ facilityApplications: [application({ accepted: null })] }, 'F1'), [
      '改造尚未验收，先实施、后补贴（缺少验收日期）',
      'the works are not accepted: implement first, subsidise after (missing the acceptance date)',
    ]);
    const notOperating = texts({ committees: [committee({ operatingNormally: false })] }, 'W1');
    assert.match(notOperating[0] ?? '', /\| 尚未确认业委会与企业合同正常运行，待定$/);
    assert.match(notOperating[1] ?? '', /\| the contract is not confirmed as running normally: pending$/);
    assert.match(texts({ committees: [committee({ reviewApproved: false })] }, 'W1')[0] ?? '', /\| 尚未经住建局和社区审核通过，待定$/);
  });

  test('every missing path of every generated line has words, and no text shows a path', () => {
    const policy = loadPolicy();
    const kinds = new Set<string>();
    fc.assert(
      fc.property(scenarioArbitrary, (s) => {
        const v = validateScenario(s);
        assert.ok(v.ok);
        const calculation = calculate(v.scenario, policy, { explain: true });
        for (const lang of ['zh', 'en'] as const)
          for (const l of presentCalculation(calculation, { lang, explain: true }).lines) {
            for (const path of l.missing ?? []) {
              assert.notEqual(missingWords(path), null, `${l.subject}: no words for ${path}`);
              kinds.add(path.replace(/\[\w+\]/g, '[]'));
            }
            for (const r of [...l.reasons, ...(l.trace ?? [])]) assert.doesNotMatch(r.text, PATH_IN_TEXT, `${l.subject} ${r.code}`);
          }
      }),
      { numRuns: 300, seed: 20250113 },
    );
    // Not vacuous: the generator reaches every path the engine can put in `missing`.
    assert.deepEqual([...kinds].sort(), [
      'operatingNormally',
      'periods[]',
      'periods[].assessmentScore',
      'rectifications[]',
      'reviewApproved',
      'serviceContractSigned',
    ]);
  });
});
