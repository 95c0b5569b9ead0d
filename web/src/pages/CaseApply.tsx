/**
 * 新申请: the application forms (POST /api/cases) — a company's takeover registration and half-year
 * claim, a committee's (or community's) grant, a community's facility subsidy. The fields are the
 * service's (src/service/cases/forms.ts); the draft opens on its case page, where files are attached
 * and it is submitted. The facility form previews, as it is typed, the engine's 40% of the investment,
 * the compound's cap and the community's quota left (POST /api/cases/preview/facility): the amounts are
 * the engine's, never reckoned here.
 */
import { Button, Card, Col, Form, Row, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, type CaseView, errorText } from '../api.ts';
import { CaseFields, FIELDS, formBody, showFieldErrors, type Values } from '../components/cases/CaseForm.tsx';
import { FacilityPreview } from '../components/cases/FacilityPreview.tsx';
import type { CaseType } from '../components/cases/labels.ts';
import { type MessageKey, useI18n } from '../i18n.tsx';
import { ErrorAlert } from '../ui.tsx';

export default function CaseApply() {
  const { t } = useI18n();
  const { type = '' } = useParams();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [values, setValues] = useState<Values>({});
  const fields = FIELDS[type as CaseType];
  if (!fields) return <ErrorAlert error={t('notFound')} />;

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const v = await api.post<CaseView>('/api/cases', { type, form: formBody(type as CaseType, form.getFieldsValue(true)) });
      navigate(`/cases/${v.caseNo}`);
    } catch (e) {
      showFieldErrors(form, type as CaseType, e);
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const body = formBody(type as CaseType, values);
  return (
    <div data-testid="case-apply">
      <Space className="jb-filters">
        <Link to="/cases">← {t('back')}</Link>
      </Space>
      <Typography.Title level={3}>{t('newCase', { type: t(`caseType_${type}` as MessageKey) })}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('applyHint')}</Typography.Paragraph>
      <ErrorAlert error={error} />
      <Row gutter={24}>
        <Col xs={24} lg={type === 'facility' ? 14 : 18}>
          <Card size="small">
            <Form form={form} layout="vertical" onValuesChange={(_, all) => setValues(all)}>
              <CaseFields type={type as CaseType} />
              {/* saved by the button only: Enter in a date field confirms the date, it does not open the case */}
              <Button type="primary" onClick={submit} loading={busy} data-testid="apply-save">
                {t('saveDraft')}
              </Button>
            </Form>
          </Card>
        </Col>
        {type === 'facility' && (
          <Col xs={24} lg={10}>
            <FacilityPreview form={body} />
          </Col>
        )}
      </Row>
    </div>
  );
}
