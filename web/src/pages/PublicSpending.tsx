/**
 * Committees' spending for the public (no login, clause 3.3): find a committee by its code or the name of
 * its compound or community (GET /api/public/committees), then read its ledger
 * (GET /api/public/committees/:code/spending) — the grant received, each use with its receipt yes/no,
 * corrections, the balance after each line — without the names of those who booked it.
 */
import { Alert, Card, Empty, Input, List, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { qs } from '../api.ts';
import { smallPager } from '../components/public/pager.ts';
import type { PublicCommittee, SpendingLedger } from '../components/public/types.ts';
import { money } from '../format.ts';
import { type MessageKey, useI18n } from '../i18n.tsx';
import { ErrorAlert, Money, type Paging, pageQuery, useGet } from '../ui.tsx';

export default function PublicSpending() {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [p, setP] = useState<Paging>({ page: 1, size: 10 });
  const list = useGet<{ items: PublicCommittee[]; total: number }>(`/api/public/committees${qs({ q: q.trim(), ...pageQuery(p) })}`);
  return (
    <div data-testid="public-spending">
      <Typography.Title level={3}>{t('pubSpending')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('pubSpendingIntro')}</Typography.Paragraph>
      <div data-testid="committee-search">
        <Input.Search
          className="jb-filters"
          allowClear
          enterButton={t('search')}
          placeholder={t('pubCommitteeSearch')}
          aria-label={t('pubCommitteeSearch')}
          maxLength={50}
          onSearch={(v) => {
            setQ(v);
            setP({ ...p, page: 1 });
          }}
        />
      </div>
      <ErrorAlert error={list.error} />
      <List
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('pubNoCommittees')} /> }}
        pagination={smallPager(list.data?.total, p, setP)}
        renderItem={(w) => (
          <List.Item key={w.code} data-testid="committee-item">
            <Link to={`/public/spending/${encodeURIComponent(w.code)}`} className="jb-public-row">
              <Typography.Text strong>{w.name}</Typography.Text>
              <Typography.Text type="secondary">
                {w.communityName} · {t('code')} {w.code}
              </Typography.Text>
            </Link>
          </List.Item>
        )}
      />
    </div>
  );
}

type Line = SpendingLedger['lines'][number];

export function PublicLedgerPage() {
  const { t } = useI18n();
  const { code = '' } = useParams();
  const [p, setP] = useState<Paging>({ page: 1, size: 50 });
  const l = useGet<SpendingLedger>(`/api/public/committees/${encodeURIComponent(code)}/spending${qs(pageQuery(p))}`);
  const d = l.data;
  return (
    <div data-testid="public-ledger">
      <Link to="/public/spending">← {t('pubSpending')}</Link>
      <ErrorAlert error={l.error} />
      {l.loading && !d && <Card loading />}
      {d && (
        <Space direction="vertical" size="middle" className="jb-full">
          <div>
            <Typography.Title level={3} className="jb-public-title">
              {d.committee.name}
            </Typography.Title>
            <Typography.Text type="secondary">
              {d.committee.communityName} · {d.committee.compoundName} · {t('code')} {d.committee.code}
            </Typography.Text>
          </div>
          {!d.paid ? (
            <Alert type="info" showIcon message={t('pubGrantNotPaid')} data-testid="grant-not-paid" />
          ) : (
            <>
              <div className="jb-public-stats">
                <Card size="small">
                  <Statistic title={t('pubReceived')} value={money(d.received)} />
                </Card>
                <Card size="small">
                  <Statistic title={t('pubSpent')} value={money(d.spent)} />
                </Card>
                <Card size="small" data-testid="ledger-balance">
                  <Statistic title={t('pubBalance')} value={money(d.balance)} />
                </Card>
              </div>
              <div data-testid="ledger-lines">
                <Table<Line>
                  size="small"
                  rowKey="seq"
                  dataSource={d.lines}
                  scroll={{ x: 560 }}
                  pagination={smallPager(d.page.total, p, setP)}
                  columns={[
                    { title: t('pubDate'), dataIndex: 'date', width: 100 },
                    {
                      title: t('pubLineKind'),
                      dataIndex: 'kind',
                      width: 90,
                      render: (k: Line['kind'], x) => (
                        <Space size={4} wrap>
                          <Tag color={k === 'received' ? 'green' : k === 'spent' ? 'blue' : 'orange'}>
                            {t(`pubKind_${k}` as MessageKey)}
                          </Tag>
                          {x.reversed && <Tag>{t('pubReversed')}</Tag>}
                        </Space>
                      ),
                    },
                    {
                      title: t('pubItem'),
                      render: (_, x) => x.item ?? (x.kind === 'received' ? t('pubGrantIn') : '—'),
                    },
                    {
                      title: t('amount'),
                      dataIndex: 'amount',
                      align: 'right',
                      render: (v: string, x) => <Money value={x.kind === 'spent' ? `-${v}` : v} />,
                    },
                    {
                      title: t('pubReceipt'),
                      dataIndex: 'receipt',
                      width: 70,
                      render: (r: boolean, x) => (x.kind === 'spent' ? t(r ? 'yes' : 'no') : ''),
                    },
                    { title: t('pubReason'), dataIndex: 'reason', render: (r: string | null) => r ?? '' },
                    { title: t('pubBalanceAfter'), dataIndex: 'balance', align: 'right', render: (v: string) => <Money value={v} /> },
                  ]}
                />
              </div>
            </>
          )}
        </Space>
      )}
    </div>
  );
}
