/** The engine's answer to the estimator: each line's amount and status with its reasons and clauses, the steps on demand. */
import { Card, Space, Tag, Typography } from 'antd';
import { type MessageKey, useI18n } from '../../i18n.tsx';
import { Money } from '../../ui.tsx';
import { ClauseTag, TraceSteps } from '../Explanation.tsx';
import type { Programme } from './scenario.ts';
import type { CalcLine, CalcResult } from './types.ts';

const GOOD = ['payable', 'granted', 'capped'];

function LineCard({ line }: { line: CalcLine }) {
  const { t } = useI18n();
  const facts: string[] = [];
  if (line.tier) facts.push(t('pubTier', { n: line.tier }));
  if (line.months) facts.push(t('pubMonths', { n: line.months }));
  if (line.rate) facts.push(t('pubRate', { rate: line.rate }));
  if (line.base) facts.push(t('pubBase', { base: line.base }));
  if (line.payableFrom) facts.push(t('pubPayableFrom', { date: line.payableFrom }));
  return (
    <Card size="small" className="jb-public-card" data-testid="estimate-line">
      <div className="jb-public-amount-row">
        <div>
          <Typography.Text strong>{line.period ?? t(`pubProg_${line.program}` as MessageKey)}</Typography.Text>
          <div>
            <Tag color={GOOD.includes(line.status) ? 'green' : line.status === 'pending' || line.status === 'withheld' ? 'orange' : 'red'}>
              {t(`lineStatus_${line.status}` as MessageKey)}
            </Tag>
            {facts.length > 0 && <Typography.Text type="secondary">{facts.join(' · ')}</Typography.Text>}
          </div>
        </div>
        <Typography.Text strong className="jb-public-amount">
          <Money value={line.amount} />
        </Typography.Text>
      </div>
      <ul className="jb-public-reasons">
        {line.reasons.map((r) => (
          <li key={`${r.code}-${r.text}`} data-testid="estimate-reason">
            <ClauseTag clause={r.clause} />
            {r.text}
          </li>
        ))}
      </ul>
      <TraceSteps trace={line.trace} ghost />
    </Card>
  );
}

export function EstimateResult({ result, programme }: { result: CalcResult; programme: Programme }) {
  const { t } = useI18n();
  return (
    <Space direction="vertical" size="small" className="jb-full" data-testid="estimate-result">
      <Card size="small" className="jb-public-total">
        <Typography.Text type="secondary">{t('pubEstimateTotal')}</Typography.Text>
        <Typography.Title level={2} className="jb-amount" data-testid="estimate-total">
          <Money value={result.totals[programme]} />
        </Typography.Title>
        <Typography.Text type="secondary">
          {t('pubEstimateAsOf', { date: result.asOf })} · {result.policy.id} {result.policy.version}
        </Typography.Text>
      </Card>
      {result.lines.map((l, i) => (
        <LineCard key={`${l.subject}-${l.period ?? i}`} line={l} />
      ))}
      <Typography.Paragraph type="secondary" className="jb-public-small">
        {t(programme === 'F' ? 'pubEstimateNoteF' : 'pubEstimateNote')}
      </Typography.Paragraph>
    </Space>
  );
}
