/**
 * 数据看板: coverage, satisfaction, money, assessments and — for the city's readers — the progress ranking,
 * each a chart with its table and its export. A community account reads its own community (the server
 * scopes every report). Loaded lazily, with the charts (web/src/components/dash/Chart.tsx).
 */
import { Space, Typography } from 'antd';
import { useAuth } from '../auth.tsx';
import { AssessmentsSection } from '../components/dash/Assessments.tsx';
import { CoverageSection } from '../components/dash/Coverage.tsx';
import { FundsSection } from '../components/dash/Funds.tsx';
import { ProgressSection } from '../components/dash/Progress.tsx';
import { SatisfactionSection } from '../components/dash/Satisfaction.tsx';
import { useI18n } from '../i18n.tsx';
import { READS_RANKING } from '../roles.ts';

export default function Dashboards() {
  const { t } = useI18n();
  const { session } = useAuth();
  const ranking = session ? READS_RANKING.includes(session.user.role) : false;
  return (
    <div data-testid="dashboards">
      <Typography.Title level={3}>{t('dashboards')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('dashIntro')}</Typography.Paragraph>
      <Space direction="vertical" size="large" className="jb-full">
        <CoverageSection />
        <SatisfactionSection />
        <FundsSection />
        <AssessmentsSection />
        {ranking && <ProgressSection />}
      </Space>
    </div>
  );
}
