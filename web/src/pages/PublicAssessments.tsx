/**
 * 考核通报 for the public (no login, clause 3.2 and 4.2): the half-years published, a half-year's final
 * results (GET /api/public/assessments) and the communities praised and criticised (GET
 * /api/public/standings); each company links to its record (GET /api/public/companies/:code/record):
 * the compounds it serves, its half-year results, rectifications and expulsion. Phone first.
 */
import { Alert, Card, Empty, List, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { qs } from '../api.ts';
import { smallPager } from '../components/public/pager.ts';
import type { Bulletin, CompanyRecord, PublicStandings, StandingItem } from '../components/public/types.ts';
import { percent } from '../format.ts';
import { type MessageKey, useI18n } from '../i18n.tsx';
import { ErrorAlert, type Paging, pageQuery, useGet } from '../ui.tsx';

const resultTag = (passed: boolean, t: (k: MessageKey) => string) => (
  <Tag color={passed ? 'green' : 'red'}>{passed ? t('pubPassed') : t('pubFailed')}</Tag>
);

function StandingList({ title, items, kind }: { title: string; items: StandingItem[]; kind: 'praise' | 'criticism' }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={<Tag color={kind === 'praise' ? 'green' : 'red'}>{title}</Tag>} data-testid={`standing-${kind}`}>
      <List
        size="small"
        dataSource={items}
        locale={{ emptyText: t('pubNone') }}
        renderItem={(c) => (
          <List.Item key={c.code}>
            <div className="jb-public-row">
              <Typography.Text strong>{c.name}</Typography.Text>
              <Typography.Text type="secondary" className="jb-public-small">
                {t('pubRankScore', { rank: c.rank, score: percent(c.score) })} ·{' '}
                {t('pubMeasures3', {
                  coverage: percent(c.coverage),
                  satisfaction: percent(c.satisfaction),
                  assessments: percent(c.assessments),
                })}
              </Typography.Text>
            </div>
          </List.Item>
        )}
      />
    </Card>
  );
}

export default function PublicAssessments() {
  const { t, lang } = useI18n();
  const [period, setPeriod] = useState<string | undefined>(undefined);
  const [p, setP] = useState<Paging>({ page: 1, size: 20 });
  const s = useGet<PublicStandings>(`/api/public/standings${qs({ period })}`);
  const shown = period ?? s.data?.period ?? null;
  const b = useGet<Bulletin>(shown ? `/api/public/assessments${qs({ period: shown, ...pageQuery(p) })}` : null);
  const d = s.data;
  return (
    <div data-testid="public-assessments">
      <Typography.Title level={3}>{t('pubAssessments')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('pubAssessmentsIntro')}</Typography.Paragraph>
      <ErrorAlert error={s.error ?? b.error} />
      {s.loading && !d && <Card loading />}
      {d && d.periods.length === 0 && <Empty description={t('pubNoResultsYet')} />}
      {d && shown && (
        <Space direction="vertical" size="middle" className="jb-full">
          <Space wrap>
            {t('pubPeriod')}
            <Select<string>
              className="jb-select"
              data-testid="period-select"
              value={shown}
              onChange={(v) => {
                setPeriod(v);
                setP({ ...p, page: 1 });
              }}
              options={[...d.periods].reverse().map((x) => ({ value: x, label: x }))}
            />
          </Space>
          <div className="jb-public-standings">
            <StandingList title={t('pubPraise')} items={d.praise} kind="praise" />
            <StandingList title={t('pubCriticism')} items={d.criticism} kind="criticism" />
          </div>
          {d.rule && (
            <Typography.Paragraph type="secondary" className="jb-public-small">
              {t('pubStandingRule')}（{t('dashAsOf')} {d.asOf}）：{lang === 'zh' ? d.rule.text.zh : d.rule.text.en}
            </Typography.Paragraph>
          )}
          <Typography.Title level={4}>{t('pubResultsOf', { period: shown, pass: b.data?.passScore ?? '—' })}</Typography.Title>
          <List
            data-testid="bulletin"
            loading={b.loading}
            dataSource={b.data?.items ?? []}
            locale={{ emptyText: <Empty description={t('pubNoResultsYet')} /> }}
            pagination={smallPager(b.data?.page.total, p, setP)}
            renderItem={(x) => (
              <List.Item key={`${x.compound}-${x.company}`} data-testid="bulletin-item">
                <div className="jb-public-row">
                  <div className="jb-public-amount-row">
                    <Typography.Text strong>
                      {x.compoundName} <Typography.Text type="secondary">{x.communityName}</Typography.Text>
                    </Typography.Text>
                    <span className="jb-public-amount">
                      {x.score} {resultTag(x.result === 'passed', t)}
                    </span>
                  </div>
                  <Link to={`/public/companies/${encodeURIComponent(x.company)}`} data-testid="company-link">
                    {x.companyName}
                  </Link>
                  {x.assessedOn && (
                    <Typography.Text type="secondary" className="jb-public-small">
                      {t('pubAssessedOn')} {x.assessedOn}
                    </Typography.Text>
                  )}
                </div>
              </List.Item>
            )}
          />
        </Space>
      )}
    </div>
  );
}

type Result = CompanyRecord['assessments'][number];
type Rectification = CompanyRecord['rectifications'][number];

export function PublicCompanyPage() {
  const { t } = useI18n();
  const { code = '' } = useParams();
  const r = useGet<CompanyRecord>(`/api/public/companies/${encodeURIComponent(code)}/record`);
  const d = r.data;
  const outcome = (o: Rectification['outcome']) => t(`pubOutcome_${o ?? 'pending'}` as MessageKey);
  return (
    <div data-testid="public-company">
      <Link to="/public/assessments">← {t('pubAssessments')}</Link>
      <ErrorAlert error={r.error} />
      {r.loading && !d && <Card loading />}
      {d && (
        <Space direction="vertical" size="middle" className="jb-full">
          <div>
            <Typography.Title level={3} className="jb-public-title">
              {d.name}
            </Typography.Title>
            <Typography.Text type="secondary">
              {t('pubCompanyRecord')} · {t('uscc')} {d.uscc ?? '—'}
            </Typography.Text>
          </div>
          {d.expulsions.map((x) => (
            <Alert
              key={x.engagement}
              type="error"
              showIcon
              data-testid="expulsion"
              message={`${x.compoundName}：${t('pubExpelledOn', { on: x.on, outcome: outcome(x.outcome) })}`}
            />
          ))}
          <Card size="small" title={t('pubCompanyCompounds')}>
            <List
              size="small"
              dataSource={d.engagements}
              locale={{ emptyText: t('pubNone') }}
              renderItem={(e) => (
                <List.Item key={e.engagement} data-testid="record-engagement">
                  <div className="jb-public-row">
                    <Typography.Text strong>
                      {e.compoundName} <Typography.Text type="secondary">{e.communityName}</Typography.Text>
                    </Typography.Text>
                    <Typography.Text type="secondary" className="jb-public-small">
                      {e.entryDate} — {e.endDate ?? t('pubServing')}
                    </Typography.Text>
                  </div>
                </List.Item>
              )}
            />
          </Card>
          <Card size="small" title={t('pubCompanyResults')}>
            <Table<Result>
              size="small"
              data-testid="record-results"
              rowKey={(x) => `${x.engagement}-${x.period}`}
              dataSource={d.assessments}
              pagination={d.assessments.length > 10 ? { pageSize: 10, size: 'small' } : false}
              columns={[
                { title: t('pubPeriod'), dataIndex: 'period', width: 80 },
                { title: t('compound'), dataIndex: 'compoundName' },
                { title: t('score'), dataIndex: 'score', align: 'right', width: 64 },
                { title: t('result'), key: 'result', width: 80, render: (_, x) => resultTag(x.result === 'passed', t) },
              ]}
            />
          </Card>
          <Card size="small" title={t('pubRectifications')}>
            <List
              size="small"
              dataSource={d.rectifications}
              locale={{ emptyText: t('pubNoRectification') }}
              renderItem={(x) => (
                <List.Item key={`${x.engagement}-${x.year}`} data-testid="record-rectification">
                  <div className="jb-public-row">
                    <Typography.Text strong>
                      {x.compoundName} · {x.year}
                    </Typography.Text>
                    <Typography.Text type="secondary" className="jb-public-small">
                      {t('pubOrderedOn')} {x.orderedOn ?? '—'} · {t('pubDeadline')} {x.deadline ?? '—'} · {t('pubOutcome')}{' '}
                      {outcome(x.outcome)}
                      {x.decidedOn ? `（${x.decidedOn}）` : ''}
                    </Typography.Text>
                  </div>
                </List.Item>
              )}
            />
          </Card>
          {d.expulsions.length === 0 && (
            <Typography.Text type="secondary" data-testid="no-expulsion">
              {t('pubNoExpulsion')}
            </Typography.Text>
          )}
        </Space>
      )}
    </div>
  );
}
