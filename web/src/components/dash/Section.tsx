/** A dashboard's frame: its title, its filters, the export of its report (xlsx through the server), the chart and its table. */
import { Button, Card, Select, Space } from 'antd';
import type { ReactNode } from 'react';
import { qs } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { ErrorAlert } from '../../ui.tsx';

export function Section(props: {
  id: string;
  title: string;
  /** the report (GET /api/reports/KIND) and the query its export repeats */
  report: string;
  query: Record<string, string | number | undefined>;
  filters?: ReactNode;
  error: string | null;
  loading: boolean;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <Card
      title={props.title}
      className="jb-dash"
      data-testid={`dash-${props.id}`}
      loading={props.loading && !props.error}
      extra={
        <Space wrap>
          {props.filters}
          <Button
            size="small"
            href={`/api/reports/${props.report}${qs({ ...props.query, format: 'xlsx' })}`}
            data-testid={`export-${props.id}`}
          >
            {t('dashExport')}
          </Button>
        </Space>
      }
    >
      <ErrorAlert error={props.error} />
      {props.children}
    </Card>
  );
}

/** A year to choose (the survey or budget year), or every year when `all` names it. */
export function YearSelect(props: {
  label: string;
  value: number | undefined;
  onChange: (y: number | undefined) => void;
  years: number[];
  all?: string;
  testId: string;
}) {
  return (
    <Space size={4}>
      {props.label}
      <Select<number>
        size="small"
        className="jb-select"
        data-testid={props.testId}
        allowClear={props.all !== undefined}
        placeholder={props.all}
        value={props.value}
        onChange={(y) => props.onChange(y ?? undefined)}
        options={props.years.map((y) => ({ value: y, label: String(y) }))}
      />
    </Space>
  );
}

/** The years from the roster's (2024) to this one: the reports' years. */
export function reportYears(): number[] {
  const now = new Date().getFullYear();
  const years: number[] = [];
  for (let y = 2024; y <= Math.max(now, 2026); y++) years.push(y);
  return years;
}
