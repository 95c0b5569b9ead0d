/**
 * The household's survey page (no login, outside the console's shell;
 * docs/domain.md "Surveys and complaints"): the printed QR code opens `/survey/{code}`; a household without a
 * camera types its code on `/survey`. It shows the compound, the question and the five levels the server defines, takes one answer,
 * then thanks. The server's refusals — an unknown code, a used one, a survey closed or not yet open — are
 * shown as a page of their own, in plain words. Made for a 390-pixel phone first.
 */
import { Alert, Button, Card, Form, Input, Radio, Result, Space, Typography } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, api, errorText } from '../api.ts';
import { type MessageKey, useI18n } from '../i18n.tsx';

type PublicSurvey = import('../../../src/service/surveys/surveys.ts').PublicSurvey;

/** The server's refusals of a code, as a page each: title, hint (the server's own words when they carry dates). */
const REFUSALS: Record<string, { status: 'warning' | 'info' | 'error'; title: MessageKey; hint?: MessageKey }> = {
  'survey.code_unknown': { status: 'error', title: 'svUnknown', hint: 'svUnknownHint' },
  'survey.code_used': { status: 'info', title: 'svUsed', hint: 'svUsedHint' },
  'survey.closed': { status: 'warning', title: 'svClosed' },
  'survey.not_open': { status: 'warning', title: 'svNotOpen' },
};

/** A code as a person may type it (spaces, dashes, lower case) in the form the URL carries. */
const tidy = (typed: string) => typed.replace(/[\s-]/g, '').toUpperCase().slice(0, 32);

function Frame({ children }: { children: ReactNode }) {
  const { t, lang, setLang } = useI18n();
  return (
    <div className="jb-public">
      <header className="jb-public-head">
        <span className="jb-brand">
          {t('appName')}
          <small>{t('svTitle')}</small>
        </span>
        <Button size="small" type="link" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} data-testid="lang-toggle">
          {t('language')}
        </Button>
      </header>
      <main className="jb-public-main jb-survey">{children}</main>
      <footer className="jb-public-foot">
        <Link to="/public">{t('svPublicLink')}</Link>
      </footer>
    </div>
  );
}

/** `/survey`: one field for the code on the card. */
function EnterCode({ initial }: { initial?: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Card title={t('svEnterCode')} data-testid="survey-enter">
      <Typography.Paragraph type="secondary">{t('svEnterHint')}</Typography.Paragraph>
      <Form
        layout="vertical"
        requiredMark={false}
        initialValues={{ code: initial ?? '' }}
        onFinish={(v: { code: string }) => navigate(`/survey/${encodeURIComponent(tidy(v.code))}`)}
      >
        <Form.Item
          name="code"
          label={t('svCode')}
          rules={[{ required: true, whitespace: true, message: t('required', { field: t('svCode') }) }]}
        >
          <Input size="large" maxLength={20} autoComplete="off" autoCapitalize="characters" className="jb-survey-code" />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" block>
          {t('svStart')}
        </Button>
      </Form>
    </Card>
  );
}

function Refused({ error }: { error: ApiError | string }) {
  const { t } = useI18n();
  const known = error instanceof ApiError ? REFUSALS[error.code] : undefined;
  const again = (
    <Link to="/survey" key="again">
      <Button>{t('svRetry')}</Button>
    </Link>
  );
  if (!known)
    return (
      <div data-testid="survey-error">
        <Alert type="error" showIcon message={typeof error === 'string' ? error : errorText(error)} />
        <div className="jb-survey-again">{again}</div>
      </div>
    );
  return (
    <div data-testid={`survey-refused-${(error as ApiError).code.replace('survey.', '')}`}>
      <Result
        status={known.status}
        title={t(known.title)}
        subTitle={known.hint ? t(known.hint) : (error as ApiError).message}
        extra={again}
      />
    </div>
  );
}

function Questionnaire({ code, survey, answered }: { code: string; survey: PublicSurvey; answered: () => void }) {
  const { t, lang } = useI18n();
  const [level, setLevel] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<ApiError | string | null>(null);
  if (refusal) return <Refused error={refusal} />;
  const submit = async () => {
    if (level === null) return;
    setBusy(true);
    try {
      await api.post('/api/public/survey/answer', { code, level });
      answered();
    } catch (e) {
      setRefusal(e instanceof ApiError && REFUSALS[e.code] ? e : errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card data-testid="survey-form">
      <Typography.Title level={4} className="jb-survey-compound" data-testid="survey-compound">
        {survey.compound}
      </Typography.Title>
      <Typography.Text type="secondary">
        {survey.community} · {t('svPeriod', { period: survey.period })}
        {survey.closesOn ? ` · ${t('svUntil', { date: survey.closesOn })}` : ''}
      </Typography.Text>
      <Typography.Paragraph strong className="jb-survey-title">
        {survey.title}
      </Typography.Paragraph>
      <Typography.Paragraph>{t('svQuestion')}</Typography.Paragraph>
      <Radio.Group value={level} onChange={(e) => setLevel(e.target.value as number)} className="jb-full" data-testid="survey-levels">
        <Space direction="vertical" className="jb-full">
          {survey.levels.map((l) => (
            <Radio key={l.level} value={l.level} className="jb-survey-level">
              {lang === 'zh' ? l.zh : l.en}
            </Radio>
          ))}
        </Space>
      </Radio.Group>
      <Button type="primary" size="large" block disabled={level === null} loading={busy} onClick={submit} className="jb-survey-submit">
        {level === null ? t('svPick') : t('svSubmit')}
      </Button>
    </Card>
  );
}

/** `/survey/:code`: the survey of that code, or why not. */
function Answer({ code }: { code: string }) {
  const { t, lang } = useI18n();
  const [state, setState] = useState<{ survey?: PublicSurvey; error?: ApiError | string } | null>(null);
  const [done, setDone] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the language is a reason to ask again (the server's messages)
  useEffect(() => {
    let live = true;
    setState(null);
    api
      .get<PublicSurvey>(`/api/public/survey/${encodeURIComponent(code)}`)
      .then((survey) => live && setState({ survey }))
      .catch((e) => live && setState({ error: e instanceof ApiError && REFUSALS[e.code] ? e : errorText(e) }));
    return () => {
      live = false;
    };
  }, [code, lang]);
  if (done)
    return (
      <div data-testid="survey-thanks">
        <Result
          status="success"
          title={t('svThanks')}
          subTitle={t('svThanksHint')}
          extra={
            <Link to="/survey">
              <Button>{t('svAnotherCode')}</Button>
            </Link>
          }
        />
      </div>
    );
  if (state === null) return <Card loading title={t('svLoading')} />;
  if (state.error) return <Refused error={state.error} />;
  return <Questionnaire code={code} survey={state.survey as PublicSurvey} answered={() => setDone(true)} />;
}

export default function SurveyAnswer() {
  const { code } = useParams();
  return <Frame>{code ? <Answer key={code} code={tidy(code)} /> : <EnterCode />}</Frame>;
}
