/** Pieces of the case page: the assessment sheet with its scores, and attaching a file to a draft. */
import { Button, Card, List, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { api, type CaseView } from '../../api.ts';
import { dateTime } from '../../format.ts';
import { useI18n } from '../../i18n.tsx';
import { useAction } from '../../ui.tsx';
import { fieldLabel, scorerLabel } from './labels.ts';

type Sheet = NonNullable<CaseView['assessment']>;

/**
 * The half-year's score sheet: each item, its score out of its maximum, who scores it and who did; the
 * assessment once closed; and beside it the compound's complaints of the half-year (clause 3.3).
 */
export function ScoreSheet({ sheet }: { sheet: Sheet }) {
  const { t, lang } = useI18n();
  const { complaints } = sheet;
  return (
    <Card
      title={`${t('scoreSheet')} · ${sheet.period}`}
      size="small"
      data-testid="score-sheet"
      extra={
        <span data-testid="score-total">
          {t('scoreTotal')}：{sheet.total ?? t('notComplete')}
          {sheet.assessed && (
            <Tag color="green" className="jb-gap">
              {t('sheetAssessed', { total: sheet.assessed.total })}
            </Tag>
          )}
        </span>
      }
    >
      <Table
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={sheet.items}
        columns={[
          { title: t('scoreItem'), key: 'label', render: (_, i) => (lang === 'zh' ? i.label : (i.labelEn ?? i.label)) },
          {
            title: t('score'),
            key: 'score',
            align: 'right',
            render: (_, i) => (i.score === null ? '—' : `${i.score} / ${i.max}`),
          },
          { title: t('scorer'), dataIndex: 'scorer', render: (s: Sheet['items'][number]['scorer']) => scorerLabel(s, lang) },
          { title: t('scoredBy'), dataIndex: 'by', render: (b: string | null) => b ?? '—' },
          { title: t('at'), dataIndex: 'at', render: (d: string | null) => dateTime(d) },
        ]}
      />
      <Typography.Paragraph className="jb-gap-top" data-testid="sheet-complaints">
        {t('sheetComplaints', { count: complaints.count, from: complaints.from, to: complaints.to })}
      </Typography.Paragraph>
      {complaints.items.length > 0 && (
        <List
          size="small"
          dataSource={complaints.items}
          renderItem={(x) => (
            <List.Item>
              {x.lodgedOn} · {x.categoryName} · {x.text} <Tag>{x.statusName}</Tag>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

/** The kinds of file each kind of application asks for first (src/service/cases/forms.ts REQUIRED_ATTACHMENTS), then the rest. */
const KINDS: Record<string, string[]> = {
  takeover: ['contract', 'commitment', 'other'],
  claim: ['evidence', 'other'],
  grant: ['other'],
  facility: ['invoice', 'photo', 'funding', 'other'],
};

/** Upload a file (POST /api/attachments) and attach it to the case as a kind of file. */
export function Attach({ c, done }: { c: CaseView; done: () => void }) {
  const { t, lang } = useI18n();
  const kinds = KINDS[c.type] ?? ['other'];
  const [kind, setKind] = useState<string>(kinds.find((k) => !c.attachments.some((a) => a.kind === k)) ?? kinds[0] ?? 'other');
  const { busy, error, run } = useAction();
  return (
    <Space data-testid="attach">
      <Select
        size="small"
        className="jb-select"
        value={kind}
        onChange={setKind}
        options={kinds.map((k) => ({ value: k, label: fieldLabel(k, lang) }))}
        data-testid="attach-kind"
      />
      <Upload
        showUploadList={false}
        customRequest={({ file }) =>
          run(async () => {
            const body = new FormData();
            body.append('file', file as Blob);
            const up = await api.post<{ id: number }>('/api/attachments', body);
            await api.post(`/api/cases/${c.caseNo}/attachments`, { attachmentId: up.id, kind });
            done();
          })
        }
      >
        <Button size="small" loading={busy} data-testid="attach-button">
          {t('upload')}
        </Button>
      </Upload>
      {error && (
        <span className="jb-error" data-testid="attach-error">
          {error}
        </span>
      )}
    </Space>
  );
}
