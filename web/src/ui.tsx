/** Small pieces every page uses: loading an answer, showing a refusal, server-side paging, money. */
import { Alert, Button, Space, type TablePaginationConfig, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, errorText } from './api.ts';
import { day, money } from './format.ts';
import { useI18n } from './i18n.tsx';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/** GET `path` (null: nothing yet), again when it changes or on reload; the language is part of the answer. */
export function useGet<T>(path: string | null): Loaded<T> {
  const { lang } = useI18n();
  const [state, setState] = useState<{ data: T | null; error: string | null; loading: boolean }>({
    data: null,
    error: null,
    loading: path !== null,
  });
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: lang and tick are reasons to ask again
  useEffect(() => {
    if (path === null) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    api
      .get<T>(path)
      .then((data) => live && setState({ data, error: null, loading: false }))
      .catch((e) => live && setState({ data: null, error: errorText(e), loading: false }));
    return () => {
      live = false;
    };
  }, [path, lang, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}

export function ErrorAlert({ error }: { error: string | null }) {
  if (!error) return null;
  return <Alert type="error" showIcon message={error} className="jb-filters" data-testid="error" />;
}

export function Money({ value }: { value: string | null | undefined }) {
  return <span className="jb-amount">{money(value)}</span>;
}

export interface Paging {
  page: number;
  size: number;
}

/** limit/offset for the API from a page. */
export const pageQuery = (p: Paging) => ({ limit: p.size, offset: (p.page - 1) * p.size });

/** antd's pager, driven by the server's total (its texts — 下一页, 条/页 — come from the locale). */
export function usePager(total: number | undefined, p: Paging, set: (p: Paging) => void): TablePaginationConfig {
  const { t } = useI18n();
  return {
    current: p.page,
    pageSize: p.size,
    total: total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: [10, 20, 50, 100],
    showTotal: (n) => `${t('total')} ${n}`,
    onChange: (page, size) => set({ page: size === p.size ? page : 1, size }),
  };
}

/** A filter form's buttons: search (the form's submit) and reset. */
export function FilterButtons({ onReset }: { onReset: () => void }) {
  const { t } = useI18n();
  return (
    <Space>
      <Button type="primary" htmlType="submit">
        {t('search')}
      </Button>
      <Button onClick={onReset}>{t('reset')}</Button>
    </Space>
  );
}

/** A deadline, flagged when overdue. */
export function Due({ on, overdue }: { on: string | null; overdue: boolean }) {
  const { t } = useI18n();
  return (
    <span>
      {day(on)} {overdue && <Tag color="red">{t('overdue')}</Tag>}
    </span>
  );
}

/** Runs an async step with a busy flag and its refusal as text. */
export function useAction(): {
  busy: boolean;
  error: string | null;
  setError: (e: string | null) => void;
  run: (fn: () => Promise<void>) => Promise<void>;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}
