/** The frame of every signed-in page: the header (who, which role, language, logout) and the role's menu. */
import { Button, Layout, Menu, type MenuProps, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { api } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { useI18n } from '../i18n.tsx';
import { ADMIN_PAGES, PAGES, PATHS, type PageKey, REGISTRY_PAGES, RESIDENT_PAGES, roleLabel } from '../roles.ts';

export function Shell() {
  const { t, lang, setLang } = useI18n();
  const { session, logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [demo, setDemo] = useState(false);
  useEffect(() => {
    api
      .get<{ registry: { demo?: boolean } | null }>('/api/info')
      .then((i) => setDemo(i.registry?.demo === true))
      .catch(() => setDemo(false));
  }, []);
  if (!session) return null;
  const { user } = session;
  const pages = PAGES[user.role];
  const item = (key: PageKey) => ({ key: PATHS[key], label: t(key) });
  const registry = pages.filter((p): p is (typeof REGISTRY_PAGES)[number] => (REGISTRY_PAGES as readonly string[]).includes(p));
  const items: MenuProps['items'] = [
    ...pages.filter((p) => p === 'workbench' || p === 'cases').map(item),
    ...(registry.length ? [{ key: 'registry', label: t('registry'), children: registry.map(item) }] : []),
    ...pages.filter((p) => p === 'budgets' || p === 'batches' || p === 'audit' || p === 'dashboards').map(item),
    ...pages.filter((p) => ADMIN_PAGES.includes(p)).map(item),
    ...pages.filter((p) => RESIDENT_PAGES.includes(p)).map(item),
  ];
  const path = location.pathname;
  const selected = Object.values(PATHS)
    .filter((p) => (p === '/' ? path === '/' : path === p || path.startsWith(`${p}/`)))
    .sort((a, b) => b.length - a.length)[0];
  return (
    <Layout className="jb-shell">
      <Layout.Header className="jb-header">
        <div className="jb-brand">
          {t('appName')}
          <small>{t('appTitle')}</small>
          {demo && (
            <Tag color="orange" className="jb-demo">
              {t('demoNotice')}
            </Tag>
          )}
        </div>
        <div className="jb-user" data-testid="user">
          <span data-testid="user-name">{user.displayName ?? user.username}</span>
          <Tag color="blue" data-testid="user-role">
            {t(roleLabel(user.role))}
          </Tag>
          {user.organisation && <span>{user.organisation}</span>}
          <Button size="small" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} data-testid="lang-toggle">
            {t('language')}
          </Button>
          <Button size="small" onClick={() => logout().then(() => navigate('/login'))} data-testid="logout">
            {t('logout')}
          </Button>
        </div>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={200} className="jb-sider" breakpoint="lg" collapsedWidth={0}>
          <Menu
            mode="inline"
            items={items}
            selectedKeys={selected ? [selected] : []}
            defaultOpenKeys={['registry']}
            onClick={(e) => navigate(e.key)}
          />
        </Layout.Sider>
        <Layout.Content className="jb-content">
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
