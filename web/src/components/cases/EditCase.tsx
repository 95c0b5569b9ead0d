/**
 * Correcting an application on its page (PATCH /api/cases/:no): a draft, or a case returned for 补正 —
 * which opens with the form already showing, each comment under the field it is about. Saved over the
 * version read (a concurrent change is refused by the service); then submitted again with 提交.
 */
import { Alert, App, Button, Card, Form, Typography } from 'antd';
import { useState } from 'react';
import { api, type CaseView, errorText } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { CaseFields, FIELDS, formBody, formValues, SUBJECT, showFieldErrors, type Values } from './CaseForm.tsx';

/** Whether the caller may correct the case now: its applicant (who alone may submit it), in an editable state. */
export const editable = (c: CaseView): boolean => FIELDS[c.type] !== undefined && c.actions.some((a) => a.action === 'submit');

export function EditCase({ c, done }: { c: CaseView; done: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [open, setOpen] = useState(c.state === 'returned');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.patch(`/api/cases/${encodeURIComponent(c.caseNo)}`, {
        form: formBody(c.type, form.getFieldsValue(true)),
        version: c.version,
      });
      message.success(t('edited'));
      done();
    } catch (e) {
      showFieldErrors(form, c.type, e);
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      title={t('editCase')}
      size="small"
      data-testid="edit-case"
      extra={
        <Button size="small" onClick={() => setOpen(!open)} data-testid="edit-toggle">
          {open ? t('cancel') : t('editCase')}
        </Button>
      }
    >
      {open ? (
        // a new version read is a new form: its values are the saved ones
        <Form key={c.version} form={form} layout="vertical" initialValues={formValues(c.type, c.form)}>
          <Typography.Paragraph type="secondary">{t('editHint')}</Typography.Paragraph>
          {error && <Alert type="error" showIcon message={error} className="jb-filters" data-testid="edit-error" />}
          <CaseFields type={c.type} locked={SUBJECT[c.type]} comments={c.state === 'returned' ? c.fieldComments : null} />
          <Button type="primary" onClick={save} loading={busy} data-testid="edit-save">
            {t('saveEdit')}
          </Button>
        </Form>
      ) : (
        <Typography.Text type="secondary">{t('editHint')}</Typography.Text>
      )}
    </Card>
  );
}
