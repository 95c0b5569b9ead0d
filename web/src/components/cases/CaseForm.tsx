/**
 * The fields of an application form (src/service/cases/forms.ts), shared by the new application
 * (CaseApply) and the correction of a draft or a returned case on its page (补正, EditCase): each
 * field's input, the facility form's invoices, the body the API reads, and a stored form back as values.
 * Editing, the fields that name the subject stay as they are (the service refuses a change), and each
 * 补正 comment shows under its field.
 */
import { AutoComplete, Button, Checkbox, DatePicker, Form, type FormInstance, Input, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { ApiError } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { useGet } from '../../ui.tsx';
import { CATEGORY_NAMES, type CaseType, fieldLabel } from './labels.ts';

type Kind = 'date' | 'money' | 'ratio' | 'text' | 'long' | 'bool' | 'compound' | 'engagement' | 'committee' | 'category' | 'period';
type FieldSpec = [name: string, kind: Kind, required?: boolean];

/** Each form's fields in order; `required` = needed before submitting (src/service/cases/forms.ts REQUIRED_ON_SUBMIT) or to open. */
export const FIELDS: Partial<Record<CaseType, FieldSpec[]>> = {
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

export type Values = Record<string, unknown> & { invoices?: { invoiceNo?: string; amount?: string; issuedOn?: Dayjs }[] };

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
  disabled,
  testId,
}: {
  path: string;
  free?: boolean;
  value?: string;
  onChange?: (v: string) => void;
  disabled?: boolean;
  testId: string;
}) {
  const { data } = useGet<{ items: Item[] }>(path);
  const options = (data?.items ?? []).map((i) => ({ value: i.code, label: `${i.code} ${i.name ?? i.compoundName ?? ''}`.trim() }));
  return free ? (
    <AutoComplete
      options={options}
      filterOption
      value={value}
      onChange={onChange}
      placeholder="X…"
      disabled={disabled}
      data-testid={testId}
    />
  ) : (
    <Select
      showSearch
      optionFilterProp="label"
      options={options}
      value={value}
      onChange={onChange}
      disabled={disabled}
      data-testid={testId}
    />
  );
}

/** Fields that name the subject (src/service/cases/forms.ts SUBJECT_FIELDS): fixed once the case is open. */
export const SUBJECT: Partial<Record<CaseType, string[]>> = {
  takeover: ['compoundCode'],
  claim: ['engagementCode', 'period'],
  grant: ['committeeCode'],
  facility: ['compoundCode'],
};

/** A stored form as the form's values: dates as dayjs, the rest as stored (numbers as text). */
export function formValues(type: CaseType, form: Record<string, unknown>): Values {
  const out: Values = {};
  for (const [name, kind] of FIELDS[type] ?? []) {
    const x = form[name];
    if (x === undefined || x === null) continue;
    out[name] = kind === 'date' ? dayjs(String(x)) : kind === 'bool' ? x === true : String(x);
  }
  if (type === 'facility')
    out.invoices = ((form.invoices as { invoiceNo?: string; amount?: string; issuedOn?: string }[] | undefined) ?? []).map((i) => ({
      invoiceNo: i.invoiceNo ?? '',
      amount: i.amount ?? '',
      ...(i.issuedOn ? { issuedOn: dayjs(i.issuedOn) } : {}),
    }));
  return out;
}

/** A refusal's problems shown under the fields they name (`form.investment`, or the error's `field`). */
export function showFieldErrors(form: FormInstance<Values>, type: CaseType, e: unknown): void {
  if (!(e instanceof ApiError)) return;
  const fields = FIELDS[type] ?? [];
  const named = (e.problems ?? []).filter((p) => p.path.startsWith('form.') && fields.some(([n]) => n === p.path.split('.')[1]));
  form.setFields(named.map((p) => ({ name: p.path.split('.')[1] as string, errors: [p.message] })));
  if (e.field && fields.some(([n]) => n === e.field)) form.setFields([{ name: e.field, errors: [e.message] }]);
}

/**
 * The form's items for `type` (inside an antd Form): `locked` fields are shown but not editable;
 * `comments` (补正, by field) are shown under their fields.
 */
export function CaseFields({
  type,
  locked = [],
  comments = null,
}: {
  type: CaseType;
  locked?: string[];
  comments?: Record<string, string> | null;
}) {
  const { t, lang } = useI18n();
  const fields = FIELDS[type] ?? [];
  const params = useGet<{ parameters: { id: string; value: unknown }[] }>(type === 'facility' ? '/api/params' : null);
  const categories = (params.data?.parameters.find((p) => p.id === 'F.categories')?.value as string[] | undefined) ?? [];
  const beside = (name: string) =>
    comments?.[name]
      ? {
          validateStatus: 'warning' as const,
          help: <span data-testid={`comment-${name}`}>{`${t('fieldComments')}：${comments[name]}`}</span>,
        }
      : {};

  const input = (name: string, kind: Kind) => {
    const disabled = locked.includes(name);
    switch (kind) {
      case 'date':
        return <DatePicker className="jb-full" format="YYYY-MM-DD" disabled={disabled} data-testid={`f-${name}`} />;
      case 'bool':
        return <Checkbox data-testid={`f-${name}`}>{fieldLabel(name, lang)}</Checkbox>;
      case 'long':
        return <Input.TextArea rows={2} maxLength={2000} data-testid={`f-${name}`} />;
      case 'money':
        return <Input inputMode="decimal" placeholder="0.00" suffix={t('yuan')} data-testid={`f-${name}`} />;
      case 'ratio':
        return <Input inputMode="decimal" placeholder="0.70" data-testid={`f-${name}`} />;
      case 'period':
        return <Input placeholder="2025H1" disabled={disabled} data-testid={`f-${name}`} />;
      case 'category':
        return (
          <Select
            data-testid={`f-${name}`}
            options={categories.map((c) => ({ value: c, label: CATEGORY_NAMES[c]?.[lang === 'zh' ? 0 : 1] ?? c }))}
          />
        );
      case 'compound':
        return <CodeInput path="/api/compounds?limit=200" free disabled={disabled} testId={`f-${name}`} />;
      case 'engagement':
        return <CodeInput path="/api/engagements?limit=200" disabled={disabled} testId={`f-${name}`} />;
      case 'committee':
        return <CodeInput path="/api/committees?limit=200" disabled={disabled} testId={`f-${name}`} />;
      default:
        return <Input data-testid={`f-${name}`} />;
    }
  };

  return (
    <>
      {fields.map(([name, kind, required]) => (
        <Form.Item
          key={name}
          name={name}
          label={kind === 'bool' ? undefined : fieldLabel(name, lang)}
          valuePropName={kind === 'bool' ? 'checked' : 'value'}
          required={required}
          {...beside(name)}
        >
          {input(name, kind)}
        </Form.Item>
      ))}
      {type === 'facility' && (
        <Form.Item label={fieldLabel('invoices', lang)} required {...beside('invoices')}>
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
    </>
  );
}
