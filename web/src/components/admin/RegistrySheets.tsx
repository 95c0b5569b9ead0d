/**
 * A registry page's Excel sheets (docs/domain.md "Registry sheets"): the template, the export and the
 * import of each sheet the page's records come in. The import is all or nothing: a refusal (422) shows
 * every row's error (row, column, value, message) and nothing is written; a success its summary. Who sees
 * which button follows the server's rule (src/service/sheets.ts: the bureau imports, the bureau, finance
 * and a community export); the server still checks.
 */
import { Alert, App, Button, Card, Space, Table, Tag, Upload } from 'antd';
import { useState } from 'react';
import type { Role } from '../../api.ts';
import { ApiError, api, errorText } from '../../api.ts';
import { useAuth } from '../../auth.tsx';
import { type MessageKey, useI18n } from '../../i18n.tsx';
import type { RegistryKind } from '../../roles.ts';

type SheetKind = 'communities' | 'prices' | 'roster' | 'companies' | 'engagements' | 'facts' | 'committees' | 'facility';

/** The sheets whose rows a registry page lists. */
export const PAGE_SHEETS: Record<RegistryKind, SheetKind[]> = {
  communities: ['communities'],
  compounds: ['roster', 'prices', 'facility'],
  companies: ['companies'],
  committees: ['committees'],
  engagements: ['engagements', 'facts'],
};

/** src/service/import/index.ts IMPORT_ROLES (every registry sheet: the bureau) and SHEET_READERS. */
const IMPORTERS: Role[] = ['bureau'];
const EXPORTERS: Role[] = ['bureau', 'finance', 'community'];

interface Entry {
  row: number;
  column: string;
  value: string;
  message: string;
}
/** The answer of POST /api/sheets/:kind/import (src/excel/report.ts ImportReport, with its summary). */
interface Report {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: Entry[];
  warnings: Entry[];
  applied: boolean;
  file: string;
  summary: { zh: string; en: string };
}

function Outcome({ report }: { report: Report }) {
  const { t, lang } = useI18n();
  const rows = [
    ...report.errors.map((e, i) => ({ ...e, key: `e${i}`, level: 'error' as const })),
    ...report.warnings.map((e, i) => ({ ...e, key: `w${i}`, level: 'warning' as const })),
  ];
  return (
    <Space direction="vertical" className="jb-full" data-testid="import-outcome">
      <Alert
        type={report.applied ? 'success' : 'error'}
        showIcon
        message={`${report.applied ? t('importDone') : t('importRefused')}（${report.file}）`}
        description={report.summary[lang]}
        data-testid={report.applied ? 'import-done' : 'import-refused'}
      />
      {rows.length > 0 && (
        <Table
          size="small"
          data-testid="import-errors"
          title={() => t('importErrors')}
          rowKey="key"
          dataSource={rows}
          pagination={rows.length > 20 ? { pageSize: 20 } : false}
          columns={[
            {
              title: t('level'),
              dataIndex: 'level',
              render: (v: 'error' | 'warning') =>
                v === 'error' ? <Tag color="red">{t('levelError')}</Tag> : <Tag color="orange">{t('levelWarning')}</Tag>,
            },
            { title: t('row'), dataIndex: 'row', align: 'right' },
            { title: t('column'), dataIndex: 'column' },
            { title: t('value'), dataIndex: 'value', render: (v: string) => v || '—' },
            { title: t('message'), dataIndex: 'message' },
          ]}
        />
      )}
    </Space>
  );
}

function Sheet({ kind, imports, exports }: { kind: SheetKind; imports: boolean; exports: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const send = async (file: File) => {
    const body = new FormData();
    body.append('file', file);
    setBusy(true);
    setReport(null);
    setError(null);
    try {
      const r = await api.post<Report>(`/api/sheets/${kind}/import`, body);
      setReport(r);
      message.success(t('importDone'));
    } catch (e) {
      const b = e instanceof ApiError ? (e.body as Partial<Report> | null) : null;
      if (b && Array.isArray(b.errors) && b.summary) setReport(b as Report);
      else setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div data-testid={`sheet-${kind}`} className="jb-sheet">
      <Space wrap>
        <strong>{t(`sheet_${kind}` as MessageKey)}</strong>
        {imports && (
          <Button size="small" href={`/api/sheets/${kind}/template`} data-testid="sheet-template">
            {t('sheetTemplate')}
          </Button>
        )}
        {exports && (
          <Button size="small" href={`/api/sheets/${kind}/export`} data-testid="sheet-export">
            {t('sheetExport')}
          </Button>
        )}
        {imports && (
          <Upload
            accept=".xlsx"
            showUploadList={false}
            beforeUpload={(f) => {
              void send(f);
              return false;
            }}
          >
            <Button size="small" type="primary" loading={busy} data-testid="sheet-import">
              {busy ? t('sheetImporting') : t('sheetImport')}
            </Button>
          </Upload>
        )}
      </Space>
      {error && <Alert type="error" showIcon message={error} className="jb-sheet-outcome" />}
      {report && (
        <div className="jb-sheet-outcome">
          <Outcome report={report} />
        </div>
      )}
    </div>
  );
}

export function RegistrySheets({ page }: { page: RegistryKind }) {
  const { t } = useI18n();
  const { session } = useAuth();
  const role = session?.user.role;
  if (!role) return null;
  const imports = IMPORTERS.includes(role);
  const exports = EXPORTERS.includes(role);
  if (!imports && !exports) return null;
  return (
    <Card size="small" title={t('sheets')} className="jb-filters" data-testid="sheets">
      <Space direction="vertical" className="jb-full">
        {PAGE_SHEETS[page].map((k) => (
          <Sheet key={k} kind={k} imports={imports} exports={exports} />
        ))}
      </Space>
    </Card>
  );
}
