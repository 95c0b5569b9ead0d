/**
 * The console's entry. The page's CSP allows styles from 'self' and from this answer's nonce only
 * (src/server/console.ts); the nonce is in <meta property="csp-nonce">. Ant Design's CSS-in-JS gets it
 * through ConfigProvider `csp`; a few helpers underneath (the scroll lock of a modal or drawer) create
 * their <style> without asking, so every <style> element made by the console's own code gets it too.
 * Markup injected as HTML never passes here, so it still cannot style or script anything.
 */
import { createElement as h, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import './app.css';

const nonce = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce ?? '';
if (nonce) {
  const create = document.createElement.bind(document);
  document.createElement = ((tag: string, options?: ElementCreationOptions) => {
    const el = create(tag, options);
    if (tag.toLowerCase() === 'style') el.setAttribute('nonce', nonce);
    return el;
  }) as typeof document.createElement;
}

const root = document.getElementById('root');
if (root) createRoot(root).render(h(StrictMode, null, h(App, { nonce })));
