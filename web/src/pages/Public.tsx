/**
 * The public site (no login): 公示 with the objection form, committees' spending ledgers, the measures in
 * plain language with the reward estimator, 报事 (a resident's complaint) and the 考核通报 with each company's
 * record. Mobile-first: one column on a phone, a centred column on a desktop; no menu of roles, a link to the
 * login page. Each page is loaded lazily.
 */
import { Button, Card, Col, Result, Row, Typography } from 'antd';
import { lazy, type ReactNode, Suspense } from 'react';
import { Link, NavLink, Route, Routes } from 'react-router';
import { useI18n } from '../i18n.tsx';

const PublicNotices = lazy(() => import('./PublicNotices.tsx'));
const PublicNotice = lazy(() => import('./PublicNotices.tsx').then((m) => ({ default: m.PublicNoticePage })));
const PublicSpending = lazy(() => import('./PublicSpending.tsx'));
const PublicLedger = lazy(() => import('./PublicSpending.tsx').then((m) => ({ default: m.PublicLedgerPage })));
const PublicMeasures = lazy(() => import('./PublicMeasures.tsx'));
const PublicComplaint = lazy(() => import('./PublicComplaint.tsx'));
const PublicAssessments = lazy(() => import('./PublicAssessments.tsx'));
const PublicCompany = lazy(() => import('./PublicAssessments.tsx').then((m) => ({ default: m.PublicCompanyPage })));

const NAV = [
  { to: '/public/notices', key: 'pubNotices' },
  { to: '/public/spending', key: 'pubSpending' },
  { to: '/public/measures', key: 'pubMeasures' },
  { to: '/public/complaints', key: 'cpNav' },
  { to: '/public/assessments', key: 'pubAssessments' },
] as const;

function Frame({ children }: { children: ReactNode }) {
  const { t, lang, setLang } = useI18n();
  return (
    <div className="jb-public">
      <header className="jb-public-head">
        <Link to="/public" className="jb-brand" data-testid="public-home">
          {t('appName')}
          <small>{t('pubTitle')}</small>
        </Link>
        <span className="jb-public-tools">
          <Button size="small" type="link" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} data-testid="lang-toggle">
            {t('language')}
          </Button>
          <Link to="/login">{t('pubStaffLogin')}</Link>
        </span>
      </header>
      <nav className="jb-public-nav" aria-label={t('pubTitle')}>
        {NAV.map((n) => (
          <NavLink key={n.to} to={n.to} className={({ isActive }) => (isActive ? 'jb-public-link jb-public-link-on' : 'jb-public-link')}>
            {t(n.key)}
          </NavLink>
        ))}
      </nav>
      <main className="jb-public-main">{children}</main>
      <footer className="jb-public-foot">
        <Typography.Text type="secondary">{t('pubFooter')}</Typography.Text>
      </footer>
    </div>
  );
}

function Home() {
  const { t } = useI18n();
  const cards = [
    { to: '/public/notices', title: 'pubNotices', text: 'pubNoticesIntro' },
    { to: '/public/spending', title: 'pubSpending', text: 'pubSpendingIntro' },
    { to: '/public/measures', title: 'pubMeasures', text: 'pubMeasuresIntro' },
    { to: '/public/complaints', title: 'cpTitle', text: 'cpIntro' },
    { to: '/survey', title: 'svTitle', text: 'svEnterHint' },
    { to: '/public/assessments', title: 'pubAssessments', text: 'pubAssessmentsIntro' },
  ] as const;
  return (
    <Row gutter={[16, 16]} data-testid="public-home-cards">
      {cards.map((c) => (
        <Col key={c.to} xs={24} md={12} xl={6}>
          <Link to={c.to}>
            <Card hoverable title={t(c.title)} size="small">
              <Typography.Paragraph>{t(c.text)}</Typography.Paragraph>
            </Card>
          </Link>
        </Col>
      ))}
    </Row>
  );
}

function Missing() {
  const { t } = useI18n();
  return <Result status="404" title={t('notFound')} extra={<Link to="/public">{t('pubTitle')}</Link>} />;
}

export default function PublicSite() {
  return (
    <Frame>
      <Suspense fallback={<Card loading />}>
        <Routes>
          <Route index element={<Home />} />
          <Route path="notices" element={<PublicNotices />} />
          <Route path="notices/:id" element={<PublicNotice />} />
          <Route path="spending" element={<PublicSpending />} />
          <Route path="spending/:code" element={<PublicLedger />} />
          <Route path="measures" element={<PublicMeasures />} />
          <Route path="complaints" element={<PublicComplaint />} />
          <Route path="assessments" element={<PublicAssessments />} />
          <Route path="companies/:code" element={<PublicCompany />} />
          <Route path="*" element={<Missing />} />
        </Routes>
      </Suspense>
    </Frame>
  );
}
