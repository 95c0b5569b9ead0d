/**
 * The dialog of a move (POST /api/cases/:no/actions/:action) with the fields the move needs (the
 * service's MoveInput, src/service/cases/effects.ts): 补正 comments per field for a return, a reason for a
 * rejection, the caller's items of the assessment sheet for a score, the end date of a service, the
 * community's attestation at a grant's review. A refusal naming a field is shown beside that field.
 */
import { Alert, Button, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { ApiError, api, type CaseView, errorText } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { fieldLabel, stateLabel } from './labels.ts';

type Move = CaseView['actions'][number];

interface Values {
  comment?: string;
  endDate?: Dayjs;
  operatingNormally?: boolean;
  scores?: Record<string, number | null>;
  fieldComments?: { field?: string; text?: string }[];
}

/** The refusal's field as the dialog names it ("body.endDate" → "endDate"), with the message to show beside it. */
function fieldError(e: unknown): { field: string; message: string } | null {
  if (!(e instanceof ApiError)) return null;
  if (e.field) return { field: e.field, message: e.message };
  const p = e.problems?.[0];
  return p ? { field: p.path.replace(/^body\./, ''), message: p.message } : null;
}

export function ActionDialog({ c, move, onClose, onDone }: { c: CaseView; move: Move | null; onClose: () => void; onDone: () => void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [bad, setBad] = useState<{ field: string; message: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const action = move?.action ?? '';
  const mine = (c.assessment?.items ?? []).filter((i) => i.mine);
  const commentable = [...Object.keys(c.form).filter((k) => k !== 'scores'), ...new Set(c.attachments.map((a) => a.kind))];
  const at = (field: string) =>
    bad && (bad.field === field || bad.field.startsWith(`${field}.`))
      ? { validateStatus: 'error' as const, help: <span data-testid="field-error">{bad.message}</span> }
      : {};

  const submit = async () => {
    if (!move) return;
    const v = form.getFieldsValue(true) as Values;
    const body: Record<string, unknown> = {};
    if (v.comment?.trim()) body.comment = v.comment.trim();
    if (action === 'end' || action === 'expel') if (v.endDate) body.endDate = v.endDate.format('YYYY-MM-DD');
    if (action === 'review' && v.operatingNormally !== undefined) body.operatingNormally = v.operatingNormally;
    if (action === 'score')
      body.scores = Object.fromEntries(Object.entries(v.scores ?? {}).filter((e): e is [string, number] => typeof e[1] === 'number'));
    if (action === 'return')
      body.fieldComments = Object.fromEntries(
        (v.fieldComments ?? []).filter((x) => x.field && x.text?.trim()).map((x) => [x.field as string, (x.text as string).trim()]),
      );
    setBusy(true);
    setBad(null);
    setError(null);
    try {
      await api.post(`/api/cases/${c.caseNo}/actions/${action}`, body);
      form.resetFields();
      onDone();
    } catch (e) {
      const f = fieldError(e);
      if (
        f &&
        ['comment', 'endDate', 'operatingNormally', 'scores', 'fieldComments'].some((k) => f.field === k || f.field.startsWith(`${k}.`))
      )
        setBad(f);
      else setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={move !== null}
      title={move ? t('confirmAction', { label: move.label }) : ''}
      onOk={submit}
      okText={t('ok')}
      cancelText={t('cancel')}
      confirmLoading={busy}
      width={action === 'score' || action === 'return' ? 640 : 520}
      onCancel={() => {
        setBad(null);
        setError(null);
        onClose();
      }}
      destroyOnHidden
      data-testid="action-dialog"
    >
      {error && <Alert type="error" showIcon message={error} className="jb-filters" data-testid="error" />}
      {move && (
        <Typography.Paragraph type="secondary">
          {stateLabel(c.type, c.state, lang)} → {stateLabel(c.type, move.to, lang)}
        </Typography.Paragraph>
      )}
      <Form form={form} layout="vertical" preserve={false}>
        {action === 'score' &&
          (mine.length === 0 ? (
            <Typography.Text type="secondary">{t('noItemsToScore')}</Typography.Text>
          ) : (
            mine.map((i) => (
              <Form.Item
                key={i.key}
                name={['scores', i.key]}
                label={`${lang === 'zh' ? i.label : (i.labelEn ?? i.label)}（0–${i.max}）`}
                initialValue={i.score ?? undefined}
                {...at(`scores.${i.key}`)}
              >
                <InputNumber className="jb-full" step={0.5} data-testid={`score-${i.key}`} />
              </Form.Item>
            ))
          ))}
        {action === 'review' && (
          <Form.Item name="operatingNormally" label={t('operatingNormally')} {...at('operatingNormally')}>
            <Radio.Group
              options={[
                { value: true, label: t('yes') },
                { value: false, label: t('no') },
              ]}
            />
          </Form.Item>
        )}
        {(action === 'end' || action === 'expel') && (
          <Form.Item name="endDate" label={t('endDateLast')} {...at('endDate')} extra={t('endDateHint')}>
            <DatePicker className="jb-full" data-testid="end-date" />
          </Form.Item>
        )}
        {action === 'return' && (
          <Form.Item label={t('fieldComments')} {...at('fieldComments')}>
            <Form.List name="fieldComments" initialValue={[{}]}>
              {(fields, { add, remove }) => (
                <Space direction="vertical" className="jb-full">
                  {fields.map((f) => (
                    <Space key={f.key} align="start" className="jb-full">
                      <Form.Item name={[f.name, 'field']} noStyle>
                        <Select
                          className="jb-select"
                          placeholder={t('field')}
                          options={commentable.map((k) => ({ value: k, label: fieldLabel(k, lang) }))}
                          data-testid="comment-field"
                        />
                      </Form.Item>
                      <Form.Item name={[f.name, 'text']} noStyle>
                        <Input placeholder={t('whatToCorrect')} maxLength={1000} className="jb-wide" data-testid="comment-text" />
                      </Form.Item>
                      <Button onClick={() => remove(f.name)}>{t('remove')}</Button>
                    </Space>
                  ))}
                  <Button type="dashed" onClick={() => add({})}>
                    {t('addComment')}
                  </Button>
                </Space>
              )}
            </Form.List>
          </Form.Item>
        )}
        <Form.Item name="comment" label={action === 'reject' ? t('reason') : t('comment')} {...at('comment')}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="action-comment" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
