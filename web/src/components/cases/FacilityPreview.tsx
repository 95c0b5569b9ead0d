/**
 * The facility form's live preview: the form as typed goes to POST /api/cases/preview/facility (a
 * moment after the last keystroke; an older answer never replaces a newer one) and the engine's
 * figures are shown — 40% of the investment, the compound's cap, the community's quota left, the amount.
 */
import { Alert, Card, Descriptions, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api, errorText } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { Money } from '../../ui.tsx';
import { ClauseTag } from '../Explanation.tsx';

type Preview = import('../../../../src/service/cases/preview.ts').FacilityPreview;

/** How long the form rests before it is previewed (ms): the preview follows typing without a request per key. */
const REST_MS = 250;

export function FacilityPreview({ form }: { form: Record<string, unknown> }) {
  const { t, lang } = useI18n();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);
  const key = JSON.stringify(form);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the form's text is the reason to ask again
  useEffect(() => {
    const asked = ++seq.current;
    if (!form.compoundCode) {
      setPreview(null);
      setError(null);
      return;
    }
    const timer = setTimeout(() => {
      api
        .post<Preview>('/api/cases/preview/facility', { form })
        .then((p) => {
          if (asked !== seq.current) return;
          setPreview(p);
          setError(null);
        })
        .catch((e) => {
          if (asked !== seq.current) return;
          setPreview(null);
          setError(errorText(e));
        });
    }, REST_MS);
    return () => clearTimeout(timer);
  }, [key, lang]);
  return (
    <Card title={t('previewTitle')} size="small" data-testid="facility-preview">
      <Typography.Paragraph type="secondary">{t('previewHint')}</Typography.Paragraph>
      {error && <Alert type="warning" showIcon message={error} data-testid="preview-error" />}
      {!preview && !error && <Typography.Text type="secondary">{t('previewChooseCompound')}</Typography.Text>}
      {preview && preview.missing.length > 0 && (
        <Alert type="info" showIcon message={t('previewMissing', { fields: preview.missing.map((m) => m.name).join('、') })} />
      )}
      {preview?.status && (
        <>
          <Descriptions bordered size="small" column={1} className="jb-gap-top">
            <Descriptions.Item label={t('previewBase')}>
              <span data-testid="preview-base">
                <Money value={preview.base} />
              </span>
            </Descriptions.Item>
            {preview.compound && (
              <Descriptions.Item label={t('previewCompoundCap')}>
                <span data-testid="preview-compound">
                  <Money value={preview.compound.limit} /> · {t('previewUsed')} <Money value={preview.compound.used} /> · {t('remaining')}{' '}
                  <Money value={preview.compound.remaining} />
                </span>
              </Descriptions.Item>
            )}
            {preview.community && (
              <Descriptions.Item label={t('previewQuota', { year: preview.community.year })}>
                <span data-testid="preview-quota">
                  <Money value={preview.community.limit} /> · {t('previewUsed')} <Money value={preview.community.used} /> · {t('remaining')}{' '}
                  <Money value={preview.community.remaining} />
                </span>
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('previewAmount')}>
              <Typography.Text strong className="jb-amount" data-testid="preview-amount">
                <Money value={preview.amount} />
              </Typography.Text>{' '}
              <Tag color={['granted', 'capped'].includes(preview.status) ? 'green' : 'red'}>
                {t(`lineStatus_${preview.status}` as 'lineStatus_granted')}
              </Tag>
            </Descriptions.Item>
          </Descriptions>
          {preview.reasons.map((r) => (
            <div key={`${r.code}-${r.text}`} className="jb-reason" data-testid="preview-reason">
              <ClauseTag clause={r.clause} />
              {r.text}
            </div>
          ))}
        </>
      )}
    </Card>
  );
}
