/**
 * 工作台: what waits on the user (GET /api/todos) with deadlines and overdue flags — for a community also its
 * residents' unresolved complaints (the 报事处理 page's default list) — and the 免申即享 radar.
 */
import { Card, Col, Collapse, Empty, List, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { Radar, RadarItem, Todo, Todos } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { statusKey } from '../components/residents/labels.ts';
import { day } from '../format.ts';
import { type MessageKey, useI18n } from '../i18n.tsx';
import { HAS_RADAR, HAS_TODOS } from '../roles.ts';
import { Due, ErrorAlert, Money, useGet } from '../ui.tsx';

function TodoList() {
  const { t } = useI18n();
  const { data, error, loading } = useGet<Todos>('/api/todos');
  return (
    <Card title={t('todos')} data-testid="todos">
      <ErrorAlert error={error} />
      <Row gutter={16} className="jb-filters">
        <Col>
          <Statistic title={t('todos')} value={data?.total ?? 0} loading={loading} />
        </Col>
        <Col>
          <Statistic
            title={t('overdue')}
            value={data?.overdue ?? 0}
            loading={loading}
            valueStyle={data?.overdue ? { color: '#cf1322' } : {}}
          />
        </Col>
      </Row>
      <Table<Todo>
        rowKey="caseNo"
        size="small"
        loading={loading}
        dataSource={data?.items ?? []}
        locale={{ emptyText: <Empty description={t('noTodos')} /> }}
        pagination={{ pageSize: 10, showSizeChanger: true, hideOnSinglePage: false }}
        columns={[
          { title: t('caseNo'), dataIndex: 'caseNo', render: (no: string) => <Link to={`/cases/${no}`}>{no}</Link> },
          { title: t('type'), dataIndex: 'typeName' },
          { title: t('compound'), dataIndex: 'compound' },
          { title: t('state'), dataIndex: 'stateName' },
          { title: t('actions'), dataIndex: 'actions', render: (a: Todo['actions']) => a.map((x) => <Tag key={x.action}>{x.label}</Tag>) },
          {
            title: t('dueOn'),
            dataIndex: 'dueOn',
            render: (d: string | null, r) => <Due on={d} overdue={r.overdue} />,
          },
        ]}
      />
      {data && data.noticesToClose.length > 0 && (
        <List
          header={<b>{t('noticesToClose')}</b>}
          size="small"
          dataSource={data.noticesToClose}
          renderItem={(n) => (
            <List.Item>
              {n.title} · {day(n.closesOn)}
            </List.Item>
          )}
        />
      )}
      {data && data.complaints.total > 0 && (
        <List
          header={
            <Space>
              <b>{t('cpTodos')}</b>
              <Tag color="orange" data-testid="complaint-todos-total">
                {data.complaints.total}
              </Tag>
              <Link to="/complaints">{t('cpTodosAll')}</Link>
            </Space>
          }
          size="small"
          data-testid="complaint-todos"
          dataSource={data.complaints.items}
          pagination={{ pageSize: 10, size: 'small', hideOnSinglePage: true }}
          renderItem={(c) => (
            <List.Item>
              #{c.id} · {c.compound} · {c.category} · {day(c.lodgedOn)} · {t('cpAgeDays', { n: c.ageDays })} ·{' '}
              <Tag>{t(statusKey(c.status))}</Tag>
            </List.Item>
          )}
        />
      )}
      {data && data.openObjections.length > 0 && (
        <List
          header={<b>{t('openObjections')}</b>}
          size="small"
          dataSource={data.openObjections}
          renderItem={(o) => (
            <List.Item>
              <Link to={`/cases/${o.caseNo}`}>{o.caseNo}</Link> · {day(o.lodgedOn)}
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

function RadarCard() {
  const { t } = useI18n();
  const { data, error, loading } = useGet<Radar>('/api/radar');
  return (
    <Card title={t('radar')} loading={loading} data-testid="radar">
      <Typography.Paragraph type="secondary">{t('radarHint')}</Typography.Paragraph>
      <ErrorAlert error={error} />
      {data && (
        <>
          <Typography.Paragraph>
            {t('radarTotal', { n: data.count, amount: '' })}
            <Money value={data.amount} />
          </Typography.Paragraph>
          {data.communities.length === 0 ? (
            <Empty description={t('radarNone')} />
          ) : (
            <Collapse
              items={data.communities.map((c) => ({
                key: c.community,
                label: (
                  <span>
                    {c.community} · {c.count} · <Money value={c.amount} />
                  </span>
                ),
                children: (
                  <Table<RadarItem>
                    size="small"
                    rowKey={(r) => `${r.kind}/${r.subject}/${r.period ?? ''}`}
                    dataSource={c.items}
                    pagination={false}
                    columns={[
                      { title: t('type'), dataIndex: 'kind', render: (k: string) => t(`radar_${k}` as MessageKey) },
                      { title: t('code'), dataIndex: 'subject' },
                      { title: t('compound'), dataIndex: 'compound' },
                      { title: t('period'), dataIndex: 'period', render: (p?: string) => p ?? '—' },
                      { title: t('amount'), dataIndex: 'amount', align: 'right', render: (a: string) => <Money value={a} /> },
                    ]}
                  />
                ),
              }))}
            />
          )}
        </>
      )}
    </Card>
  );
}

export default function Workbench() {
  const { t } = useI18n();
  const { session } = useAuth();
  if (!session) return null;
  const role = session.user.role;
  const welcome: MessageKey | null =
    role === 'auditor' ? 'welcomeAuditor' : role === 'admin' ? 'welcomeAdmin' : role === 'finance' ? 'welcomeFinance' : null;
  return (
    <div data-testid="workbench">
      <Typography.Title level={3}>{t('workbench')}</Typography.Title>
      {welcome && <Typography.Paragraph>{t(welcome)}</Typography.Paragraph>}
      <Row gutter={[16, 16]}>
        {HAS_TODOS.includes(role) && (
          <Col span={24}>
            <TodoList />
          </Col>
        )}
        {HAS_RADAR.includes(role) && (
          <Col span={24}>
            <RadarCard />
          </Col>
        )}
      </Row>
    </div>
  );
}
