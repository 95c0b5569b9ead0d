/** The login page and the forced password change (a one-time or expired password: the API says so). */
import { Alert, App, Button, Card, Form, Input, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { api } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { useI18n } from '../i18n.tsx';
import { useAction } from '../ui.tsx';

function LangSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <Button type="link" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} data-testid="lang-toggle">
      {t('language')}
    </Button>
  );
}

/** The card both pages stand in: a title, the language switch, the form. */
function AuthCard({ title, children }: { title: ReactNode; children: ReactNode }) {
  return (
    <div className="jb-login">
      <Card className="jb-login-card">
        <div className="jb-login-head">
          <Typography.Title level={3}>{title}</Typography.Title>
          <LangSwitch />
        </div>
        {children}
      </Card>
    </div>
  );
}

export function Login() {
  const { t } = useI18n();
  const { session, expired, login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const { busy, error, run } = useAction();
  if (session) return <Navigate to={session.mustChangePassword ? '/password' : '/'} replace />;
  const from = (location.state as { from?: string } | null)?.from;
  const submit = (v: { username: string; password: string }) =>
    run(async () => {
      const s = await login(v.username, v.password);
      navigate(s.mustChangePassword ? '/password' : from && from !== '/login' ? from : '/', { replace: true });
    });
  return (
    <AuthCard title={`${t('appName')} · ${t('loginTitle')}`}>
      <Typography.Paragraph type="secondary">{t('appTitle')}</Typography.Paragraph>
      {expired && !error && <Alert type="warning" showIcon message={t('sessionExpired')} data-testid="expired" className="jb-filters" />}
      {error && <Alert type="error" showIcon message={error} data-testid="login-error" className="jb-filters" />}
      <Form layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="username" label={t('username')} rules={[{ required: true, message: t('required', { field: t('username') }) }]}>
          <Input autoComplete="username" autoFocus />
        </Form.Item>
        <Form.Item name="password" label={t('password')} rules={[{ required: true, message: t('required', { field: t('password') }) }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          {t('login')}
        </Button>
      </Form>
      <div className="jb-login-public">
        <Link to="/public" data-testid="public-link">
          {t('pubLoginLink')}
        </Link>
      </div>
    </AuthCard>
  );
}

export function ChangePassword() {
  const { t } = useI18n();
  const { session, passwordChanged, logout } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { busy, error, run } = useAction();
  if (session === null) return <Navigate to="/login" replace />;
  const submit = (v: { current: string; next: string }) =>
    run(async () => {
      await api.post('/api/auth/password', { current: v.current, next: v.next });
      passwordChanged();
      message.success(t('passwordChanged'));
      navigate('/', { replace: true });
    });
  return (
    <AuthCard title={t('changePasswordTitle')}>
      {session?.mustChangePassword && <Alert type="info" showIcon message={t('changePasswordNeeded')} className="jb-filters" />}
      {error && <Alert type="error" showIcon message={error} data-testid="password-error" className="jb-filters" />}
      <Form layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item
          name="current"
          label={t('currentPassword')}
          rules={[{ required: true, message: t('required', { field: t('currentPassword') }) }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="next"
          label={t('newPassword')}
          extra={t('passwordRule')}
          rules={[{ required: true, message: t('required', { field: t('newPassword') }) }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="again"
          label={t('confirmPassword')}
          dependencies={['next']}
          rules={[
            { required: true, message: t('required', { field: t('confirmPassword') }) },
            ({ getFieldValue }) => ({
              validator: (_, v) => (v === getFieldValue('next') ? Promise.resolve() : Promise.reject(new Error(t('passwordMismatch')))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          {t('save')}
        </Button>
        <Button type="link" block onClick={() => logout().then(() => navigate('/login'))}>
          {t('logout')}
        </Button>
      </Form>
    </AuthCard>
  );
}
