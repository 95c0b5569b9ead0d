/**
 * 新申请: the application forms (POST /api/cases) — a company's takeover registration and half-year
 * claim, a committee's (or community's) grant, a community's facility subsidy. The fields are the
 * service's (src/service/cases/forms.ts); the draft opens on its case page, where files are attached
 * and it is submitted. The facility form previews, as it is typed, the engine's 40% of the investment,
 * the compound's cap and the community's quota left (POST /api/cases/preview/facility): the amounts are
 * the engine's, never reckoned here.
 */
import { AutoComplete, Button, Card, Checkbox, Col, DatePicker, Form, Input, Row, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, api, type CaseView, errorText } from '../api.ts';
import { FacilityPreview } from '../components/cases/FacilityPreview.tsx';
import { CATEGORY_NAMES, type CaseType, fieldLabel } from '../components/cases/labels.ts';
import { type MessageKey, useI18n } from '../i18n.tsx';
import { ErrorAlert, useGet } from '../ui.tsx';

type Kind = 'date' | 'money' | 'ratio' | 'text' | 'long' | 'bool' | 'compound' | 'engagement' | 'committee' | 'category' | 'period';
type FieldSpec = [name: string, kind: Kind, required?: boolean];

/** Each form's fields in order; `required` = needed before submitting (src/service/cases/forms.ts REQUIRED_ON_SUBMIT) or to open. */
const FIELDS: Partial<Record<CaseType, FieldSpec[]>> = {
  takeover: [
    ['compoundCode', 'compound', true],
    ['entryDate', 'date', true],
    ['contractSigned', 'date', true],
    ['commitmentSigned', 'date', true],
  ],
  claim: [
    ['engagementCode', 'engagement', true],
    ['period', 'period', true],
    ['basicServices', 'bool'],
    ['enhancedServices', 'bool'],
    ['committeeSupport', 'bool'],
    ['feesReceivableOccupied', 'money', true],
    ['feesCollected', 'money', true],
    ['feeStandard', 'money', true],
    ['marketPrice', 'money'],
  ],
  grant: [
    ['committeeCode', 'committee', true],
    ['note', 'long'],
  ],
  facility: [
    ['compoundCode', 'compound', true],
    ['category', 'category', true],
    ['description', 'long'],
    ['acceptedOn', 'date', true],
    ['investment', 'money', true],
    ['fundingResidents', 'money'],
    ['fundingCompany', 'money'],
    ['fundingCommunity', 'money'],
    ['fundingOther', 'money'],
    ['collectionRate', 'ratio', true],
    ['feeRatio', 'ratio', true],
  ],
};

type Values = Record<string, unknown> & { invoices?: { invoiceNo?: string; amount?: string; issuedOn?: Dayjs }[] };

/** The form's values as the API reads them: dates as YYYY-MM-DD, empty fields left out, booleans as given. */
export function formBody(type: CaseType, v: Values): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, kind] of FIELDS[type] ?? []) {
    const x = v[name];
    if (kind === 'bool') out[name] = x === true;
    else if (kind === 'date') {
      if (x) out[name] = (x as Dayjs).format('YYYY-MM-DD');
    } else if (typeof x === 'string' && x.trim()) out[name] = x.trim();
  }
  if (type === 'facility') {
    const invoices = (v.invoices ?? [])
      .filter((i) => i?.invoiceNo?.trim() || i?.amount?.trim())
      .map((i) => ({
        invoiceNo: i.invoiceNo?.trim() ?? '',
        amount: i.amount?.trim() ?? '',
        ...(i.issuedOn ? { issuedOn: i.issuedOn.format('YYYY-MM-DD') } : {}),
      }));
    if (invoices.length) out.invoices = invoices;
  }
  return out;
}

interface Item {
  code: string;
  name?: string;
  compoundName?: string;
  compound?: { name?: string } | string;
}

/** A code chosen from a list the caller may read (or typed, for a compound): the Form.Item's value and onChange pass through. */
function CodeInput({
  path,
  free,
  value,
  onChange,
  testId,
}: {
  path: string;
  free?: boolean;
  value?: string;
  onChange?: (v: string) => void;
  testId: string;
}) {
  const { data } = useGet<{ items: Item[] }>(path);
  const options = (data?.items ?? []).map((i) => ({ value: i.code, label: `${i.code} ${i.name ?? i.compoundName ?? ''}`.trim() }));
  return free ? (
    <AutoComplete options={options} filterOption value={value} onChange={onChange} placeholder="X…" data-testid={testId} />
  ) : (
    <Select showSearch optionFilterProp="label" options={options} value={value} onChange={onChange} data-testid={testId} />
  );
}

export default function CaseApply() {
  const { t, lang } = useI18n();
  const { type = '' } = useParams();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [values, setValues] = useState<Values>({});
  const fields = FIELDS[type as CaseType];
  const params = useGet<{ parameters: { id: string; value: unknown }[] }>(type === 'facility' ? '/api/params' : null);
  if (!fields) return <ErrorAlert error={t('notFound')} />;
  const categories = (params.data?.parameters.find((p) => p.id === 'F.categories')?.value as string[] | undefined) ?? [];

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const v = await api.post<CaseView>('/api/cases', { type, form: formBody(type as CaseType, form.getFieldsValue(true)) });
      navigate(`/cases/${v.caseNo}`);
    } catch (e) {
      const problems = e instanceof ApiError ? (e.problems ?? []) : [];
      const named = problems.filter((p) => p.path.startsWith('form.') && fields.some(([n]) => n === p.path.split('.')[1]));
      form.setFields(named.map((p) => ({ name: p.path.split('.')[1] as string, errors: [p.message] })));
      if (e instanceof ApiError && e.field && fields.some(([n]) => n === e.field)) form.setFields([{ name: e.field, errors: [e.message] }]);
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const input = (name: string, kind: Kind) => {
    switch (kind) {
      case 'date':
        return <DatePicker className="jb-full" data-testid={`f-${name}`} />;
      case 'bool':
        return <Checkbox data-testid={`f-${name}`}>{fieldLabel(name, lang)}</Checkbox>;
      case 'long':
        return <Input.TextArea rows={2} maxLength={2000} data-testid={`f-${name}`} />;
      case 'money':
        return <Input inputMode="decimal" placeholder="0.00" suffix={t('yuan')} data-testid={`f-${name}`} />;
      case 'ratio':
        return <Input inputMode="decimal" placeholder="0.70" data-testid={`f-${name}`} />;
      case 'period':
        return <Input placeholder="2025H1" data-testid={`f-${name}`} />;
      case 'category':
        return (
          <Select
            data-testid={`f-${name}`}
            options={categories.map((c) => ({ value: c, label: CATEGORY_NAMES[c]?.[lang === 'zh' ? 0 : 1] ?? c }))}
          />
        );
      case 'compound':
        return <CodeInput path="/api/compounds?limit=200" free testId={`f-${name}`} />;
      case 'engagement':
        return <CodeInput path="/api/engagements?limit=200" testId={`f-${name}`} />;
      case 'committee':
        return <CodeInput path="/api/committees?limit=200" testId={`f-${name}`} />;
      default:
        return <Input data-testid={`f-${name}`} />;
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
              {fields.map(([name, kind, required]) => (
                <Form.Item
                  key={name}
                  name={name}
                  label={kind === 'bool' ? undefined : fieldLabel(name, lang)}
                  valuePropName={kind === 'bool' ? 'checked' : 'value'}
                  required={required}
                >
                  {input(name, kind)}
                </Form.Item>
              ))}
              {type === 'facility' && (
                <Form.Item label={fieldLabel('invoices', lang)} required>
                  <Form.List name="invoices" initialValue={[{}]}>
                    {(rows, { add, remove }) => (
                      <Space direction="vertical" className="jb-full">
                        {rows.map((r) => (
                          <Space key={r.key} align="start">
                            <Form.Item name={[r.name, 'invoiceNo']} noStyle>
                              <Input placeholder={t('invoiceNo')} data-testid="f-invoiceNo" />
                            </Form.Item>
                            <Form.Item name={[r.name, 'amount']} noStyle>
                              <Input placeholder={t('amount')} suffix={t('yuan')} data-testid="f-invoiceAmount" />
                            </Form.Item>
                            <Form.Item name={[r.name, 'issuedOn']} noStyle>
                              <DatePicker placeholder={t('issuedOn')} />
                            </Form.Item>
                            <Button onClick={() => remove(r.name)}>{t('remove')}</Button>
                          </Space>
                        ))}
                        <Button type="dashed" onClick={() => add({})}>
                          {t('addInvoice')}
                        </Button>
                      </Space>
                    )}
                  </Form.List>
                </Form.Item>
              )}
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
