/**
 * The engine's explanation as every page shows it: a reason with its clause, and the calculation's steps
 * on demand — on the case page, the facility form's preview and the public estimator alike.
 */
import { Collapse, Tag } from 'antd';
import { useI18n } from '../i18n.tsx';

/** The clause a reason cites, as a tag: 条款 2.2.1. */
export function ClauseTag({ clause }: { clause: string }) {
  const { t } = useI18n();
  return (
    <Tag color="blue">
      {t('clause')} {clause}
    </Tag>
  );
}

interface Step {
  rule: string;
  code: string;
  clause: string;
  text: string;
}

/** The calculation's steps (the trace), folded until asked for; nothing when there are none. */
export function TraceSteps({ trace, ghost }: { trace: readonly Step[] | null | undefined; ghost?: boolean }) {
  const { t } = useI18n();
  if (!trace || trace.length === 0) return null;
  return (
    <Collapse
      size="small"
      ghost={ghost}
      items={[
        {
          key: 'trace',
          label: t('trace'),
          children: trace.map((s) => (
            <div key={`${s.rule}-${s.code}-${s.text}`} className="jb-reason">
              <Tag>{s.rule}</Tag>
              <Tag color="blue">{s.clause}</Tag>
              {s.text}
            </div>
          )),
        },
      ]}
    />
  );
}

/** The engine's reasons, each after the clause it cites. */
export function Reasons({ reasons }: { reasons: readonly { code: string; clause: string; text: string }[] }) {
  return (
    <>
      {reasons.map((x) => (
        <div key={`${x.code}-${x.text}`} className="jb-reason" data-testid="reason">
          <ClauseTag clause={x.clause} />
          {x.text}
        </div>
      ))}
    </>
  );
}
