/**
 * 账户管理 (admin; GET/POST /api/users, …/:username/lock|unlock|reset-password): the accounts a page at a
 * time by role; a new account (the role, then its organisation picked from the registry's lists); lock,
 * unlock, and a password reset. A one-time password is shown once, in a dialog with a copy button and a
 * warning: the server keeps no clear copy and the user must change it at the next sign-in.
 */
import { Alert, App, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, api, errorText, qs, type Role } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { dateTime } from '../format.ts';
import { type MessageKey, useI18n } from '../i18n.tsx';
import { roleLabel } from '../roles.ts';
import { ErrorAlert, type Paging, pageQuery, useGet, usePager } from '../ui.tsx';

type UserView = import('../../../src/service/auth/users.ts').UserView;

const ROLES: Role[] = ['admin', 'auditor', 'bureau', 'finance', 'community', 'company', 'committee'];
/** Where a scoped role's organisation is picked from, and the code an account is bound by. */
const SCOPES: Partial<Record<Role, { path: string; label: MessageKey }>> = {
  community: { path: '/api/communities', label: 'accountScopeCommunity' },
  company: { path: '/api/companies', label: 'accountScopeCompany' },
  committee: { path: '/api/committees', label: 'accountScopeCommittee' },
};

interface Org {
  code: string;
  name?: string;
  uscc?: string | null;
  compoundName?: string;
}

/** A button of an account's row: the move, its question, its label. */
interface AccountMove {
  action: 'lock' | 'unlock' | 'reset-password';
  confirm: MessageKey;
  label: MessageKey;
  danger?: boolean;
  /** the administrator's own account: not to be locked */
  mine?: boolean;
}

/** A one-time password, answered once by the server. */
interface OneTime {
  username: string;
  password: string;
  title: string;
}

function ScopePicker({ role, value, onChange }: { role: Role | undefined; value?: string; onChange?: (v: string) => void }) {
  const { t } = useI18n();
  const scope = role ? SCOPES[role] : undefined;
  const { data, loading } = useGet<{ items: Org[] }>(scope ? `${scope.path}${qs({ limit: 200 })}` : null);
  if (!scope) return <Typography.Text type="secondary">{t('accountScopeNone')}</Typography.Text>;
  const options = (data?.items ?? []).map((o) => {
    const code = role === 'company' ? (o.uscc ?? o.code) : o.code;
    return { value: code, label: `${code} ${o.name ?? o.compoundName ?? ''}` };
  });
  return (
    <Select
      showSearch
      optionFilterProp="label"
      loading={loading}
      value={value}
      onChange={onChange}
      options={options}
      className="jb-wide-input"
      data-testid="account-scope"
    />
  );
}

function OneTimeDialog({ shown, onClose }: { shown: OneTime | null; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Modal
      open={shown !== null}
      title={shown?.title}
      closable={false}
      maskClosable={false}
      // the password leaves the page with the dialog, not kept in a hidden one
      destroyOnHidden
      footer={
        <Button type="primary" onClick={onClose} data-testid="onetime-close">
          {t('iHaveCopied')}
        </Button>
      }
    >
      {shown && (
        <div data-testid="onetime">
          <Alert type="warning" showIcon message={t('oneTimeWarning')} className="jb-filters" data-testid="onetime-warning" />
          <Typography.Text type="secondary">
            {t('username')}：{shown.username} · {t('oneTimePassword')}
          </Typography.Text>
          <Typography.Paragraph
            className="jb-password"
            copyable={{ text: shown.password, tooltips: [t('copy'), t('copied')] }}
            data-testid="onetime-password"
          >
            {shown.password}
          </Typography.Paragraph>
        </div>
      )}
    </Modal>
  );
}

function CreateDialog({ open, onClose, onMade }: { open: boolean; onClose: () => void; onMade: (o: OneTime) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ username: string; role: Role; scope?: string; displayName?: string }>();
  const role = Form.useWatch('role', form);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const made = await api.post<{ username: string; password: string }>('/api/users', {
        username: v.username.trim(),
        role: v.role,
        ...(v.scope ? { scope: v.scope } : {}),
        ...(v.displayName?.trim() ? { displayName: v.displayName.trim() } : {}),
      });
      form.resetFields();
      onMade({ ...made, title: t('accountCreated', { name: made.username }) });
    } catch (e) {
      setError(errorText(e));
      // the refusal names its field (`field`, or a problem's path `$.role`): shown under that input
      if (e instanceof ApiError) {
        const named = [
          ...(e.field ? [{ field: e.field, message: e.message }] : []),
          ...(e.problems ?? []).map((p) => ({ field: p.path.replace(/^\$\./, ''), message: p.message })),
        ].filter((x) => ['username', 'role', 'scope', 'displayName'].includes(x.field));
        form.setFields(named.map((x) => ({ name: x.field as 'username', errors: [x.message] })));
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('accountNew')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('save')}
      cancelText={t('cancel')}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'account-save' } as Record<`data-${string}`, string>}
    >
      <Form form={form} layout="vertical" data-testid="account-form" preserve={false}>
        <Form.Item
          name="username"
          label={t('username')}
          extra={t('usernameRule')}
          rules={[{ required: true, message: t('required', { field: t('username') }) }]}
        >
          <Input maxLength={64} autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t('displayName')}>
          <Input maxLength={100} autoComplete="off" />
        </Form.Item>
        <Form.Item name="role" label={t('accountRole')} rules={[{ required: true, message: t('required', { field: t('accountRole') }) }]}>
          <Select
            options={ROLES.map((r) => ({ value: r, label: t(roleLabel(r)) }))}
            onChange={() => form.setFieldValue('scope', undefined)}
            data-testid="account-role"
          />
        </Form.Item>
        <Form.Item
          name="scope"
          label={role && SCOPES[role] ? t(SCOPES[role].label) : t('accountScope')}
          rules={role && SCOPES[role] ? [{ required: true, message: t('required', { field: t('accountScope') }) }] : []}
        >
          <ScopePicker role={role} />
        </Form.Item>
      </Form>
      <ErrorAlert error={error} />
    </Modal>
  );
}

export default function Accounts() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { session } = useAuth();
  const [role, setRole] = useState<Role | undefined>(undefined);
  const [paging, setPaging] = useState<Paging>({ page: 1, size: 20 });
  const { data, error, loading, reload } = useGet<{ items: UserView[]; total: number }>(`/api/users${qs({ role, ...pageQuery(paging) })}`);
  const pager = usePager(data?.total, paging, setPaging);
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<OneTime | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  const act = async (u: UserView, action: 'lock' | 'unlock' | 'reset-password') => {
    setActionError(null);
    try {
      const answer = await api.post<{ password?: string }>(`/api/users/${encodeURIComponent(u.username)}/${action}`);
      if (action === 'reset-password' && answer.password)
        setShown({ username: u.username, password: answer.password, title: t('passwordReset', { name: u.username }) });
      else message.success(t(action === 'lock' ? 'lockedDone' : 'unlockedDone', { name: u.username }));
      reload();
    } catch (e) {
      setActionError(errorText(e));
    }
  };

  return (
    <div data-testid="accounts">
      <Typography.Title level={3}>{t('accounts')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('accountsHint')}</Typography.Paragraph>
      <Space className="jb-filters" wrap>
        {t('accountRole')}
        <Select
          allowClear
          className="jb-select"
          placeholder={t('all')}
          value={role}
          onChange={(r) => {
            setRole(r);
            setPaging((p) => ({ ...p, page: 1 }));
          }}
          options={ROLES.map((r) => ({ value: r, label: t(roleLabel(r)) }))}
          data-testid="accounts-role"
        />
        <Button type="primary" onClick={() => setCreating(true)} data-testid="account-new">
          {t('accountNew')}
        </Button>
      </Space>
      <ErrorAlert error={error ?? actionError} />
      <Table<UserView>
        rowKey="username"
        loading={loading}
        dataSource={data?.items ?? []}
        pagination={pager}
        data-testid="accounts-table"
        columns={[
          { title: t('username'), dataIndex: 'username' },
          { title: t('displayName'), dataIndex: 'displayName', render: (v: string | null) => v ?? '—' },
          { title: t('accountRole'), dataIndex: 'role', render: (r: Role) => t(roleLabel(r)) },
          { title: t('accountScope'), dataIndex: 'scope', render: (v: string | null) => v ?? '—' },
          {
            title: t('status'),
            key: 'status',
            render: (_, u) => (
              <Space size={4} wrap>
                {u.locked ? <Tag color="red">{t('accountLocked')}</Tag> : <Tag color="green">{t('accountActive')}</Tag>}
                {u.mustChangePassword && <Tag color="orange">{t('accountMustChange')}</Tag>}
              </Space>
            ),
          },
          { title: t('lastLogin'), dataIndex: 'lastLoginAt', render: (v: string | null) => dateTime(v) },
          {
            title: t('action'),
            key: 'actions',
            render: (_, u) => (
              <Space size={4} wrap data-testid={`account-actions-${u.username}`}>
                {(
                  [
                    u.locked
                      ? { action: 'unlock', confirm: 'unlockConfirm', label: 'unlock' }
                      : {
                          action: 'lock',
                          confirm: 'lockConfirm',
                          label: 'lock',
                          danger: true,
                          mine: u.username === session?.user.username,
                        },
                    { action: 'reset-password', confirm: 'resetConfirm', label: 'resetPassword' },
                  ] satisfies AccountMove[]
                ).map((b) => (
                  <Popconfirm
                    key={b.action}
                    title={t(b.confirm, { name: u.username })}
                    onConfirm={() => act(u, b.action)}
                    okText={t('ok')}
                    cancelText={t('cancel')}
                  >
                    <Button
                      size="small"
                      danger={b.danger}
                      disabled={b.mine}
                      data-testid={b.action === 'reset-password' ? 'account-reset' : `account-${b.action}`}
                    >
                      {t(b.label)}
                    </Button>
                  </Popconfirm>
                ))}
              </Space>
            ),
          },
        ]}
      />
      <CreateDialog
        open={creating}
        onClose={() => setCreating(false)}
        onMade={(o) => {
          setCreating(false);
          setShown(o);
          reload();
        }}
      />
      <OneTimeDialog shown={shown} onClose={() => setShown(null)} />
    </div>
  );
}
