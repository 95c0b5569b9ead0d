/**
 * Reviewers' bulk moves on the case list (POST /api/cases/bulk/:action): the moves every selected case
 * allows the caller (the workflow table, src/workflow/tables.ts), a comment, then each case's result.
 */
import { Alert, Button, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, type CaseSummary, type Role } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { useAction } from '../../ui.tsx';
import { actionLabel, actionsFor } from './labels.ts';

/** Moves that need more than a comment (scores, a notice, an attestation, a date) are made one case at a time. */
const ONE_BY_ONE = new Set(['score', 'publish', 'review', 'end', 'expel']);

interface Result {
  caseNo: string;
  ok: boolean;
  state?: string;
  message?: string;
}

export function BulkBar({ role, rows, done }: { role: Role; rows: CaseSummary[]; done: () => void }) {
  const { t, lang } = useI18n();
  const [action, setAction] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const [results, setResults] = useState<Result[] | null>(null);
  const { busy, error, run } = useAction();
  const first = rows[0];
  const common = first
    ? actionsFor(first.type, first.state, role)
        .map((x) => x.action)
        .filter((a, i, all) => all.indexOf(a) === i && !ONE_BY_ONE.has(a))
        .filter((a) => rows.every((r) => actionsFor(r.type, r.state, role).some((x) => x.action === a)))
    : [];
  return (
    <Space className="jb-filters" wrap data-testid="bulk">
      <Typography.Text>{t('selected', { n: rows.length })}</Typography.Text>
      {rows.length > 0 && common.length === 0 && <Typography.Text type="secondary">{t('noBulkAction')}</Typography.Text>}
      {common.map((a) => (
        <Button key={a} onClick={() => setAction(a)} data-testid={`bulk-${a}`}>
          {actionLabel(first?.type ?? 'claim', a, lang)}
        </Button>
      ))}
      <Modal
        open={action !== null}
        title={action ? t('bulkTitle', { label: actionLabel(first?.type ?? 'claim', action, lang), n: rows.length }) : ''}
        okText={results ? t('close') : t('ok')}
        cancelText={t('cancel')}
        confirmLoading={busy}
        onCancel={() => {
          setAction(null);
          setResults(null);
          setComment('');
        }}
        onOk={() => {
          if (results) {
            setAction(null);
            setResults(null);
            setComment('');
            return;
          }
          run(async () => {
            const r = await api.post<{ results: Result[] }>(`/api/cases/bulk/${action}`, {
              caseNos: rows.map((x) => x.caseNo),
              ...(comment.trim() ? { comment: comment.trim() } : {}),
            });
            setResults(r.results);
            done();
          });
        }}
      >
        {error && <Alert type="error" showIcon message={error} />}
        {results ? (
          <Table
            size="small"
            rowKey="caseNo"
            pagination={false}
            dataSource={results}
            data-testid="bulk-results"
            columns={[
              { title: t('caseNo'), dataIndex: 'caseNo' },
              {
                title: t('result'),
                key: 'r',
                render: (_, r) => (r.ok ? <Tag color="green">{t('bulkOk')}</Tag> : <Tag color="red">{r.message}</Tag>),
              },
            ]}
          />
        ) : (
          <Input.TextArea
            rows={3}
            placeholder={t('comment')}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            maxLength={2000}
          />
        )}
      </Modal>
    </Space>
  );
}
