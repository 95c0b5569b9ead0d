/**
 * The columns every table of policy parameters opens with — the parameter, its value and unit, the dates it
 * is in force, the clause with its place and gist — for 政策参数 and the what-if's inputs alike.
 */
import { Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ReactNode } from 'react';
import { day } from '../format.ts';
import type { T } from '../i18n.tsx';

/** GET /api/params's rows (src/service/params.ts ParamRow). */
export type ParamRow = import('../../../src/service/params.ts').ParamRow;

export const showParamValue = (v: ParamRow['value']) => (v === null ? '—' : Array.isArray(v) ? v.join('、') : String(v));

/** `mark` adds a tag after a parameter's name (the what-if's 已调整). */
export function paramColumns(t: T, mark: (r: ParamRow) => ReactNode = () => null): ColumnsType<ParamRow> {
  return [
    {
      title: t('parameter'),
      key: 'label',
      width: 200,
      render: (_, r) => (
        <div>
          <div>
            {r.label} {mark(r)}
          </div>
          <Typography.Text type="secondary" code>
            {r.id}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('value'),
      key: 'value',
      width: 150,
      render: (_, r) => (
        <div>
          <strong className="jb-amount">{showParamValue(r.value)}</strong>
          <div className="jb-clause">{r.unit}</div>
        </div>
      ),
    },
    {
      title: t('effective'),
      key: 'dates',
      width: 120,
      render: (_, r) => (
        <div className="jb-nowrap">
          {day(r.from)}
          <div className="jb-clause">~ {r.to ? day(r.to) : ''}</div>
        </div>
      ),
    },
    {
      title: t('clause'),
      key: 'clause',
      render: (_, r) => (
        <div data-testid="param-clause">
          <Tag color="blue">
            {r.clause} {r.clauseRef}
          </Tag>
          <div className="jb-clause">{r.clauseSummary}</div>
        </div>
      ),
    },
  ];
}
