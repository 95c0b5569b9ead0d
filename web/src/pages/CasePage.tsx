/**
 * One case (GET /api/cases/:no): its facts, the engine's result with the reasons beside every amount
 * (each with its clause; the steps on demand), the history, the files, and the moves the API offers this
 * user as buttons (POST /api/cases/:no/actions/:action).
 */
import { App, Button, Card, Col, Descriptions, Empty, Row, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { CaseView, EngineRecord } from '../api.ts';
import { ActionDialog } from '../components/cases/ActionDialog.tsx';
import { Attach, ScoreSheet } from '../components/cases/CaseParts.tsx';
import { EditCase, editable } from '../components/cases/EditCase.tsx';
import { actionLabel, casePeriod, fieldLabel, stateLabel, valueText } from '../components/cases/labels.ts';
import { Reasons, TraceSteps } from '../components/Explanation.tsx';
import { dateTime, day } from '../format.ts';
import { type MessageKey, useI18n } from '../i18n.tsx';
import { ErrorAlert, Money, useGet } from '../ui.tsx';

/** The engine's lines of a decision: one record, or a takeover's several. */
export const decisionLines = (d: CaseView['decision']): EngineRecord[] => (d === null ? [] : 'lines' in d ? d.lines : [d]);

function EngineLines({ records }: { records: EngineRecord[] }) {
  const { t, lang } = useI18n();
  if (records.length === 0) return <Empty description="—" />;
  return (
    <Space direction="vertical" className="jb-full">
      {records.map((r, i) => {
        const reasons = lang === 'en' ? r.reasonsEn : r.line.reasons;
        const key = `${r.line.program}/${r.line.subject}/${r.line.period ?? i}`;
        return (
          <Card key={key} size="small" data-testid="engine-line">
            <Row gutter={16} align="top">
              <Col flex="220px">
                <Typography.Text type="secondary">
                  {r.line.program} · {r.line.subject}
                  {r.line.period ? ` · ${r.line.period}` : ''}
                </Typography.Text>
                <Typography.Title level={3} className="jb-amount" data-testid="line-amount">
                  <Money value={r.line.amount} />
                </Typography.Title>
                <Tag color={['payable', 'granted', 'capped'].includes(r.line.status) ? 'green' : 'default'}>
                  {t(`lineStatus_${r.line.status}` as MessageKey) ?? r.line.status}
                </Tag>
              </Col>
              <Col flex="auto">
                <Typography.Text strong>{t('reasons')}</Typography.Text>
                <Reasons reasons={reasons} />
                <TraceSteps trace={r.line.trace} />
                <Typography.Text type="secondary">
                  {r.asOf} · {r.policy.id} {r.policy.version}
                </Typography.Text>
              </Col>
            </Row>
          </Card>
        );
      })}
    </Space>
  );
}

function Actions({ c, done }: { c: CaseView; done: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState<CaseView['actions'][number] | null>(null);
  const navigate = useNavigate();
  // a result is published in a notice with others (src/service/cases/effects.ts needsNotice): 公示管理, this case chosen
  const programme = { claim: 'T', grant: 'W', facility: 'F' }[c.type as string];
  const choose = (a: CaseView['actions'][number]) =>
    a.action === 'publish' && programme ? navigate(`/notices?publish=${programme}&case=${encodeURIComponent(c.caseNo)}`) : setOpen(a);
  return (
    <Card title={t('actions')} size="small" data-testid="case-actions">
      {c.actions.length === 0 ? (
        <Typography.Text type="secondary">{t('noActions')}</Typography.Text>
      ) : (
        <Space wrap>
          {c.actions.map((a) => (
            <Button key={a.action} type={['reject', 'return'].includes(a.action) ? 'default' : 'primary'} onClick={() => choose(a)}>
              {actionLabel(c.type, a.action, lang)}
            </Button>
          ))}
        </Space>
      )}
      <ActionDialog
        c={c}
        move={open}
        onClose={() => setOpen(null)}
        onDone={() => {
          message.success(t('actionDone', { label: open ? actionLabel(c.type, open.action, lang) : '' }));
          setOpen(null);
          done();
        }}
      />
    </Card>
  );
}

export default function CasePage() {
  const { t, lang } = useI18n();
  const { no = '' } = useParams();
  const { data: c, error, loading, reload } = useGet<CaseView>(`/api/cases/${encodeURIComponent(no)}`);
  const comments = c?.state === 'returned' ? c.fieldComments : null;
  return (
    <div data-testid="case-page">
      <Space className="jb-filters">
        <Link to="/cases">← {t('back')}</Link>
      </Space>
      <ErrorAlert error={error} />
      {loading && !c && <Card loading />}
      {c && (
        <Space direction="vertical" size="middle" className="jb-full">
          {/* the 补正 comments stand beside their fields while the case waits on the applicant; the history keeps them */}
          <Typography.Title level={3}>
            {c.caseNo} · {t(`caseType_${c.type}` as MessageKey)}{' '}
            <Tag color="processing" data-testid="case-state">
              {stateLabel(c.type, c.state, lang)}
            </Tag>
            {c.overdue && <Tag color="red">{t('overdue')}</Tag>}
          </Typography.Title>
          <Descriptions bordered size="small" column={{ xs: 1, md: 2, xl: 3 }}>
            <Descriptions.Item label={t('community')}>{c.community.name}</Descriptions.Item>
            <Descriptions.Item label={t('compound')}>{c.compound.name}</Descriptions.Item>
            <Descriptions.Item label={t('company')}>{c.company?.name ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('casePeriod')}>{casePeriod(c, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('amount')}>
              <Money value={c.amount} />
            </Descriptions.Item>
            <Descriptions.Item label={t('dueOn')}>{day(c.dueOn)}</Descriptions.Item>
            <Descriptions.Item label={t('submittedAt')}>{day(c.submittedAt)}</Descriptions.Item>
            {c.payment && <Descriptions.Item label={t('payment')}>{c.payment.text[lang]}</Descriptions.Item>}
            {c.notice && (
              <Descriptions.Item label={t('notice')}>
                {c.notice.title} · {day(c.notice.publishedOn)} – {day(c.notice.closesOn)}
              </Descriptions.Item>
            )}
          </Descriptions>
          <Actions c={c} done={reload} />
          {editable(c) && <EditCase c={c} done={reload} />}
          {/* a rectification or a roster change has no amount: the engine has nothing to say on it */}
          {c.type !== 'rectification' && c.type !== 'roster' && (
            <Card title={t('decision')} size="small">
              <EngineLines records={decisionLines(c.decision)} />
            </Card>
          )}
          <Card title={t('facts')} size="small" data-testid="facts">
            <Descriptions bordered size="small" column={1}>
              {Object.entries(c.form)
                .filter(([k]) => k !== 'scores')
                .map(([k, v]) => (
                  <Descriptions.Item key={k} label={fieldLabel(k, lang)}>
                    <span>{valueText(v, lang)}</span>
                    {comments?.[k] && (
                      <Tag color="orange" className="jb-gap">
                        {t('fieldComments')}：{comments[k]}
                      </Tag>
                    )}
                  </Descriptions.Item>
                ))}
            </Descriptions>
          </Card>
          {c.assessment && <ScoreSheet sheet={c.assessment} />}
          <Card
            title={t('attachments')}
            size="small"
            extra={c.actions.some((a) => a.action === 'submit') && <Attach c={c} done={reload} />}
          >
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={c.attachments}
              columns={[
                {
                  title: t('kind'),
                  dataIndex: 'kind',
                  render: (k: string) => (
                    <span>
                      {fieldLabel(k, lang)}
                      {comments?.[k] && (
                        <Tag color="orange" className="jb-gap">
                          {t('fieldComments')}：{comments[k]}
                        </Tag>
                      )}
                    </span>
                  ),
                },
                {
                  title: t('fileName'),
                  dataIndex: 'fileName',
                  render: (n: string, a) => (
                    <a href={`/api/attachments/${a.id}`} download>
                      {n}
                    </a>
                  ),
                },
                { title: t('size'), dataIndex: 'size', align: 'right', render: (s: number) => `${Math.ceil(s / 1024)} KB` },
                { title: t('user'), dataIndex: 'uploadedBy' },
                { title: t('at'), dataIndex: 'uploadedAt', render: (d: string) => dateTime(d) },
              ]}
            />
          </Card>
          <Card title={t('history')} size="small">
            <Table
              size="small"
              rowKey={(h) => `${h.at}-${h.action}-${h.to}`}
              pagination={false}
              dataSource={c.history}
              columns={[
                { title: t('at'), dataIndex: 'at', render: (d: string) => dateTime(d) },
                { title: t('user'), dataIndex: 'username' },
                { title: t('action'), dataIndex: 'action', render: (a: string) => actionLabel(c.type, a, lang) },
                {
                  title: t('fromTo'),
                  key: 'ft',
                  render: (_, h) => `${h.from ? stateLabel(c.type, h.from, lang) : '—'} → ${stateLabel(c.type, h.to, lang)}`,
                },
                {
                  title: t('comment'),
                  key: 'comment',
                  // only a return's are 补正 comments; other moves keep their machine detail (an outcome, a total) there for the audit
                  render: (_, h) =>
                    [
                      h.comment ?? '',
                      ...Object.entries((h.action === 'return' ? h.fieldComments : null) ?? {}).map(
                        ([k, v]) => `${fieldLabel(k, lang)}：${valueText(v, lang)}`,
                      ),
                    ]
                      .filter(Boolean)
                      .join('；'),
                },
              ]}
            />
          </Card>
        </Space>
      )}
    </div>
  );
}
