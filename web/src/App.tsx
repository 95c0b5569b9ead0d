/**
 * The console: providers (language, antd locale and CSP nonce, session), the routes, and the guard that
 * sends a signed-out user to the login page and a user with a one-time password to the password page.
 * Every page but the login, the password change and the shell is loaded lazily (the bundle budget in
 * BENCHMARKS.md "Console bundle").
 */
import { App as AntApp, ConfigProvider, Result, Spin } from 'antd';
import enUS from 'antd/es/locale/en_US';
// the es path: `antd/locale/zh_CN` silently falls back to English in a production build
import zhCN from 'antd/es/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { lazy, type ReactNode, Suspense, useEffect } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { AuthProvider, useAuth } from './auth.tsx';
import { I18nProvider, useI18n } from './i18n.tsx';
import { ChangePassword, Login } from './pages/Login.tsx';
import { Shell } from './pages/Shell.tsx';
import { may, PATHS, type PageKey } from './roles.ts';

const Workbench = lazy(() => import('./pages/Workbench.tsx'));
const Registry = lazy(() => import('./pages/Registry.tsx'));
const Cases = lazy(() => import('./pages/Cases.tsx'));
const CasePage = lazy(() => import('./pages/CasePage.tsx'));
const Budgets = lazy(() => import('./pages/Budgets.tsx'));
const Batches = lazy(() => import('./pages/Batches.tsx'));
const BatchPage = lazy(() => import('./pages/BatchPage.tsx'));
const Audit = lazy(() => import('./pages/Audit.tsx'));
const CaseApply = lazy(() => import('./pages/CaseApply.tsx'));
const RosterChanges = lazy(() => import('./pages/AdminRosterChanges.tsx'));
const Notices = lazy(() => import('./pages/AdminNotices.tsx'));
const Spending = lazy(() => import('./pages/AdminSpending.tsx'));
const Params = lazy(() => import('./pages/AdminParams.tsx'));
const PublicSite = lazy(() => import('./pages/Public.tsx'));
const SurveyAnswer = lazy(() => import('./pages/SurveyAnswer.tsx'));
const Surveys = lazy(() => import('./pages/Surveys.tsx'));
const Complaints = lazy(() => import('./pages/Complaints.tsx'));
const Dashboards = lazy(() => import('./pages/Dashboards.tsx'));
const WhatIf = lazy(() => import('./pages/WhatIf.tsx'));
const Accounts = lazy(() => import('./pages/Accounts.tsx'));

function Loading() {
  const { t } = useI18n();
  return (
    <div className="jb-loading">
      <Spin tip={t('loading')}>
        <div className="jb-loading-box" />
      </Spin>
    </div>
  );
}

/** A page the role may open, or a plain refusal (the server would refuse its data anyway). */
function Allowed({ page, children }: { page: PageKey; children: ReactNode }) {
  const { session } = useAuth();
  const { t } = useI18n();
  if (!session) return null;
  if (!may(session.user.role, page)) return <Result status="403" title={t('forbidden')} />;
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

/** Signed in with a usable password, or sent where they must go first. */
function Guard({ children }: { children: ReactNode }) {
  const { session } = useAuth();
  const location = useLocation();
  if (session === undefined) return <Loading />;
  if (session === null) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  if (session.mustChangePassword) return <Navigate to="/password" replace />;
  return <>{children}</>;
}

function NotFound() {
  const { t } = useI18n();
  return <Result status="404" title={t('notFound')} />;
}

function Routed() {
  return (
    <Routes>
      <Route path="/login" element={<Login />} />
      <Route path="/password" element={<ChangePassword />} />
      <Route
        path="/public/*"
        element={
          <Suspense fallback={<Loading />}>
            <PublicSite />
          </Suspense>
        }
      />
      {/* the household's survey page: the printed QR codes point at /survey/{code}; no login */}
      <Route
        path="/survey/:code?"
        element={
          <Suspense fallback={<Loading />}>
            <SurveyAnswer />
          </Suspense>
        }
      />
      <Route
        element={
          <Guard>
            <Shell />
          </Guard>
        }
      >
        <Route
          index
          element={
            <Allowed page="workbench">
              <Workbench />
            </Allowed>
          }
        />
        <Route
          path="cases"
          element={
            <Allowed page="cases">
              <Cases />
            </Allowed>
          }
        />
        <Route
          path="cases/:no"
          element={
            <Allowed page="cases">
              <CasePage />
            </Allowed>
          }
        />
        {(['communities', 'compounds', 'companies', 'committees', 'engagements'] as const).map((kind) => (
          <Route
            key={kind}
            path={`registry/${kind}`}
            element={
              <Allowed page={kind}>
                <Registry kind={kind} />
              </Allowed>
            }
          />
        ))}
        <Route
          path="budgets"
          element={
            <Allowed page="budgets">
              <Budgets />
            </Allowed>
          }
        />
        <Route
          path="batches"
          element={
            <Allowed page="batches">
              <Batches />
            </Allowed>
          }
        />
        <Route
          path="batches/:no"
          element={
            <Allowed page="batches">
              <BatchPage />
            </Allowed>
          }
        />
        <Route
          path="audit"
          element={
            <Allowed page="audit">
              <Audit />
            </Allowed>
          }
        />
        <Route
          path="cases/new/:type"
          element={
            <Allowed page="cases">
              <CaseApply />
            </Allowed>
          }
        />
        {(
          [
            ['rosterChanges', <RosterChanges key="r" />],
            ['notices', <Notices key="n" />],
            ['spending', <Spending key="s" />],
            ['params', <Params key="p" />],
            ['surveys', <Surveys key="sv" />],
            ['complaints', <Complaints key="cp" />],
            ['dashboards', <Dashboards key="d" />],
            ['whatif', <WhatIf key="w" />],
            ['accounts', <Accounts key="a" />],
          ] as const
        ).map(([page, element]) => (
          <Route key={page} path={PATHS[page].slice(1)} element={<Allowed page={page}>{element}</Allowed>} />
        ))}
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

function Themed({ nonce }: { nonce: string }) {
  const { lang } = useI18n();
  useEffect(() => {
    dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} csp={nonce ? { nonce } : {}} theme={{ token: { colorPrimary: '#1d5fbf' } }}>
      <AntApp>
        <BrowserRouter>
          <AuthProvider>
            <Routed />
          </AuthProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

export function App({ nonce }: { nonce: string }) {
  return (
    <I18nProvider>
      <Themed nonce={nonce} />
    </I18nProvider>
  );
}
